// Outbound calls and cold transfers through LiveKit SIP.
import { decryptSecret, forTenant, type SipConnectionModel as SipConnection } from "@articulate/db";
import { ServerError, type SIPOutboundTrunkInfo, SipCallError } from "livekit-server-sdk";
import { z } from "zod";
import { requireLiveKit, resolveConfig, type TelephonyDeps } from "./config";
import {
  InvalidStateError,
  InvalidTelephonyInputError,
  NotFoundError,
  OutboundCallFailedError,
  type OutboundCallOutcome,
  TransferFailedError,
} from "./errors";
import { encodeJobMetadata } from "./job-metadata";
import { isNotFound, liveKitClients, liveKitFailure, ownershipMetadata, parseOwnership } from "./livekit";
import { formatPhoneNumber, parsePhoneNumber } from "./phone-numbers";
import { outboundTrunkSecurity, sameMedia } from "./trunk-media";

async function callerIdNumbers(tenantId: string, conn: SipConnection): Promise<string[]> {
  if (conn.numbers.length) return conn.numbers;
  const rows = await forTenant(tenantId).phoneNumber.findMany({
    where: { sipConnectionId: conn.id, status: "ACTIVE" },
    select: { e164: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((r) => r.e164);
}

/**
 * The LiveKit outbound trunk for one of the tenant's carrier connections:
 * verified by stored id, else adopted by our metadata, else created.
 */
export async function ensureOutboundTrunk(
  tenantId: string,
  sipConnectionId: string,
  deps: TelephonyDeps = {},
): Promise<string> {
  const tdb = forTenant(tenantId);
  const conn = await tdb.sipConnection.findFirst({ where: { id: sipConnectionId } });
  if (!conn) throw new NotFoundError("SIP connection", sipConnectionId);
  const config = resolveConfig(deps);
  const lk = liveKitClients(requireLiveKit(config));
  const security = outboundTrunkSecurity(conn, config);
  /** Brings an existing trunk's transport and media in line (the field update cannot set `media`). */
  const secure = async (t: SIPOutboundTrunkInfo) => {
    if (t.transport === security.transport && sameMedia(t.media, security.media)) return;
    const next = t.clone();
    next.transport = security.transport;
    next.media = security.media;
    next.mediaEncryption = security.media.encryption ?? next.mediaEncryption;
    await lk.sip.updateSipOutboundTrunk(t.sipTrunkId, next);
  };
  try {
    if (conn.livekitOutboundTrunkId) {
      const [t] = await lk.sip.listSipOutboundTrunk({ trunkIds: [conn.livekitOutboundTrunkId] });
      if (t?.sipTrunkId === conn.livekitOutboundTrunkId) {
        await secure(t);
        if (conn.status !== "ACTIVE")
          await tdb.sipConnection.update({ where: { id: conn.id }, data: { status: "ACTIVE", failureReason: null } });
        return t.sipTrunkId;
      }
    }
    const adopted = (await lk.sip.listSipOutboundTrunk()).find(
      (t) => parseOwnership(t.metadata, config.deployment)?.sipConnectionId === conn.id,
    );
    if (adopted) await secure(adopted);
    let trunkId = adopted?.sipTrunkId;
    if (!trunkId) {
      const numbers = await callerIdNumbers(tenantId, conn);
      if (numbers.length === 0) {
        throw new InvalidTelephonyInputError("numbers", "add at least one caller ID number to this connection");
      }
      const trunk = await lk.sip.createSipOutboundTrunk(`articulate ${conn.name}`, conn.address, numbers, {
        transport: security.transport,
        media: security.media,
        metadata: ownershipMetadata({
          deployment: config.deployment,
          kind: "outbound-trunk",
          tenantId,
          sipConnectionId: conn.id,
        }),
        destinationCountry: "AU",
        ...(conn.authUsername && conn.authPasswordEnc
          ? { authUsername: conn.authUsername, authPassword: decryptSecret(conn.authPasswordEnc) }
          : {}),
      });
      trunkId = trunk.sipTrunkId;
    }
    await tdb.sipConnection.update({
      where: { id: conn.id },
      data: { livekitOutboundTrunkId: trunkId, status: "ACTIVE", failureReason: null },
    });
    return trunkId;
  } catch (e) {
    const typed = e instanceof InvalidTelephonyInputError ? e : liveKitFailure(e);
    await tdb.sipConnection.update({
      where: { id: conn.id },
      data: { status: "FAILED", failureReason: typed.message },
    });
    throw typed;
  }
}

const placeCallSchema = z.object({
  tenantId: z.string().min(1),
  agentId: z.string().min(1),
  fromPhoneNumberId: z.string().min(1),
  to: z.string().min(3).max(32),
  callId: z.string().min(1).max(100),
  roomName: z.string().min(1).max(200),
  /** Keys livekit-sip plays after the callee answers ("w" = 0.5 s pause), e.g. an extension. */
  dtmf: z
    .string()
    .regex(/^[0-9*#w]{1,64}$/, "must be keypad digits 0-9, * and #, with w for a half-second pause")
    .optional(),
});
export type PlaceOutboundCallInput = z.input<typeof placeCallSchema>;

export interface PlacedCall {
  roomName: string;
  participantIdentity: string;
  sipCallId: string;
  dispatchId: string;
  trunkId: string;
  to: string;
}

/** The SIP participant identity of an outbound call's callee: unique per call. */
export function outboundParticipantIdentity(callId: string): string {
  return `sip_out_${callId}`;
}

function outcomeFor(status: number | undefined): OutboundCallOutcome {
  if (status === 486 || status === 600) return "busy";
  if (status === 603) return "declined";
  if (status === 404 || status === 484) return "not_found";
  if (status === 408 || status === 480 || status === 487) return "no_answer";
  if (status === 503) return "unavailable";
  return "failed";
}

/**
 * Dials `to` from one of the tenant's numbers: creates the room, dispatches the
 * agent with the call's metadata, then CreateSIPParticipant (waits until
 * answered). On a SIP failure the room is removed and OutboundCallFailedError
 * carries the SIP status (486 busy, 603 declined, 404 not found…).
 */
export async function placeOutboundCall(input: PlaceOutboundCallInput, deps: TelephonyDeps = {}): Promise<PlacedCall> {
  const parsed = placeCallSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidTelephonyInputError(issue?.path.join(".") || "input", issue?.message ?? "is invalid");
  }
  const i = parsed.data;
  const to = parsePhoneNumber(i.to, { field: "to" }).e164;
  const tdb = forTenant(i.tenantId);
  const agent = await tdb.agent.findFirst({ where: { id: i.agentId, archivedAt: null }, select: { id: true } });
  if (!agent) throw new NotFoundError("agent", i.agentId);
  const from = await tdb.phoneNumber.findFirst({ where: { id: i.fromPhoneNumberId } });
  if (!from) throw new NotFoundError("phone number", i.fromPhoneNumberId);
  if (from.status !== "ACTIVE")
    throw new InvalidStateError(`${formatPhoneNumber(from.e164)} is not active, so it cannot place calls.`);
  let connectionId = from.sipConnectionId;
  if (!connectionId) {
    const active = await tdb.sipConnection.findMany({
      where: { status: { not: "RELEASED" } },
      select: { id: true },
      take: 2,
    });
    if (active.length !== 1) {
      throw new InvalidStateError(
        `${formatPhoneNumber(from.e164)} has no outbound connection. Set up an outbound SIP connection for it first.`,
      );
    }
    connectionId = active[0]!.id;
  }
  const trunkId = await ensureOutboundTrunk(i.tenantId, connectionId, deps);
  const config = resolveConfig(deps);
  const lk = liveKitClients(requireLiveKit(config));
  const identity = outboundParticipantIdentity(i.callId);
  const metadata = encodeJobMetadata({
    kind: "outbound",
    tenantId: i.tenantId,
    agentId: i.agentId,
    phoneNumberId: from.id,
    callId: i.callId,
    to,
    participantIdentity: identity,
  });
  let dispatchId: string;
  try {
    await lk.rooms.createRoom({ name: i.roomName, emptyTimeout: 60, departureTimeout: 10 });
    dispatchId = (await lk.dispatch.createDispatch(i.roomName, config.agentName, { metadata })).id;
  } catch (e) {
    throw liveKitFailure(e);
  }
  try {
    const p = await lk.sip.createSipParticipant(trunkId, to, i.roomName, {
      fromNumber: from.e164,
      participantIdentity: identity,
      participantName: formatPhoneNumber(to),
      participantAttributes: { "articulate.callId": i.callId },
      waitUntilAnswered: true,
      ringingTimeout: 30,
      krispEnabled: config.krisp,
      ...(i.dtmf ? { dtmf: i.dtmf } : {}),
    });
    return { roomName: i.roomName, participantIdentity: identity, sipCallId: p.sipCallId, dispatchId, trunkId, to };
  } catch (e) {
    // Nothing half-made is left behind: the room (and its dispatch) goes with the failed call.
    await lk.rooms.deleteRoom(i.roomName).catch(() => undefined);
    if (e instanceof SipCallError && e.sipStatusCode !== undefined) {
      throw new OutboundCallFailedError(
        formatPhoneNumber(to),
        outcomeFor(e.sipStatusCode),
        e.sipStatusCode,
        e.sipStatus,
      );
    }
    throw liveKitFailure(e);
  }
}

/**
 * Hangs up everyone in a call: deletes its room. A room already gone counts as
 * done. Unlike the agents SDK's ctx.deleteRoom (which logs and swallows every
 * error), a failure throws, so the caller can log it and act.
 */
export async function hangUpRoom(roomName: string, deps: TelephonyDeps = {}): Promise<"deleted" | "already_gone"> {
  if (!roomName) throw new InvalidTelephonyInputError("roomName", "is required");
  const lk = liveKitClients(requireLiveKit(resolveConfig(deps)));
  try {
    await lk.rooms.deleteRoom(roomName);
    return "deleted";
  } catch (e) {
    if (isNotFound(e)) return "already_gone";
    throw liveKitFailure(e);
  }
}

/** A transfer target as LiveKit wants it: tel:+E164 or a sip:/sips: URI. */
export function transferTarget(to: string): string {
  const trimmed = to.trim();
  if (/^sips?:/i.test(trimmed)) {
    if (/\s/.test(trimmed)) throw new InvalidTelephonyInputError("to", "a SIP URI cannot contain spaces");
    return trimmed;
  }
  const bare = trimmed.replace(/^tel:/i, "");
  return `tel:${parsePhoneNumber(bare, { field: "to" }).e164}`;
}

/** Cold transfer (SIP REFER) of the caller in `roomName` to `to`. */
export async function transferCall(
  input: { roomName: string; participantIdentity: string; to: string },
  deps: TelephonyDeps = {},
): Promise<{ transferTo: string }> {
  if (!input.roomName) throw new InvalidTelephonyInputError("roomName", "is required");
  if (!input.participantIdentity) throw new InvalidTelephonyInputError("participantIdentity", "is required");
  const target = transferTarget(input.to);
  const display = target.startsWith("tel:") ? formatPhoneNumber(target.slice(4)) : target;
  const lk = liveKitClients(requireLiveKit(resolveConfig(deps)));
  try {
    await lk.sip.transferSipParticipant(input.roomName, input.participantIdentity, target, {
      playDialtone: false,
      ringingTimeout: 30,
    });
    return { transferTo: target };
  } catch (e) {
    if (e instanceof SipCallError && e.sipStatusCode !== undefined) {
      const outcome = outcomeFor(e.sipStatusCode);
      const why =
        outcome === "busy"
          ? "is busy"
          : outcome === "declined"
            ? "declined the transfer"
            : outcome === "not_found"
              ? "could not be found"
              : outcome === "no_answer"
                ? "did not answer"
                : `could not be reached (SIP ${e.sipStatusCode})`;
      throw new TransferFailedError(display, `The transfer failed: ${display} ${why}.`, e.sipStatusCode);
    }
    if (isNotFound(e)) throw new NotFoundError("call", `${input.roomName}/${input.participantIdentity}`);
    if (e instanceof ServerError && e.code === "invalid_argument") {
      throw new TransferFailedError(display, `The transfer failed: ${e.message}.`);
    }
    throw liveKitFailure(e);
  }
}
