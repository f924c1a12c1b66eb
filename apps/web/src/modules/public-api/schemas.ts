// Zod schemas of the public API: requests are validated with them, responses
// are built to them, and the OpenAPI document is generated from them.

import { messageUpdateSchema, weeklyScheduleSchema } from "@articulate/calls";
import { undiallableReason } from "@articulate/telephony";
import { webhookCallSchema, webhookMessageSchema, webhookTranscriptTurnSchema } from "@articulate/webhooks";
import { z } from "zod";
import { agentSettingsFields } from "@/modules/agents/lib/agents";

export const apiSchemas = z.registry<{ id: string }>();
const isoTime = z.iso.datetime({ offset: true });
const id = z.string().min(1).max(64);
const E164 = /^\+[1-9]\d{6,14}$/;
export const e164Schema = z.string().regex(E164, "must be an E.164 number such as +61255501234");

const named = <S extends z.ZodType>(name: string, schema: S): S => {
  apiSchemas.add(schema, { id: name });
  return schema;
};

// ── calls ────────────────────────────────────────────────────────────────
// A call and its transcript turns have one public shape: the API returns what
// webhooks send (@articulate/webhooks), plus the call's price and outcome.
export const callSchema = named(
  "Call",
  webhookCallSchema.extend({
    priceMinor: z.number().int().describe("Overage charged for this call, AUD cents"),
    outcome: z.enum(["RESOLVED", "MESSAGE_TAKEN", "TRANSFERRED", "SPAM", "ABANDONED", "OTHER"]).nullable(),
  }),
);

export const transcriptTurnSchema = named("TranscriptTurn", webhookTranscriptTurnSchema);

// A message has one public shape too: what `message.taken` / `message.updated` carry.
export const messageSchema = named("Message", webhookMessageSchema);

export const messageUpdateRequestSchema = named("MessageUpdate", messageUpdateSchema);

export const callDetailSchema = named(
  "CallDetail",
  callSchema.extend({
    analysisStatus: z.enum(["PENDING", "ANALYSED", "NOT_ANALYSED", "FAILED"]),
    summary: z.string().nullable(),
    transcript: z.array(transcriptTurnSchema),
    messages: z.array(
      messageSchema.pick({
        id: true,
        callerName: true,
        callbackNumber: true,
        reason: true,
        urgency: true,
        status: true,
        createdAt: true,
      }),
    ),
  }),
);

const limit = z.coerce.number().int().min(1).max(100).default(25);
const cursor = z.string().min(1).max(256).optional().describe("nextCursor from the previous page");

export const listCallsQuerySchema = z
  .object({
    limit,
    after: cursor,
    direction: z.enum(["INBOUND", "OUTBOUND"]).optional(),
    status: callSchema.shape.status.optional(),
    agentId: id.optional(),
    phoneNumberId: id.optional(),
    from: isoTime.optional().describe("Calls started at or after this time"),
    to: isoTime.optional().describe("Calls started before this time"),
  })
  .strict();

export const callPageSchema = named(
  "CallPage",
  z.object({ data: z.array(callSchema), nextCursor: z.string().nullable() }),
);

