// The tenant resources the public API reads and writes. Every query goes through
// the key's tenant-scoped client; another tenant's id reads as "not found".
import { getCurrentPlan, getUsageSummary } from "@articulate/billing";
import { CallInputError, keypadMenuSchema, MessageNotFoundError, updateMessage } from "@articulate/calls";
import { getCallWithTranscript, listTenantCalls, listTenantMessages, type Prisma, type TenantDb } from "@articulate/db";
import { recordingPlayback } from "@articulate/recordings";
import { webhookMessage } from "@articulate/webhooks";
import type { z } from "zod";
import { type AgentWriteContext, createAgent, updateAgent } from "@/modules/agents/lib/agents";
import { recordingStorageClient } from "@/modules/recordings/lib/storage";
import { ApiError, notFound, validationError } from "./errors";
import type {
  accountUsageSchema,
  agentCreateSchema,
  agentSchema,
  agentUpdateSchema,
  callDetailSchema,
  callSchema,
  listCallsQuerySchema,
  listMessagesQuerySchema,
  messageSchema,
  messageUpdateRequestSchema,
  phoneNumberSchema,
  recordingLinkSchema,
} from "./schemas";

type ApiCall = z.infer<typeof callSchema>;
type ApiAgent = z.infer<typeof agentSchema>;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

interface CallRow {
  id: string;
  direction: ApiCall["direction"];
  status: ApiCall["status"];
  fromNumber: string;
  toNumber: string;
  agentId: string | null;
  phoneNumberId: string | null;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  endReason: string | null;
  billableSeconds: number;
  billableMinutes: number;
  priceMinor: number;
  outcome: ApiCall["outcome"];
}

export function toApiCall(c: CallRow): ApiCall {
  return {
    id: c.id,
    direction: c.direction,
    status: c.status,
    from: c.fromNumber,
    to: c.toNumber,
    agentId: c.agentId,
    phoneNumberId: c.phoneNumberId,
    startedAt: c.startedAt.toISOString(),
    answeredAt: iso(c.answeredAt),
    endedAt: iso(c.endedAt),
    endReason: c.endReason,
    billableSeconds: c.billableSeconds,
    billableMinutes: c.billableMinutes,
    priceMinor: c.priceMinor,
    outcome: c.outcome,
  };
}

export async function listCallsForApi(tenantId: string, q: z.output<typeof listCallsQuerySchema>) {
  const page = await listTenantCalls(tenantId, {
    limit: q.limit,
    after: q.after,
    direction: q.direction,
    status: q.status,
    agentId: q.agentId,
    phoneNumberId: q.phoneNumberId,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
  });
  return { data: page.items.map(toApiCall), nextCursor: page.nextCursor };
}

/** A fresh playback link for the tenant's call; 404 naming why there is none (another tenant's call is not_found). */
export async function getCallRecordingForApi(
  tenantId: string,
  callId: string,
): Promise<z.infer<typeof recordingLinkSchema>> {
  const r = await recordingPlayback({ tenantId, callId, storage: recordingStorageClient() });
  if (!r.ok) {
    if (r.reason === "not_found") throw notFound("Call");
    if (r.reason === "disabled") throw new ApiError(503, "internal_error", r.message, { reason: r.reason });
    throw new ApiError(404, "not_found", r.message, { reason: r.reason });
  }
  return {
    callId,
    url: r.url,
    expiresAt: r.expiresAt.toISOString(),
    durationMs: r.durationMs,
    sizeBytes: r.sizeBytes,
  };
}

export async function getCallForApi(tenantId: string, callId: string): Promise<z.infer<typeof callDetailSchema>> {
  const call = await getCallWithTranscript(tenantId, callId);
  if (!call) throw notFound("Call");
  return {
    ...toApiCall(call),
    analysisStatus: call.analysisStatus,
    summary: call.summary,
    transcript: call.segments.map((s) => ({
      sequence: s.sequence,
      speaker: s.speaker,
      text: s.text,
      startMs: s.startMs,
      endMs: s.endMs,
    })),
    messages: call.messages.map((m) => ({
      id: m.id,
      callerName: m.callerName,
      callbackNumber: m.callbackNumber,
      reason: m.reason,
      urgency: m.urgency,
      status: m.status,
      createdAt: m.createdAt.toISOString(),
    })),
  };
}

// ── agents ────────────────────────────────────────────────────────────────
type AgentRow = Prisma.AgentGetPayload<object>;

