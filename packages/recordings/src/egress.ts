// Recording a call with LiveKit Egress: an audio-only room composite (caller
// and agent mixed, no Chrome) written as OGG/Opus straight to the recordings
// bucket. Started once the call is answered; it ends by itself when the room
// does. The Call row follows the egress through its signed webhooks
// (egress_started / egress_updated / egress_ended), applied idempotently and
// out of order safely: a status only ever moves forward, so a late ACTIVE
// after COMPLETE or a duplicate egress_ended changes nothing.
// Nothing here may break a call: every failure becomes recordingState FAILED
// with its reason, never an exception to the caller.
import type { RecordingStorageConfig } from "@articulate/config";
import { forTenant, type Prisma, platformDb, type RecordingState } from "@articulate/db";
import { enqueueTenantEvent, recordingReadyEventData } from "@articulate/webhooks";
import {
  EgressClient,
  type EgressInfo,
  EgressStatus,
  EncodedFileOutput,
  EncodedFileType,
  S3Upload,
} from "livekit-server-sdk";
import { recordingObjectKey } from "./storage";

export interface LiveKitCredentials {
  url: string;
  apiKey: string;
  apiSecret: string;
}

export interface RecordingLog {
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
}

const silent: RecordingLog = { info: () => undefined, warn: () => undefined };

/** Egress statuses ranked by progress: terminal ones outrank everything. */
function rank(status: number | null): number {
  if (status === null) return -1;
  if (status === EgressStatus.EGRESS_STARTING) return 0;
  if (status === EgressStatus.EGRESS_ACTIVE) return 1;
  if (status === EgressStatus.EGRESS_ENDING) return 2;
  return 3;
}

const NOT_TERMINAL = [EgressStatus.EGRESS_STARTING, EgressStatus.EGRESS_ACTIVE, EgressStatus.EGRESS_ENDING];

/** Statuses an update with this status may overwrite (strictly lower rank). */
function overwritable(status: number): number[] {
  return NOT_TERMINAL.filter((s) => rank(s) < rank(status));
}

export type StartRecordingResult =
  | { outcome: "started"; egressId: string }
  | { outcome: "skipped"; reason: "disabled" | "not_configured" | "not_answered" | "already_started" | "no_call" }
  | { outcome: "failed"; reason: string };

/**
 * Starts recording an answered call when its agent has recordings on. Call it
 * once the call is answered (the worker does, for conversations only: refused
 * calls are never recorded). Never throws.
 */
export async function startCallRecording(input: {
  tenantId: string;
  callId: string;
  livekit: LiveKitCredentials | null;
  storage: RecordingStorageConfig | null;
  log?: RecordingLog;
}): Promise<StartRecordingResult> {
  const log = input.log ?? silent;
  try {
    const tdb = forTenant(input.tenantId);
    const call = await tdb.call.findFirst({
      where: { id: input.callId },
      select: {
        id: true,
        roomName: true,
        answeredAt: true,
        startedAt: true,
        recordingState: true,
        agent: { select: { recordingEnabled: true } },
      },
    });
    if (!call) return { outcome: "skipped", reason: "no_call" };
    if (!call.agent?.recordingEnabled) return { outcome: "skipped", reason: "disabled" };
    if (call.recordingState !== "NONE") return { outcome: "skipped", reason: "already_started" };
    if (!input.livekit || !input.storage) {
      // The editor does not offer recordings without storage; an agent switched on earlier is told why here.
      await markFailed(input.tenantId, call.id, "Recording storage is not configured on this server");
      return { outcome: "skipped", reason: "not_configured" };
    }
    const key = recordingObjectKey(input.tenantId, call.id, call.answeredAt ?? call.startedAt);
    const s = input.storage;
    const output = new EncodedFileOutput({
      fileType: EncodedFileType.OGG,
      filepath: key,
      disableManifest: true,
      output: {
        case: "s3",
        value: new S3Upload({
          accessKey: s.accessKeyId,
          secret: s.secretAccessKey,
          region: s.region,
          endpoint: s.endpoint ?? "",
          bucket: s.bucket,
          forcePathStyle: s.forcePathStyle,
        }),
      },
    });
    // Claim the row before the request so a second start (retried job) does nothing.
    const claimed = await tdb.call.updateMany({
      where: { id: call.id, recordingState: "NONE" },
      data: { recordingState: "RECORDING", recordingKey: key },
    });
    if (claimed.count === 0) return { outcome: "skipped", reason: "already_started" };
    let info: EgressInfo;
    try {
      const egress = new EgressClient(input.livekit.url, input.livekit.apiKey, input.livekit.apiSecret, {
        requestTimeout: 10,
      });
      // Audio only, no layout: egress mixes the room without Chrome.
      info = await egress.startRoomCompositeEgress(call.roomName, { file: output }, { audioOnly: true });
    } catch (err) {
      const reason = `Recording could not start: ${err instanceof Error ? err.message : String(err)}`;
      await markFailed(input.tenantId, call.id, reason);
      log.warn("recording not started", { callId: call.id, err });
      return { outcome: "failed", reason };
    }
    await applyEgressInfo(info, { callId: call.id, tenantId: input.tenantId });
    log.info("recording started", { callId: call.id, egressId: info.egressId });
    return { outcome: "started", egressId: info.egressId };
  } catch (err) {
    log.warn("recording start failed", { callId: input.callId, err });
    return { outcome: "failed", reason: err instanceof Error ? err.message : String(err) };
  }
}

