// The one owner of agent rules: what a valid agent is (agentSettingsSchema),
// and creating, updating and archiving one, each audited. The dashboard's
// actions and the public API (/api/v1/agents) both call these, so an agent the
// API accepts is one the dashboard accepts and the other way round.
// The rules are the dashboard's (the stricter of the two that existed).
import { keypadMenuSchema, weeklyScheduleSchema } from "@articulate/calls";
import { DomainError, InputError } from "@articulate/core";
import { type AgentModel, type AuditActorType, Prisma, type TenantDb, writeAudit } from "@articulate/db";
import { toE164 } from "@articulate/telephony";
import { z } from "zod";
import { HOLIDAY_REGIONS, isValidTimezone } from "@/lib/timezones";
import { agentDataFromTemplate } from "./templates";

export const AGENT_LANGUAGES = ["en-AU", "en-US", "en-GB", "en-NZ"] as const;
const holidayRegions = HOLIDAY_REGIONS.map((r) => r.value).filter((v) => v !== "");

const phoneNumber = z
  .string()
  .trim()
  .max(30, "Enter a valid phone number, e.g. 02 5550 1234")
  .transform((v, ctx) => {
    const e164 = toE164(v);
    if (!e164) ctx.addIssue({ code: "custom", message: "Enter a valid phone number, e.g. 02 5550 1234" });
    return e164 ?? v;
  });

/** Every agent setting and its rule. Messages are for the business owner. */
export const agentSettingsFields = {
  name: z.string().trim().min(2, "Give the agent a name (2+ characters)").max(60, "Use at most 60 characters"),
  template: z.enum(["RECEPTIONIST", "AFTER_HOURS", "APPOINTMENTS", "CUSTOM"], { message: "Choose a template" }),
  greeting: z
    .string()
    .trim()
    .min(5, "Write the first sentence callers hear")
    .max(500, "Keep the greeting under 500 characters"),
  instructions: z
    .string()
    .trim()
    .min(20, "Describe what the agent should do (20+ characters)")
    .max(8000, "Keep instructions under 8,000 characters"),
  language: z.enum(AGENT_LANGUAGES, { message: "Choose a language" }),
  voice: z.string().trim().min(1, "Choose a voice").max(60),
  sttModel: z.string().trim().min(3, "Enter a speech-to-text model, e.g. deepgram/nova-3").max(80),
  llmModel: z.string().trim().min(3, "Enter a language model, e.g. openai/gpt-4.1-mini").max(80),
  ttsModel: z.string().trim().min(3, "Enter a text-to-speech model, e.g. deepgram/aura-2").max(80),
  businessHours: weeklyScheduleSchema.nullable().describe("Open intervals per weekday; null = always open"),
  callingHours: weeklyScheduleSchema.nullable().describe("Outbound calling window; null = business hours"),
  timezone: z.string().max(64).refine(isValidTimezone, "Choose a valid timezone, such as Australia/Sydney"),
  holidayRegion: z
    .string()
    .refine((r) => holidayRegions.includes(r), "Choose a holiday region, such as AU-NSW")
    .nullable(),
  afterHoursBehaviour: z.enum(["TAKE_MESSAGE", "ANNOUNCE_HOURS", "TRANSFER"], {
    message: "Choose what happens after hours",
  }),
  afterHoursMessage: z.string().trim().max(500, "Keep it under 500 characters").nullable(),
  transferNumber: phoneNumber.nullable(),
  maxCallSeconds: z
    .number({ message: "Enter a number of seconds" })
    .int("Use whole seconds")
    .min(60, "At least 1 minute")
    .max(3600, "At most 60 minutes"),
  aiDisclosure: z.boolean(),
  recordingEnabled: z.boolean(),
  keypadMenu: keypadMenuSchema
    .nullable()
    .describe("Keypad (DTMF) menu: what each key does (transfer, message, repeat, say a line); null = none"),
  /** #15: days a recording is kept before the nightly purge deletes it. */
  recordingRetentionDays: z
    .number({ message: "Enter a number of days" })
    .int("Use whole days")
    .min(1, "Keep recordings for at least 1 day")
    .max(365, "Recordings can be kept for at most 365 days"),
};

const agentSettingsObject = z.object(agentSettingsFields);
export type AgentSettings = z.output<typeof agentSettingsObject>;
export type AgentSettingsInput = z.input<typeof agentSettingsObject>;

/** Rules across fields, checked on the agent as it will be stored (after a partial update is merged). */
function crossFieldRules(a: AgentSettings, ctx: z.RefinementCtx): void {
  if (a.afterHoursBehaviour === "TRANSFER" && !a.transferNumber) {
    ctx.addIssue({ code: "custom", path: ["transferNumber"], message: "After-hours transfer needs a transfer number" });
  }
  if (a.keypadMenu?.enabled && !a.transferNumber) {
    const key = Object.entries(a.keypadMenu.options).find(([, o]) => o?.action === "transfer")?.[0];
    if (key) {
      ctx.addIssue({
        code: "custom",
        path: ["transferNumber"],
        message: `Key ${key} transfers callers: add a transfer number`,
      });
    }
  }
}

export const agentSettingsSchema = agentSettingsObject.superRefine(crossFieldRules);

