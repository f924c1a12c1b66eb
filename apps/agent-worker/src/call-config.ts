// What the worker needs to answer one call: the job metadata (validated), the
// agent's configuration and the tenant's status, resolved in one query. The
// configuration's shape and the by-agent load are @articulate/calls' (the text chat uses them too).
import { type CallConfig, CallConfigError, loadAgentCallConfig } from "@articulate/calls";
import { loadInboundCallConfig } from "@articulate/db";
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

export { type CallConfig, CallConfigError, loadAgentCallConfig };
