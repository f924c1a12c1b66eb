// Inbound attempts for a number's diagnostics, from LiveKit's participant
// webhooks: a SIP caller joining a room opens an attempt, leaving closes it as
// connected (our agent answered), rejected, or no_agent (nobody answered).
// Idempotent per room; events may arrive twice or out of order.
import { forTenant, platformDb } from "@articulate/db";
import type { WebhookEvent } from "livekit-server-sdk";

/** livekit_models.proto DisconnectReason values the server forwards for SIP callers. */
const DISCONNECT_REASONS: Record<number, string> = {
  1: "CLIENT_INITIATED",
  4: "ROOM_DELETED",
  11: "USER_UNAVAILABLE",
  12: "USER_REJECTED",
  13: "SIP_TRUNK_FAILURE",
  15: "MEDIA_FAILURE",
  16: "AGENT_ERROR",
};

function eventTime(createdAt: bigint | number | undefined): Date {
  const seconds = Number(createdAt ?? 0);
  return seconds > 0 ? new Date(seconds * 1000) : new Date();
}

/**
 * Records one SIP participant event. Returns what it did ("attempt_opened",
 * "attempt_closed", or why it skipped) for the webhook's reply.
 */
export async function recordSipAttempt(event: WebhookEvent): Promise<string> {
  const p = event.participant;
  const roomName = event.room?.name;
  if (!p || !roomName) return "no_participant";
  const dialled = p.attributes["sip.trunkPhoneNumber"];
  if (!dialled) return "no_number";
  // platformDb(): SIP webhook in: the dialled number is what tells us the tenant.
  const number = await platformDb().phoneNumber.findFirst({
    where: { e164Active: dialled },
    select: { id: true, tenantId: true },
  });
  if (!number) return "unknown_number";
  const tdb = forTenant(number.tenantId);
  const call = await tdb.call.findFirst({
    where: { roomName },
    select: { direction: true, answeredAt: true },
  });
  // Outbound calls are ours placing them, not attempts to reach us.
  if (call?.direction === "OUTBOUND") return "outbound";
  const at = eventTime(event.createdAt);
  const base = {
    tenantId: number.tenantId,
    phoneNumberId: number.id,
    roomName,
    callerNumber: p.attributes["sip.phoneNumber"] || null,
    sipCallId: p.attributes["sip.callID"] || null,
  };
  if (event.event === "participant_joined") {
    await tdb.sipInboundAttempt.upsert({
      where: { roomName },
      create: { ...base, startedAt: at, outcome: "in_progress" },
      update: {},
    });
    return "attempt_opened";
  }
  const reason = DISCONNECT_REASONS[p.disconnectReason] ?? null;
  const outcome = call?.answeredAt ? "connected" : reason === "USER_REJECTED" ? "rejected" : "no_agent";
  await tdb.sipInboundAttempt.upsert({
    where: { roomName },
    // A leave without its join (lost or reordered): the attempt started no later than this.
    create: { ...base, startedAt: call?.answeredAt ?? at, endedAt: at, outcome, detail: reason },
    update: { endedAt: at, outcome, detail: reason },
  });
  return "attempt_closed";
}