async function markFailed(tenantId: string, callId: string, reason: string): Promise<void> {
  await forTenant(tenantId).call.updateMany({
    where: { id: callId, recordingState: { in: ["NONE", "RECORDING", "PROCESSING"] } },
    data: { recordingState: "FAILED", recordingError: reason.slice(0, 500) },
  });
}

export type EgressEventOutcome = "applied" | "stale" | "no_call" | "deleted";

const nsToMs = (ns: bigint) => Number(ns / 1_000_000n);

/**
 * Applies one EgressInfo (from a webhook or a Start/List response) to its call.
 * The call is found by egress id, or, for an egress_started that overtook the
 * start response, by room name while the row has no egress id yet.
 */
export async function applyEgressInfo(
  info: EgressInfo,
  known?: { callId: string; tenantId: string },
): Promise<{ outcome: EgressEventOutcome; callId?: string }> {
  // platformDb(): LiveKit egress webhook in: the egress id leads to the call and its tenant.
  const pdb = platformDb();
  // Resolving an egress to its call is cross-tenant by nature (LiveKit knows only
  // the egress and room); every write below is keyed by the row's own tenant.
  const call =
    (known
      ? await pdb.call.findFirst({ where: { id: known.callId, tenantId: known.tenantId } })
      : await pdb.call.findUnique({ where: { recordingEgressId: info.egressId } })) ??
    (info.roomName ? await pdb.call.findFirst({ where: { roomName: info.roomName, recordingEgressId: null } }) : null);
  if (!call) return { outcome: "no_call" };
  if (call.recordingState === "DELETED") return { outcome: "deleted", callId: call.id };
  if (call.recordingEgressId && call.recordingEgressId !== info.egressId) return { outcome: "stale", callId: call.id };

  const status = info.status;
  const file = info.fileResults[0];
  let state: RecordingState;
  const data: Prisma.CallUncheckedUpdateManyInput = {};
  if (status === EgressStatus.EGRESS_STARTING || status === EgressStatus.EGRESS_ACTIVE) {
    state = "RECORDING";
  } else if (status === EgressStatus.EGRESS_ENDING) {
    state = "PROCESSING";
  } else if (
    (status === EgressStatus.EGRESS_COMPLETE || status === EgressStatus.EGRESS_LIMIT_REACHED) &&
    file &&
    file.size > 0n
  ) {
    state = "READY";
    const retention = call.agentId
      ? ((
          await pdb.agent.findFirst({
            where: { id: call.agentId, tenantId: call.tenantId },
            select: { recordingRetentionDays: true },
          })
        )?.recordingRetentionDays ?? 30)
      : 30;
    const readyAt = info.endedAt > 0n ? new Date(nsToMs(info.endedAt)) : new Date();
    // The file name is the object key egress wrote (never parse `location`).
    data.recordingKey = file.filename || call.recordingKey;
    data.recordingSizeBytes = file.size;
    data.recordingDurationMs = nsToMs(file.duration);
    data.recordingExpiresAt = new Date(readyAt.getTime() + retention * 86_400_000);
    data.recordingError = null;
  } else {
    state = "FAILED";
    data.recordingError = (info.error || `Recording ended without a file (${EgressStatus[status] ?? status})`).slice(
      0,
      500,
    );
  }

  return pdb.$transaction(async (tx) => {
    const updated = await tx.call.updateManyAndReturn({
      where: {
        id: call.id,
        tenantId: call.tenantId,
        recordingState: { not: "DELETED" },
        OR: [{ recordingEgressStatus: null }, { recordingEgressStatus: { in: overwritable(status) } }],
        AND: [{ OR: [{ recordingEgressId: null }, { recordingEgressId: info.egressId }] }],
      },
      data: { ...data, recordingState: state, recordingEgressId: info.egressId, recordingEgressStatus: status },
    });
    const row = updated[0];
    if (!row) return { outcome: "stale" as const, callId: call.id };
    if (state === "READY") {
      await enqueueTenantEvent(tx, row.tenantId, "recording.ready", recordingReadyEventData(row));
    }
    return { outcome: "applied" as const, callId: call.id };
  });
}

export const EGRESS_WEBHOOK_EVENTS = ["egress_started", "egress_updated", "egress_ended"] as const;
