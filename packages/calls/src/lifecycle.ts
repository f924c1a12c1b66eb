// The Call row's lifecycle: created when the worker takes the job, answered
// when the caller's audio is live, finalized exactly once by whichever of the
// worker or LiveKit's webhook gets there first. Finalization claims the row
// with a conditional UPDATE (finalizedBy IS NULL) inside the same transaction
// that writes the UsageRecord, so racing finalizers serialize on the row lock
// and only the first one bills.
import { recordCallUsage, type UsageRules } from "@articulate/billing";
import { billingRules } from "@articulate/config";
import { InputError } from "@articulate/core";
import {
  type CallModel as Call,
  CallDirection,
  CallEndReason,
  type CallStatus,
  FinalizedBy,
  forTenant,
  Prisma,
  platformDb,
  rollUpFinishedCall,
  type TenantTx,
} from "@articulate/db";
import {
  callEndedEventData,
  callStartedEventData,
  callTranscriptCompletedEventData,
  enqueueTenantEvent,
} from "@articulate/webhooks";
import { z } from "zod";

/** Bad call input; the message starts with the field's name. */
export class CallInputError extends InputError {
  constructor(field: string, message: string) {
    super(field, `${field}: ${message}`);
  }
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CallInputError(issue?.path.join(".") || "input", issue?.message ?? "invalid");
  }
  return parsed.data;
}

const id = z.string().min(1).max(64);

const startCallSchema = z.object({
  tenantId: id,
  roomName: z.string().min(1).max(256),
  direction: z.enum(CallDirection),
  fromNumber: z.string().max(64),
  toNumber: z.string().max(64),
  agentId: id.nullish(),
  phoneNumberId: id.nullish(),
  sipCallId: z.string().max(128).nullish(),
  participantIdentity: z.string().max(256).nullish(),
  /** For outbound calls created by the API before dispatch. */
  callId: id.optional(),
  /** A test call (browser chat or voice, simulate-call): listed, never billed. */
  isTest: z.boolean().optional(),
  startedAt: z.date().optional(),
});
export type StartCallInput = z.input<typeof startCallSchema>;

/** The row and its call.started webhook (outbox), written in the caller's transaction. */
async function insertCall(tx: TenantTx, i: z.output<typeof startCallSchema>): Promise<Call> {
  const created = await tx.call.create({
    data: {
      ...(i.callId ? { id: i.callId } : {}),
      tenantId: i.tenantId,
      roomName: i.roomName,
      direction: i.direction,
      fromNumber: i.fromNumber,
      toNumber: i.toNumber,
      agentId: i.agentId ?? null,
      phoneNumberId: i.phoneNumberId ?? null,
      sipCallId: i.sipCallId ?? null,
      participantIdentity: i.participantIdentity ?? null,
      isTest: i.isTest ?? false,
      status: "RINGING",
      ...(i.startedAt ? { startedAt: i.startedAt } : {}),
    },
  });
  await enqueueTenantEvent(tx, i.tenantId, "call.started", callStartedEventData(created));
  return created;
}

/**
 * Creates the call's row at job start, or returns the existing one for this
 * room (a job retried by LiveKit, or an outbound call the API created first).
 * A room already owned by another tenant is refused, never adopted.
 * With `tx` (a transaction of forTenant(input.tenantId)) the row joins that
 * transaction, e.g. outbound placement's admission under the tenant's lock;
 * a duplicate room then fails the caller's transaction instead of being adopted.
 */
export async function startCall(input: StartCallInput, opts: { tx?: TenantTx } = {}): Promise<Call> {
  const i = parseInput(startCallSchema, input);
  if (opts.tx) return insertCall(opts.tx, i);
  const tdb = forTenant(i.tenantId);
  // Insert first (the common case, one round trip); a retried job hits the unique room name.
  try {
    return await tdb.$transaction((tx) => insertCall(tx, i));
  } catch (err) {
    // A retried job, or two starts racing: read the row that won.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      const row = await tdb.call.findFirst({ where: { roomName: i.roomName } });
      if (row) return row;
      throw new CallInputError("roomName", "room belongs to another tenant");
    }
    throw err;
  }
}

const disclosureSchema = z.object({ tenantId: id, callId: id, finishedAt: z.date() });

/** Evidence that the opening line (AI disclosure, recording notice) played in full. First write wins. */
export async function markDisclosureFinished(input: z.input<typeof disclosureSchema>): Promise<boolean> {
  const i = parseInput(disclosureSchema, input);
  const r = await forTenant(i.tenantId).call.updateMany({
    where: { id: i.callId, disclosureFinishedAt: null },
    data: { disclosureFinishedAt: i.finishedAt },
  });
  return r.count === 1;
}