/** The settings of a stored agent, in the shape the schema validates (for merging a partial update). */
function storedSettings(a: AgentModel): AgentSettingsInput {
  return {
    name: a.name,
    template: a.template,
    greeting: a.greeting,
    instructions: a.instructions,
    language: a.language as AgentSettingsInput["language"],
    voice: a.voice,
    sttModel: a.sttModel,
    llmModel: a.llmModel,
    ttsModel: a.ttsModel,
    businessHours: (a.businessHours as AgentSettingsInput["businessHours"]) ?? null,
    callingHours: (a.callingHours as AgentSettingsInput["callingHours"]) ?? null,
    timezone: a.timezone,
    holidayRegion: a.holidayRegion,
    afterHoursBehaviour: a.afterHoursBehaviour,
    afterHoursMessage: a.afterHoursMessage,
    transferNumber: a.transferNumber,
    maxCallSeconds: a.maxCallSeconds,
    aiDisclosure: a.aiDisclosure,
    recordingEnabled: a.recordingEnabled,
    keypadMenu: keypadMenuSchema.safeParse(a.keypadMenu).data ?? null,
    recordingRetentionDays: a.recordingRetentionDays,
  };
}

export class AgentNotFoundError extends DomainError {
  constructor() {
    super("not_found", "Agent was not found");
  }
}

export class AgentInUseError extends DomainError {
  constructor(readonly routedNumbers: number) {
    super(
      "agent_in_use",
      `This agent still answers ${routedNumbers} phone number(s). Assign them to another agent first.`,
      { routedNumbers },
    );
  }
}

export interface AgentWriteContext {
  db: TenantDb;
  tenantId: string;
  actor: { actorType: Extract<AuditActorType, "user" | "api_key">; actorId: string };
}

const agentChangesSchema = agentSettingsObject.partial();

/** The caller's fields, each against its rule (errors name the caller's own field). */
function validateChanges(changes: unknown): Partial<AgentSettings> {
  const parsed = agentChangesSchema.safeParse(changes);
  if (!parsed.success) throw InputError.fromZod(parsed.error);
  return parsed.data;
}

/** The whole agent as it will be stored, cross-field rules included. */
function validateWhole(settings: AgentSettingsInput): AgentSettings {
  const parsed = agentSettingsSchema.safeParse(settings);
  if (!parsed.success) throw InputError.fromZod(parsed.error);
  return parsed.data;
}

/** Json columns: "always open" / "same as business hours" are stored as SQL NULL. */
function toRow(s: Partial<AgentSettings>) {
  const { businessHours, callingHours, keypadMenu, ...rest } = s;
  return {
    ...rest,
    ...(keypadMenu !== undefined ? { keypadMenu: keypadMenu ?? Prisma.DbNull } : {}),
    ...(businessHours !== undefined ? { businessHours: businessHours ?? Prisma.DbNull } : {}),
    ...(callingHours !== undefined ? { callingHours: callingHours ?? Prisma.DbNull } : {}),
  };
}

/**
 * Creates an agent: the template's settings (RECEPTIONIST by default) and the
 * column defaults, with the caller's choices on top; the agent as stored must
 * pass every rule or nothing is written.
 */
export async function createAgent(
  ctx: AgentWriteContext,
  business: { name: string; timezone: string },
  choices: Partial<AgentSettingsInput> = {},
): Promise<AgentModel> {
  const given = validateChanges(choices);
  const template = given.template && given.template !== "CUSTOM" ? given.template : "RECEPTIONIST";
  const fromTemplate = agentDataFromTemplate(template, business.name, business.timezone);
  return ctx.db.$transaction(async (tx) => {
    const agent = await tx.agent.create({
      data: {
        ...toRow({ ...fromTemplate, ...given }),
        tenantId: ctx.tenantId,
        name: given.name ?? fromTemplate.name,
        greeting: given.greeting ?? fromTemplate.greeting,
        instructions: given.instructions ?? fromTemplate.instructions,
      },
    });
    const settings = validateWhole(storedSettings(agent));
    await writeAudit(tx, {
      tenantId: ctx.tenantId,
      ...ctx.actor,
      action: "agent.created",
      targetType: "Agent",
      targetId: agent.id,
      data: { template: settings.template },
    });
    return agent;
  });
}

/** Changes some settings; the agent as it will be stored must pass every rule (cross-field ones too). */
export async function updateAgent(
  ctx: AgentWriteContext,
  agentId: string,
  changes: Partial<AgentSettingsInput>,
): Promise<AgentModel> {
  return ctx.db.$transaction(async (tx) => {
    const current = await tx.agent.findFirst({ where: { id: agentId, archivedAt: null } });
    if (!current) throw new AgentNotFoundError();
    const given = validateChanges(changes);
    validateWhole({ ...storedSettings(current), ...given });
    const updated = await tx.agent.update({ where: { id: agentId, tenantId: ctx.tenantId }, data: toRow(given) });
    await writeAudit(tx, {
      tenantId: ctx.tenantId,
      ...ctx.actor,
      action: "agent.updated",
      targetType: "Agent",
      targetId: agentId,
      data: { fields: Object.keys(changes) },
    });
    return updated;
  });
}

/** Archives the agent (call history keeps pointing at it); refused while numbers still route to it. */
export async function archiveAgent(ctx: AgentWriteContext, agentId: string): Promise<void> {
  await ctx.db.$transaction(async (tx) => {
    const agent = await tx.agent.findFirst({ where: { id: agentId, archivedAt: null }, select: { id: true } });
    if (!agent) throw new AgentNotFoundError();
    const routed = await tx.phoneNumber.count({ where: { agentId, status: { not: "RELEASED" } } });
    if (routed > 0) throw new AgentInUseError(routed);
    await tx.agent.updateMany({ where: { id: agentId }, data: { archivedAt: new Date() } });
    await writeAudit(tx, {
      tenantId: ctx.tenantId,
      ...ctx.actor,
      action: "agent.archived",
      targetType: "Agent",
      targetId: agentId,
    });
  });
}
