// What owners and the platform do with stored recordings: play one (a
// short-lived presigned URL), delete one, honour a caller's privacy request
// (all their recordings, transcripts and messages), purge expired ones, and
// count the storage used. Objects are deleted before rows are marked, so a
// storage failure leaves the row as it was and the next attempt retries it.
import { forTenant, platformDb, type RecordingState, writeAudit } from "@articulate/db";
import type { RecordingStorage } from "./storage";

export interface RecordingActor {
  type: "user" | "api_key" | "system";
  id: string | null;
}

export type PlaybackResult =
  | { ok: true; url: string; expiresAt: Date; durationMs: number | null; sizeBytes: number | null }
  | {
      ok: false;
      reason: "not_found" | "disabled" | "none" | "recording" | "processing" | "failed" | "deleted";
      message: string;
    };

const NOT_READY_MESSAGES: Record<Exclude<RecordingState, "READY">, string> = {
  NONE: "This call was not recorded.",
  RECORDING: "The call is still being recorded.",
  PROCESSING: "The recording is being processed; it will be ready in a moment.",
  FAILED: "The recording failed.",
  DELETED: "The recording was deleted.",
};

/** A fresh playback URL for a tenant's call, or why there is none. Another tenant's call is not_found. */
export async function recordingPlayback(input: {
  tenantId: string;
  callId: string;
  storage: RecordingStorage | null;
  download?: boolean;
}): Promise<PlaybackResult> {
  const call = await forTenant(input.tenantId).call.findFirst({
    where: { id: input.callId },
    select: {
      id: true,
      recordingState: true,
      recordingKey: true,
      recordingError: true,
      recordingDurationMs: true,
      recordingSizeBytes: true,
    },
  });
  if (!call) return { ok: false, reason: "not_found", message: "Call not found." };
  if (call.recordingState !== "READY" || !call.recordingKey) {
    const state = call.recordingState === "READY" ? "NONE" : call.recordingState;
    const message =
      state === "FAILED" && call.recordingError
        ? `The recording failed: ${call.recordingError}`
        : NOT_READY_MESSAGES[state];
    return { ok: false, reason: state.toLowerCase() as Lowercase<typeof state>, message };
  }
  if (!input.storage) return { ok: false, reason: "disabled", message: "Recording playback is not available." };
  const ttl = 300;
  const url = await input.storage.presignGet(call.recordingKey, {
    expiresIn: ttl,
    ...(input.download ? { downloadName: `call-${call.id}.ogg` } : {}),
  });
  return {
    ok: true,
    url,
    expiresAt: new Date(Date.now() + ttl * 1000),
    durationMs: call.recordingDurationMs,
    sizeBytes: call.recordingSizeBytes === null ? null : Number(call.recordingSizeBytes),
  };
}

/** Deletes one call's recording (object, then row state), audited. False when there was nothing to delete. */
export async function deleteRecording(input: {
  tenantId: string;
  callId: string;
  storage: RecordingStorage;
  actor: RecordingActor;
}): Promise<boolean> {
  const tdb = forTenant(input.tenantId);
  const call = await tdb.call.findFirst({
    where: { id: input.callId },
    select: { id: true, recordingKey: true, recordingState: true },
  });
  if (!call || call.recordingState === "DELETED" || call.recordingState === "NONE") return false;
  if (call.recordingKey) await input.storage.delete([call.recordingKey]);
  return tdb.$transaction(async (tx) => {
    const r = await tx.call.updateMany({
      where: { id: call.id, recordingState: { not: "DELETED" } },
      data: { recordingState: "DELETED", recordingDeletedAt: new Date(), recordingSizeBytes: null },
    });
    if (r.count === 0) return false;
    await writeAudit(tx, {
      tenantId: input.tenantId,
      actorType: input.actor.type,
      actorId: input.actor.id,
      action: "recording.deleted",
      targetType: "Call",
      targetId: call.id,
    });
    return true;
  });
}

export interface CallerDeletion {
  calls: number;
  recordings: number;
  transcriptSegments: number;
  messages: number;
}

/**
 * A caller's privacy request: every recording of calls with `callerNumber`
 * (E.164; inbound from it or outbound to it), their transcripts and call
 * summaries, and the messages taken on those calls or leaving that callback
 * number. Call metadata (time, duration, billing) stays. Audited with the
 * counts, not the number.
 */
