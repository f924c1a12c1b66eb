// LiveKit webhooks: the safety net for calls whose worker died. The worker
// normally finalizes its own call; if it did not, room_finished (everyone
// left) or participant_left for the SIP caller finalizes it here. Verified
// with the SDK's WebhookReceiver (JWT over the raw body's SHA-256),
// deduplicated by event id, and harmless in any order: finalizeCall bills
// once, and an event about an already-finalized call changes nothing.
import { livekitEnv } from "@articulate/config";
import { Prisma, platformDb } from "@articulate/db";
import { applyEgressInfo } from "@articulate/recordings";
import { WebhookReceiver } from "livekit-server-sdk";
import { finalizeCall } from "./lifecycle";
import { recordSipAttempt } from "./sip-attempts";

/** ParticipantInfo.Kind.SIP in livekit_models.proto (the SDK does not export the enum). */
const PARTICIPANT_KIND_SIP = 3;
const PROVIDER = "livekit";

export interface LiveKitWebhookResult {
  status: number;
  body: { ok: boolean; outcome: string; callId?: string; error?: string };
}

export interface LiveKitWebhookOptions {
  apiKey?: string;
  apiSecret?: string;
}

function eventTime(createdAt: bigint | number | undefined): Date {
  const seconds = Number(createdAt ?? 0);
  return seconds > 0 ? new Date(seconds * 1000) : new Date();
}

/**
 * Verifies and applies one LiveKit webhook delivery. `rawBody` must be the
 * exact request body; `authHeader` the Authorization header (a JWT, no
 * "Bearer"). Never throws for bad input: 401 for a bad signature, 400 for an
 * unusable event, 503 when LiveKit is not configured.
 */
export async function handleLiveKitWebhook(
  rawBody: string,
  authHeader: string | null | undefined,
  options: LiveKitWebhookOptions = {},
): Promise<LiveKitWebhookResult> {
  const configured = options.apiKey && options.apiSecret ? null : livekitEnv();
  const apiKey = options.apiKey ?? configured?.LIVEKIT_API_KEY;
  const apiSecret = options.apiSecret ?? configured?.LIVEKIT_API_SECRET;
  if (!apiKey || !apiSecret) {
    return {
      status: 503,
      body: {
        ok: false,
        outcome: "disabled",
        error: "LiveKit webhooks disabled: set LIVEKIT_API_KEY and LIVEKIT_API_SECRET",
      },
    };
  }
  if (!authHeader)
    return { status: 401, body: { ok: false, outcome: "rejected", error: "missing Authorization header" } };

  let event: Awaited<ReturnType<WebhookReceiver["receive"]>>;
  try {
    event = await new WebhookReceiver(apiKey, apiSecret).receive(rawBody, authHeader);
  } catch (err) {
    const reason = err instanceof Error ? err.message : "invalid signature";
    return { status: 401, body: { ok: false, outcome: "rejected", error: reason } };
  }
  if (!event.id || !event.event) {
    return { status: 400, body: { ok: false, outcome: "invalid", error: "event: id and event are required" } };
  }

  // platformDb(): LiveKit webhook in: the room name leads to the call and its tenant.
  const pdb = platformDb();
  const seen = await pdb.processedWebhookEvent.findUnique({
    where: { provider_eventId: { provider: PROVIDER, eventId: event.id } },
  });
  if (seen) return { status: 200, body: { ok: true, outcome: "duplicate" } };

  let outcome = "ignored";
  let callId: string | undefined;
  const roomName = event.room?.name;
  if (event.event.startsWith("egress_")) {
    // Recordings (#15): state follows the egress; an egress of no call of ours is acknowledged, not an error.
    if (event.egressInfo) {
      const r = await applyEgressInfo(event.egressInfo);
      outcome = r.outcome === "applied" ? `recording_${event.event}` : `recording_${r.outcome}`;
      callId = r.callId;
    } else {
      outcome = "invalid_egress";
    }
  } else if (roomName && (event.event === "room_finished" || event.event === "participant_left")) {
    const call = await pdb.call.findUnique({
      where: { roomName },
      select: { id: true, participantIdentity: true, finalizedBy: true },
    });
    callId = call?.id;
    if (!call) {
      outcome = "no_call";
    } else if (call.finalizedBy) {
      outcome = "already_finalized";
    } else if (event.event === "room_finished") {
      // The room emptied and the worker never finalized: it died or lost its connection.
      const r = await finalizeCall({
        callId: call.id,
        endReason: "WORKER_LOST",
        endedAt: eventTime(event.createdAt),
        finalizedBy: "WEBHOOK",
      });
      outcome = r.outcome;
    } else {
      const p = event.participant;
      const isCaller =
        p !== undefined &&
        p.kind === PARTICIPANT_KIND_SIP &&
        (call.participantIdentity === null || call.participantIdentity === p.identity);
      if (isCaller) {
        const r = await finalizeCall({
          callId: call.id,
          endReason: "CALLER_HUNG_UP",
          endedAt: eventTime(event.createdAt),
          finalizedBy: "WEBHOOK",
        });
        outcome = r.outcome;
      } else {
        outcome = "not_caller";
      }
    }
  }

  // SIP callers joining and leaving: the number's inbound attempts (diagnostics).
  const sipParticipant = event.participant?.kind === PARTICIPANT_KIND_SIP;
  if (sipParticipant && (event.event === "participant_joined" || event.event === "participant_left")) {
    const attempt = await recordSipAttempt(event);
    if (outcome === "ignored") outcome = attempt;
  }

  // Recorded after the effect: a crash in between replays the (idempotent) effect.
  try {
    await pdb.processedWebhookEvent.create({ data: { provider: PROVIDER, eventId: event.id, eventType: event.event } });
  } catch (err) {
    if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002")) throw err;
  }
  return { status: 200, body: { ok: true, outcome, ...(callId ? { callId } : {}) } };
}
