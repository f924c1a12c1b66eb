// The one contract between whoever dispatches the receptionist (inbound
// dispatch rule, outbound call placement, the dashboard's browser test call)
// and the agent worker that reads `ctx.job.metadata`. Versioned so a worker
// can tell "written by a newer deployment" from "malformed"; every writer goes
// through encodeJobMetadata and the worker through parseJobMetadata.
import { z } from "zod";

export const JOB_METADATA_VERSION = 1;

const id = z.string().min(1).max(100);
const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, "must be E.164");
const version = z.literal(JOB_METADATA_VERSION);

/** Set on the number's dispatch rule: a caller dialed one of the tenant's numbers. */
const inboundJobMetadataSchema = z.object({
  v: version,
  kind: z.literal("inbound"),
  tenantId: id,
  /** null when the number had no agent when its dispatch rule was written. */
  agentId: id.nullable(),
  phoneNumberId: id,
});

/** Set by outbound placement: the Call row already exists (callId). */
const outboundJobMetadataSchema = z.object({
  v: version,
  kind: z.literal("outbound"),
  tenantId: id,
  agentId: id,
  phoneNumberId: id,
  callId: id,
  to: e164,
  participantIdentity: z.string().min(1).max(256),
});

/** The dashboard's browser test call: no phone number; never billed. */
const testCallJobMetadataSchema = z.object({
  v: version,
  kind: z.literal("test"),
  tenantId: id,
  agentId: id,
});

export const jobMetadataSchema = z.discriminatedUnion("kind", [
  inboundJobMetadataSchema,
  outboundJobMetadataSchema,
  testCallJobMetadataSchema,
]);
export type JobMetadata = z.infer<typeof jobMetadataSchema>;
export type InboundJobMetadata = Extract<JobMetadata, { kind: "inbound" }>;
export type OutboundJobMetadata = Extract<JobMetadata, { kind: "outbound" }>;
export type TestCallJobMetadata = Extract<JobMetadata, { kind: "test" }>;

/** Why a job's metadata could not be used (the worker logs it and falls back to the dialed number). */
export class JobMetadataError extends Error {
  constructor(
    readonly problem: "not_json" | "unknown_version" | "invalid",
    message: string,
  ) {
    super(message);
    this.name = "JobMetadataError";
  }
}

/** What a writer supplies: one kind's fields, without the version. */
export type JobMetadataInput = JobMetadata extends infer M ? (M extends JobMetadata ? Omit<M, "v"> : never) : never;

/** Validates and serializes metadata for a dispatch (writers never hand-build the JSON). */
export function encodeJobMetadata(m: JobMetadataInput): string {
  return JSON.stringify(jobMetadataSchema.parse({ ...m, v: JOB_METADATA_VERSION }));
}

/** null for empty metadata; throws JobMetadataError (naming the field) when unusable. */
export function parseJobMetadata(raw: string | undefined | null): JobMetadata | null {
  if (!raw || raw.trim() === "") return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new JobMetadataError("not_json", "job metadata: not JSON");
  }
  const v = typeof json === "object" && json !== null ? (json as { v?: unknown }).v : undefined;
  if (v !== JOB_METADATA_VERSION) {
    throw new JobMetadataError("unknown_version", `job metadata: unknown version ${JSON.stringify(v ?? null)}`);
  }
  const parsed = jobMetadataSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new JobMetadataError(
      "invalid",
      `job metadata.${issue?.path.join(".") || "?"}: ${issue?.message ?? "invalid"}`,
    );
  }
  return parsed.data;
}

/**
 * Which audio path the caller is on: "phone" (a SIP leg through livekit-sip:
 * 8 kHz G.711 or 16 kHz G.722 from the carrier) or "browser" (the dashboard's
 * test call: wideband Opus from a microphone). From the metadata's kind; with
 * no usable metadata, a participant that carries SIP attributes is a phone leg.
 */
export type CallLeg = "phone" | "browser";
export function callLegOf(meta: Pick<JobMetadata, "kind"> | null, participantIsSip: boolean): CallLeg {
  if (meta) return meta.kind === "test" ? "browser" : "phone";
  return participantIsSip ? "phone" : "browser";
}