export async function deleteCallerData(input: {
  tenantId: string;
  callerNumber: string;
  storage: RecordingStorage | null;
  actor: RecordingActor;
}): Promise<CallerDeletion> {
  const tdb = forTenant(input.tenantId);
  const calls = await tdb.call.findMany({
    where: {
      OR: [
        { direction: "INBOUND", fromNumber: input.callerNumber },
        { direction: "OUTBOUND", toNumber: input.callerNumber },
      ],
    },
    select: { id: true, recordingKey: true, recordingState: true },
  });
  const withObjects = calls.filter(
    (c) => c.recordingKey && c.recordingState !== "DELETED" && c.recordingState !== "NONE",
  );
  if (withObjects.length > 0) {
    if (!input.storage) throw new Error("recording storage is not configured: recordings cannot be deleted");
    await input.storage.delete(withObjects.map((c) => c.recordingKey as string));
  }
  const callIds = calls.map((c) => c.id);
  return tdb.$transaction(async (tx) => {
    const recordings = await tx.call.updateMany({
      where: { id: { in: withObjects.map((c) => c.id) }, recordingState: { not: "DELETED" } },
      data: { recordingState: "DELETED", recordingDeletedAt: new Date(), recordingSizeBytes: null },
    });
    const segments = await tx.transcriptSegment.deleteMany({ where: { callId: { in: callIds } } });
    await tx.call.updateMany({ where: { id: { in: callIds } }, data: { summary: null } });
    const messages = await tx.message.deleteMany({
      where: { OR: [{ callId: { in: callIds } }, { callbackNumber: input.callerNumber }] },
    });
    const result = {
      calls: calls.length,
      recordings: recordings.count,
      transcriptSegments: segments.count,
      messages: messages.count,
    };
    await writeAudit(tx, {
      tenantId: input.tenantId,
      actorType: input.actor.type,
      actorId: input.actor.id,
      action: "recording.caller_data_deleted",
      // The number itself is what was asked to be forgotten: keep only its last digits.
      data: { ...result, callerNumberEnding: input.callerNumber.slice(-3) },
    });
    return result;
  });
}

/**
 * The retention purge: deletes recordings whose agent's retention has passed
 * and marks them deleted, keeping the call. Idempotent and safe to run from
 * several processes (a row is marked only while still READY). Returns counts.
 */
export async function purgeExpiredRecordings(input: {
  storage: RecordingStorage;
  now?: Date;
  batchSize?: number;
}): Promise<{ deleted: number; failed: number }> {
  const now = input.now ?? new Date();
  // platformDb(): Nightly purge job: expired recordings across every tenant.
  const pdb = platformDb();
  let deleted = 0;
  let failed = 0;
  const failedIds = new Set<string>();
  for (;;) {
    // Purging is platform-wide by nature; each write is keyed by the row's tenant.
    const due = await pdb.call.findMany({
      where: { recordingState: "READY", recordingExpiresAt: { lte: now }, id: { notIn: [...failedIds] } },
      select: { id: true, tenantId: true, recordingKey: true },
      orderBy: { recordingExpiresAt: "asc" },
      take: input.batchSize ?? 200,
    });
    if (due.length === 0) break;
    for (const c of due) {
      try {
        if (c.recordingKey) await input.storage.delete([c.recordingKey]);
        const r = await pdb.call.updateMany({
          where: { id: c.id, tenantId: c.tenantId, recordingState: "READY" },
          data: { recordingState: "DELETED", recordingDeletedAt: now, recordingSizeBytes: null },
        });
        deleted += r.count;
      } catch {
        failed++;
        failedIds.add(c.id); // retried on the next run
      }
    }
  }
  return { deleted, failed };
}

/** Bytes of ready recordings a tenant stores. */
export async function storageUsedByTenant(tenantId: string): Promise<number> {
  const agg = await forTenant(tenantId).call.aggregate({
    where: { recordingState: "READY" },
    _sum: { recordingSizeBytes: true },
  });
  return Number(agg._sum.recordingSizeBytes ?? 0n);
}

/** Bytes of ready recordings per tenant (platform admin). */
export async function storageUsedPerTenant(): Promise<Map<string, number>> {
  // platformDb(): Platform admin: storage per tenant across every tenant.
  const rows = await platformDb().call.groupBy({
    by: ["tenantId"],
    where: { recordingState: "READY" },
    _sum: { recordingSizeBytes: true },
  });
  return new Map(rows.map((r) => [r.tenantId, Number(r._sum.recordingSizeBytes ?? 0n)]));
}
