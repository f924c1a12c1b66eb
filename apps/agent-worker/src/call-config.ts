// What the worker needs to answer one call: the job metadata (validated), the
// agent's configuration and the tenant's status, resolved in one query.
import { forTenant, type InboundAgentConfig, type InboundCallConfig, loadInboundCallConfig } from "@articulate/db";
import { normalizeDialedNumber } from "@articulate/telephony";
import { z } from "zod";

const id = z.string().min(1).max(64);
const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, "must be E.164");

/** Inbound dispatch metadata (set on the dispatch rule) or the browser test call's. */
const inboundMetadataSchema = z.object({
  direction: z.literal("inbound").optional(),
  tenantId: id,
  /** null when the number had no agent when its dispatch rule was written. */
  agentId: id.nullish(),
  phoneNumberId: id.nullish(),
});
/** Outbound dispatch metadata (set by the API that placed the call). */
const outboundMetadataSchema = z.object({
  direction: z.literal("outbound"),
  tenantId: id,
  agentId: id,
  phoneNumberId: id.optional(),
  callId: id,
  to: e164,
  from: e164.optional(),
  participantIdentity: z.string().min(1).max(256).optional(),
});
export const jobMetadataSchema = z.union([outboundMetadataSchema, inboundMetadataSchema]);
export type JobMetadata = z.infer<typeof jobMetadataSchema>;

export class JobMetadataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JobMetadataError";
  }
}

/** null for empty metadata (resolve from the dialed number); throws naming the field when malformed. */
export function parseJobMetadata(raw: string | undefined | null): JobMetadata | null {
  if (!raw || raw.trim() === "") return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new JobMetadataError("job metadata: not JSON");
  }
  const parsed = jobMetadataSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new JobMetadataError(`job metadata.${issue?.path.join(".") || "?"}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

export interface CallConfig {
  tenant: InboundCallConfig["tenant"];
  agent: InboundAgentConfig;
  /** null for browser test calls (no phone number involved). */
  phoneNumber: InboundCallConfig["phoneNumber"] | null;
}

export class CallConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CallConfigError";
  }
}

/**
 * Resolves the call's configuration: by the dialed number when the SIP leg
 * tells us (cross-checked against the metadata's tenant), else by the
 * metadata's agent (browser test calls, outbound calls).
 */
export async function resolveCallConfig(
  meta: JobMetadata | null,
  dialedNumber: string | undefined,
): Promise<CallConfig> {
  if (dialedNumber && meta?.direction !== "outbound") {
    const cfg = await loadInboundCallConfig(normalizeDialedNumber(dialedNumber) ?? "");
    if (!cfg) throw new CallConfigError(`no active number ${dialedNumber}`);
    if (meta && meta.tenantId !== cfg.tenant.id)
      throw new CallConfigError("job metadata tenant does not own the dialed number");
    if (!cfg.agent) throw new CallConfigError(`number ${dialedNumber} has no agent assigned`);
    return { tenant: cfg.tenant, agent: cfg.agent, phoneNumber: cfg.phoneNumber };
  }
  if (!meta?.agentId)
    throw new CallConfigError("no dialed number (sip.trunkPhoneNumber) and no agentId in the job metadata");
  return loadAgentCallConfig(meta.tenantId, meta.agentId);
}

/** One query: the tenant's agent joined with its tenant. */
export async function loadAgentCallConfig(tenantId: string, agentId: string): Promise<CallConfig> {
  const a = await forTenant(tenantId).agent.findFirst({
    where: { id: agentId, archivedAt: null },
    include: { tenant: true },
  });
  if (!a) throw new CallConfigError(`agent ${agentId} not found for tenant ${tenantId}`);
  const { tenant: t, archivedAt: _archived, createdAt: _created, ...agent } = a;
  return {
    agent,
    phoneNumber: null,
    tenant: {
      id: t.id,
      slug: t.slug,
      name: t.name,
      status: t.status,
      suspendedReason: t.suspendedReason,
      plan: t.plan,
      timezone: t.timezone,
      concurrencyCap: t.concurrencyCap,
      hardCapMinutes: t.hardCapMinutes,
      overCapBehaviour: t.overCapBehaviour,
    },
  };
}
