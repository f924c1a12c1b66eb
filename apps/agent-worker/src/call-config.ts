// What the worker needs to answer one call: the job metadata (validated), the
// agent's configuration and the tenant's status, resolved in one query.
import { forTenant, type InboundAgentConfig, type InboundCallConfig, loadInboundCallConfig } from "@articulate/db";
import { type JobMetadata, normalizeDialedNumber, parseJobMetadata } from "@articulate/telephony";
import type { Logger } from "./log";

/**
 * The job's metadata through the one contract; unusable metadata (unknown
 * version, malformed) is logged with the job id and ignored, so the call is
 * resolved from the dialed number as before.
 */
export function readJobMetadata(raw: string | undefined, jobId: string, log: Logger): JobMetadata | null {
  try {
    return parseJobMetadata(raw);
  } catch (err) {
    log.error("invalid job metadata; resolving from the dialed number", { err, jobId });
    return null;
  }
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
  meta: (Pick<JobMetadata, "tenantId"> & { kind?: JobMetadata["kind"]; agentId?: string | null }) | null,
  dialedNumber: string | undefined,
): Promise<CallConfig> {
  if (dialedNumber && meta?.kind !== "outbound") {
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