export function toApiAgent(a: AgentRow): ApiAgent {
  return {
    id: a.id,
    name: a.name,
    template: a.template,
    greeting: a.greeting,
    instructions: a.instructions,
    language: a.language,
    voice: a.voice,
    sttModel: a.sttModel,
    llmModel: a.llmModel,
    ttsModel: a.ttsModel,
    businessHours: (a.businessHours as ApiAgent["businessHours"]) ?? null,
    keypadMenu: keypadMenuSchema.safeParse(a.keypadMenu).data ?? null,
    callingHours: (a.callingHours as ApiAgent["callingHours"]) ?? null,
    timezone: a.timezone,
    holidayRegion: a.holidayRegion,
    afterHoursBehaviour: a.afterHoursBehaviour,
    afterHoursMessage: a.afterHoursMessage,
    transferNumber: a.transferNumber,
    maxCallSeconds: a.maxCallSeconds,
    aiDisclosure: a.aiDisclosure,
    recordingRetentionDays: a.recordingRetentionDays,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

export async function listAgentsForApi(tdb: TenantDb) {
  const rows = await tdb.agent.findMany({ where: { archivedAt: null }, orderBy: { createdAt: "asc" } });
  return { data: rows.map(toApiAgent) };
}

export async function getAgentForApi(tdb: TenantDb, agentId: string) {
  const row = await tdb.agent.findFirst({ where: { id: agentId, archivedAt: null } });
  if (!row) throw notFound("Agent");
  return toApiAgent(row);
}

export async function createAgentForApi(
  ctx: AgentWriteContext,
  tenant: { name: string; timezone: string },
  input: z.output<typeof agentCreateSchema>,
) {
  return toApiAgent(await createAgent(ctx, tenant, input));
}

export async function updateAgentForApi(
  ctx: AgentWriteContext,
  agentId: string,
  input: z.output<typeof agentUpdateSchema>,
) {
  return toApiAgent(await updateAgent(ctx, agentId, input));
}

// ── numbers and messages ────────────────────────────────────────────────────
export async function listNumbersForApi(tdb: TenantDb): Promise<{ data: z.infer<typeof phoneNumberSchema>[] }> {
  const rows = await tdb.phoneNumber.findMany({
    where: { status: { not: "RELEASED" } },
    orderBy: { createdAt: "asc" },
  });
  return {
    data: rows.map((n) => ({
      id: n.id,
      e164: n.e164,
      country: n.country,
      numberType: n.numberType,
      provider: n.provider,
      status: n.status,
      agentId: n.agentId,
      label: n.label,
      createdAt: n.createdAt.toISOString(),
    })),
  };
}

export async function listMessagesForApi(tenantId: string, q: z.output<typeof listMessagesQuerySchema>) {
  const page = await listTenantMessages(tenantId, {
    limit: q.limit,
    after: q.after,
    status: q.status,
    urgency: q.urgency,
    assigneeId: q.assigneeId,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
  });
  return { data: page.items.map(webhookMessage), nextCursor: page.nextCursor };
}

export async function getMessageForApi(tdb: TenantDb, messageId: string): Promise<z.infer<typeof messageSchema>> {
  const message = await tdb.message.findFirst({ where: { id: messageId } });
  if (!message) throw notFound("Message");
  return webhookMessage(message);
}

export async function updateMessageForApi(
  tenantId: string,
  messageId: string,
  input: z.output<typeof messageUpdateRequestSchema>,
  apiKeyId: string,
): Promise<z.infer<typeof messageSchema>> {
  try {
    return webhookMessage(await updateMessage(tenantId, messageId, input, { type: "api_key", id: apiKeyId }));
  } catch (err) {
    if (err instanceof MessageNotFoundError) throw notFound("Message");
    if (err instanceof CallInputError) {
      throw validationError([{ field: err.field, message: err.message.replace(`${err.field}: `, "") }]);
    }
    throw err;
  }
}

/** GET /account/usage: the current plan (one definition, @articulate/billing) and the period's rated usage. */
export async function accountUsageForApi(tenantId: string): Promise<z.infer<typeof accountUsageSchema>> {
  const [plan, usage] = await Promise.all([getCurrentPlan(tenantId), getUsageSummary(tenantId)]);
  return {
    plan: {
      tier: plan.plan,
      kind: plan.kind,
      billed: plan.billed,
      subscriptionStatus: plan.subscriptionStatus,
      label: plan.label,
      detail: plan.detail,
    },
    period: { start: usage.period.start.toISOString(), end: usage.period.end.toISOString() },
    currency: "AUD",
    includedMinutes: usage.includedMinutes,
    minutesUsed: usage.minutesUsed,
    calls: usage.calls,
    overageMinutes: usage.overageMinutes,
    overageMinor: usage.overageMinor,
    projected: { minutes: usage.projected.minutes, overageMinor: usage.projected.overageMinor },
  };
}