export const outboundCallRequestSchema = named(
  "OutboundCallRequest",
  z
    .object({
      agentId: id.describe("One of your agents; it speaks once the callee answers"),
      fromNumberId: id.describe("One of your active phone numbers, used as caller id"),
      to: e164Schema
        .superRefine((v, ctx) => {
          if (!E164.test(v)) return; // already reported by the format check
          const reason = undiallableReason(v);
          if (reason) ctx.addIssue({ code: "custom", message: reason });
        })
        .describe("The number to call, E.164 (premium-rate numbers are refused)"),
      dtmf: z
        .string()
        .regex(/^[0-9*#w]{1,64}$/, "must be keypad digits 0-9, * and #, with w for a half-second pause")
        .optional()
        .describe("Keys pressed once the call is answered (an extension or a phone-menu path), e.g. 'ww123#'"),
    })
    .strict(),
);

// ── agents ───────────────────────────────────────────────────────────────
// The rules are the agents module's (the dashboard uses the same ones); the API
// only chooses which settings it exposes (recording is not in the API yet).
export const weeklyHoursSchema = named(
  "WeeklyHours",
  weeklyScheduleSchema.describe("Open intervals per weekday in the agent's timezone; null = always open"),
);

const { recordingEnabled: _notInApi, ...apiAgentSettings } = agentSettingsFields;
const agentFields = {
  ...apiAgentSettings,
  businessHours: weeklyHoursSchema.nullable(),
  callingHours: weeklyHoursSchema.nullable().describe("Outbound calling window; null = business hours"),
  transferNumber: agentSettingsFields.transferNumber.describe(
    "Where calls are transferred; E.164 or an Australian number as dialled",
  ),
};

export const agentSchema = named(
  "Agent",
  // language as stored: agents written before the language list existed may hold another tag.
  z.object({ id: z.string(), ...agentFields, language: z.string(), createdAt: isoTime, updatedAt: isoTime }),
);

export const agentCreateSchema = named(
  "AgentCreate",
  z.object(agentFields).partial().required({ name: true, greeting: true, instructions: true }).strict(),
);
export const agentUpdateSchema = named(
  "AgentUpdate",
  z
    .object(agentFields)
    .partial()
    .strict()
    .refine((o) => Object.keys(o).length > 0, "send at least one field to change"),
);
export const agentListSchema = named("AgentList", z.object({ data: z.array(agentSchema) }));

// ── numbers and messages ───────────────────────────────────────────────────
export const phoneNumberSchema = named(
  "PhoneNumber",
  z.object({
    id: z.string(),
    e164: z.string(),
    country: z.string(),
    numberType: z.enum(["LOCAL", "MOBILE", "TOLL_FREE"]),
    provider: z.enum(["TELNYX", "TWILIO", "LIVEKIT", "BYO"]),
    status: z.enum(["PROVISIONING", "ACTIVE", "FAILED", "RELEASING", "RELEASED"]),
    agentId: z.string().nullable(),
    label: z.string().nullable(),
    createdAt: isoTime,
  }),
);
export const phoneNumberListSchema = named("PhoneNumberList", z.object({ data: z.array(phoneNumberSchema) }));

// ── account ────────────────────────────────────────────────────────────────
/** The current plan: the one definition the billing page, overview and admin use (@articulate/billing getCurrentPlan). */
export const currentPlanSchema = named(
  "CurrentPlan",
  z.object({
    tier: z.enum(["TRIAL", "STARTER", "PROFESSIONAL", "ENTERPRISE"]).describe("The plan whose terms rate usage"),
    kind: z.enum(["trial", "paid"]).describe("paid: billed through a subscription; trial: nothing is charged"),
    billed: z.boolean(),
    subscriptionStatus: z
      .enum(["NONE", "TRIALING", "INCOMPLETE", "ACTIVE", "PAST_DUE", "UNPAID", "CANCELED"])
      .nullable(),
    label: z.string().describe('e.g. "Starter", "Free trial"'),
    detail: z.string().describe('e.g. "Subscription active"'),
  }),
);
export const accountUsageSchema = named(
  "AccountUsage",
  z.object({
    plan: currentPlanSchema,
    period: z.object({ start: isoTime, end: isoTime }),
    currency: z.literal("AUD"),
    includedMinutes: z.number().int(),
    minutesUsed: z.number().int(),
    calls: z.number().int().describe("Billed calls this period (test, blocked and short calls are not billed)"),
    overageMinutes: z.number().int(),
    overageMinor: z.number().int().describe("Overage so far, in cents"),
    projected: z.object({ minutes: z.number().int(), overageMinor: z.number().int() }),
  }),
);

export const listMessagesQuerySchema = z
  .object({
    limit,
    after: cursor,
    status: messageSchema.shape.status.optional(),
    urgency: messageSchema.shape.urgency.optional(),
    assigneeId: id.optional().describe('A member\'s user id, or "none" for unassigned'),
    from: isoTime.optional().describe("Messages taken at or after this time"),
    to: isoTime.optional().describe("Messages taken before this time"),
  })
  .strict();
export const messagePageSchema = named(
  "MessagePage",
  z.object({ data: z.array(messageSchema), nextCursor: z.string().nullable() }),
);

/** #15: a fresh, short-lived link to a call's recording. */
export const recordingLinkSchema = named(
  "RecordingLink",
  z.object({
    callId: z.string(),
    url: z.string().describe("Presigned URL, valid for a few minutes; supports HTTP Range"),
    expiresAt: isoTime,
    durationMs: z.number().int().nullable(),
    sizeBytes: z.number().int().nullable(),
  }),
);