const bandwidthSchema = z.object({ tenantId: id, callId: id, bandwidth: z.enum(["NARROWBAND", "WIDEBAND"]) });

/**
 * The caller's audio bandwidth as the worker measured it from their voice (LiveKit does not report the codec a
 * SIP call negotiated). First reading wins.
 */
export async function recordAudioBandwidth(input: z.input<typeof bandwidthSchema>): Promise<boolean> {
  const i = parseInput(bandwidthSchema, input);
  const r = await forTenant(i.tenantId).call.updateMany({
    where: { id: i.callId, audioBandwidth: null },
    data: { audioBandwidth: i.bandwidth },
  });
  return r.count === 1;
}

const answeredSchema = z.object({
  tenantId: id,
  callId: id,
  answeredAt: z.date().optional(),
  sipCallId: z.string().max(128).nullish(),
  participantIdentity: z.string().max(256).nullish(),
});

/** Sets answeredAt once (the first answer wins); no-op on a finalized call. Returns whether it changed. */
export async function markCallAnswered(input: z.input<typeof answeredSchema>): Promise<boolean> {
  const i = parseInput(answeredSchema, input);
  const r = await forTenant(i.tenantId).call.updateMany({
    where: { id: i.callId, answeredAt: null, finalizedBy: null },
    data: {
      answeredAt: i.answeredAt ?? new Date(),
      status: "IN_PROGRESS",
      ...(i.sipCallId ? { sipCallId: i.sipCallId } : {}),
      ...(i.participantIdentity ? { participantIdentity: i.participantIdentity } : {}),
    },
  });
  return r.count === 1;
}

const finalizeSchema = z
  .object({
    roomName: z.string().min(1).max(256).optional(),
    callId: id.optional(),
    /** Required with callId from the worker; the webhook resolves by room name. */
    tenantId: id.optional(),
    endReason: z.enum(CallEndReason),
    endedAt: z.date().optional(),
    finalizedBy: z.enum(FinalizedBy),
    /** From the worker, after its transcript drained: segments it could not store. */
    transcriptUnwritten: z.number().int().min(0).optional(),
  })
  .refine((v) => v.roomName !== undefined || v.callId !== undefined, {
    path: ["callId"],
    message: "roomName or callId is required",
  });
export type FinalizeCallInput = z.input<typeof finalizeSchema>;

export type FinalizeCallResult =
  | { outcome: "finalized"; call: Call; usageRecordId: string | null }
  | { outcome: "already_finalized"; call: Call }
  | { outcome: "not_found" };

function statusFor(reason: CallEndReason, answered: boolean): CallStatus {
  if (reason === "NO_ANSWER" || reason === "BUSY" || reason === "DECLINED") return reason;
  // Refused by the tenant's block list: never answered, shown as "Blocked" (endReason).
  if (reason === "BLOCKED") return "DECLINED";
  if (answered) return "COMPLETED";
  return reason === "ERROR" || reason === "WORKER_LOST" ? "FAILED" : "NO_ANSWER";
}

/**
 * The follow-up to a call.ended that LiveKit's webhook sent with an incomplete
 * transcript: once the worker has drained, records what was lost on the call and
 * sends call.transcript_completed with the whole stored transcript. Only for
 * calls finalized by the webhook; at most once per call.
 */
export async function completeTranscript(input: {
  tenantId: string;
  callId: string;
  transcriptUnwritten: number;
}): Promise<boolean> {
  const i = parseInput(z.object({ tenantId: id, callId: id, transcriptUnwritten: z.number().int().min(0) }), input);
  return forTenant(i.tenantId).$transaction(async (tx) => {
    // The claim: only the first completion matches transcriptCompletedAt = null (the row lock serializes racers).
    const claimed = await tx.call.updateMany({
      where: { id: i.callId, tenantId: i.tenantId, finalizedBy: "WEBHOOK", transcriptCompletedAt: null },
      data: { transcriptUnwritten: i.transcriptUnwritten, transcriptCompletedAt: new Date() },
    });
    if (claimed.count !== 1) return false;
    const segments = await tx.transcriptSegment.findMany({
      where: { callId: i.callId, tenantId: i.tenantId },
      orderBy: { sequence: "asc" },
      select: { sequence: true, speaker: true, text: true, startMs: true, endMs: true },
    });
    await enqueueTenantEvent(
      tx,
      i.tenantId,
      "call.transcript_completed",
      callTranscriptCompletedEventData(i.callId, segments, i.transcriptUnwritten),
    );
    return true;
  });
}

/**
 * The end time to bill to: never earlier than the answer plus the last spoken
 * segment's end; when LiveKit's webhook finalizes (its event time has whole
 * seconds only, and the worker is gone), never earlier than the last
 * transcript write either (the room's last known activity).
 */
