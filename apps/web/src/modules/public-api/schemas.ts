// Zod schemas of the public API: requests are validated with them, responses
// are built to them, and the OpenAPI document is generated from them.
import { messageUpdateSchema } from "@articulate/calls";
import { webhookCallSchema, webhookMessageSchema, webhookTranscriptTurnSchema } from "@articulate/webhooks";
import { z } from "zod";

export const apiSchemas = z.registry<{ id: string }>();
const isoTime = z.iso.datetime({ offset: true });
const id = z.string().min(1).max(64);
export const e164Schema = z.string().regex(/^\+[1-9]\d{6,14}$/, "must be an E.164 number such as +61255501234");

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

export const listCallsQuerySchema = z.object({
  limit,
  after: cursor,
  direction: z.enum(["INBOUND", "OUTBOUND"]).optional(),
  status: callSchema.shape.status.optional(),
  agentId: id.optional(),
  phoneNumberId: id.optional(),
  from: isoTime.optional().describe("Calls started at or after this time"),
  to: isoTime.optional().describe("Calls started before this time"),
});

export const callPageSchema = named(
  "CallPage",
  z.object({ data: z.array(callSchema), nextCursor: z.string().nullable() }),
);

export const outboundCallRequestSchema = named(
  "OutboundCallRequest",
  z.object({
    agentId: id.describe("One of your agents; it speaks once the callee answers"),
    fromNumberId: id.describe("One of your active phone numbers, used as caller id"),
    to: e164Schema.describe("The number to call, E.164"),
  }),
);

// ── agents ───────────────────────────────────────────────────────────────
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "must be HH:MM");
const interval = z
  .object({ open: hhmm, close: hhmm })
  .refine((i) => i.open < i.close, { message: "close must be after open", path: ["close"] });
export const weeklyHoursSchema = named(
  "WeeklyHours",
  z
    .partialRecord(z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]), z.array(interval).max(6))
    .describe("Open intervals per weekday in the agent's timezone; null = always open"),
);

const timezone = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, "must be an IANA timezone such as Australia/Sydney");

const agentFields = {
  name: z.string().trim().min(1).max(80),
  template: z.enum(["RECEPTIONIST", "AFTER_HOURS", "APPOINTMENTS", "CUSTOM"]),
  greeting: z.string().trim().min(1).max(500),
  instructions: z.string().trim().min(1).max(8000),
  language: z.string().min(2).max(16),
  voice: z.string().min(1).max(64),
  sttModel: z.string().min(1).max(100),
  llmModel: z.string().min(1).max(100),
  ttsModel: z.string().min(1).max(100),
  businessHours: weeklyHoursSchema.nullable(),
  callingHours: weeklyHoursSchema.nullable().describe("Outbound calling window; null = business hours"),
  timezone,
  holidayRegion: z
    .string()
    .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, "must be a region such as AU-NSW")
    .nullable(),
  afterHoursBehaviour: z.enum(["TAKE_MESSAGE", "ANNOUNCE_HOURS", "TRANSFER"]),
  afterHoursMessage: z.string().trim().max(500).nullable(),
  transferNumber: e164Schema.nullable(),
  maxCallSeconds: z.number().int().min(60).max(3600),
  aiDisclosure: z.boolean(),
};

export const agentSchema = named(
  "Agent",
  z.object({ id: z.string(), ...agentFields, createdAt: isoTime, updatedAt: isoTime }),
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

export const listMessagesQuerySchema = z.object({
  limit,
  after: cursor,
  status: messageSchema.shape.status.optional(),
  urgency: messageSchema.shape.urgency.optional(),
  assigneeId: id.optional().describe('A member\'s user id, or "none" for unassigned'),
  from: isoTime.optional().describe("Messages taken at or after this time"),
  to: isoTime.optional().describe("Messages taken before this time"),
});
export const messagePageSchema = named(
  "MessagePage",
  z.object({ data: z.array(messageSchema), nextCursor: z.string().nullable() }),
);