function bestEndTime(
  reported: Date,
  answeredAt: Date | null,
  last: { endMs: number | null; createdAt: Date | null },
  finalizedBy: FinalizedBy,
): Date {
  let best = reported.getTime();
  if (answeredAt && last.endMs !== null) best = Math.max(best, answeredAt.getTime() + last.endMs);
  if (finalizedBy === "WEBHOOK" && last.createdAt) best = Math.max(best, last.createdAt.getTime());
  return new Date(best);
}

/**
 * Ends a call exactly once: status, end time and reason, billable seconds and
 * minutes, price and platform cost, and its one UsageRecord, in one
 * transaction. Safe to call from the worker and the webhook at the same time,
 * and again afterwards: later calls return `already_finalized` unchanged.
 */
export async function finalizeCall(
  input: FinalizeCallInput,
  opts: { rules?: UsageRules } = {},
): Promise<FinalizeCallResult> {
  const i = parseInput(finalizeSchema, input);
  const rules = opts.rules ?? billingRules();
  const where: Prisma.CallWhereInput = i.callId ? { id: i.callId } : { roomName: i.roomName };
  if (i.tenantId) where.tenantId = i.tenantId;
  if (i.callId && i.roomName) where.roomName = i.roomName;

  // Resolving a room name to its call is cross-tenant by nature (the webhook
  // knows only the room); every write below is keyed by the row's own tenant.
  return platformDb().$transaction(async (tx) => {
    const current = await tx.call.findFirst({
      where,
      select: { id: true, tenantId: true, answeredAt: true, startedAt: true },
    });
    if (!current) return { outcome: "not_found" as const };
    const spoken = await tx.transcriptSegment.aggregate({
      where: { callId: current.id, tenantId: current.tenantId },
      _count: { _all: true },
      _max: { endMs: true, createdAt: true },
    });
    // Anything said on the call means it was answered, even if the answer's own write was lost.
    const answeredAt = current.answeredAt ?? (spoken._count._all > 0 ? current.startedAt : null);
    const endedAt = bestEndTime(i.endedAt ?? new Date(), answeredAt, spoken._max, i.finalizedBy);
    // The claim: only the first finalizer matches finalizedBy = null; a racing
    // one blocks on the row lock here and then matches nothing.
    const claimed = await tx.call.updateManyAndReturn({
      where: { id: current.id, tenantId: current.tenantId, finalizedBy: null },
      data: {
        finalizedBy: i.finalizedBy,
        endReason: i.endReason,
        answeredAt,
        // An end before the answer (clock skew between webhook and worker) is clamped.
        endedAt: answeredAt && endedAt < answeredAt ? answeredAt : endedAt,
        transcriptUnwritten: i.transcriptUnwritten ?? 0,
      },
    });
    const row = claimed[0];
    if (!row) {
      const call = await tx.call.findFirstOrThrow({ where: { id: current.id, tenantId: current.tenantId } });
      return { outcome: "already_finalized" as const, call };
    }
    const ended = row.endedAt ?? endedAt;
    const provider = row.phoneNumberId
      ? ((
          await tx.phoneNumber.findFirst({
            where: { id: row.phoneNumberId, tenantId: row.tenantId },
            select: { provider: true },
          })
        )?.provider ?? null)
      : null;
    const usage = await recordCallUsage(
      tx,
      {
        id: row.id,
        tenantId: row.tenantId,
        direction: row.direction,
        answeredAt: row.answeredAt,
        endedAt: ended,
        provider,
        endReason: row.endReason,
        isTest: row.isTest,
      },
      rules,
    );
    const call = await tx.call.update({
      where: { id: row.id, tenantId: row.tenantId },
      data: {
        status: statusFor(i.endReason, row.answeredAt !== null),
        billableSeconds: usage.seconds,
        billableMinutes: usage.minutes,
        priceMinor: usage.priceMinor,
        platformCostMinor: usage.platformCostMinor,
        unbilledReason: usage.unbilledReason,
      },
    });
    // The overview's analytics (calls, answered, blocked per local hour) move with the call.
    await rollUpFinishedCall(tx, call.id);
    const segments = await tx.transcriptSegment.findMany({
      where: { callId: call.id, tenantId: call.tenantId },
      orderBy: { sequence: "asc" },
      select: { sequence: true, speaker: true, text: true, startMs: true, endMs: true },
    });
    const transcriptComplete = i.finalizedBy === "WORKER" && i.transcriptUnwritten === 0;
    await enqueueTenantEvent(tx, call.tenantId, "call.ended", callEndedEventData(call, segments, transcriptComplete));
    return { outcome: "finalized" as const, call, usageRecordId: usage.usageRecordId };
  });
}
