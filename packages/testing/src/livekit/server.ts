// A local LiveKit server for tests: Twirp JSON over HTTP, HS256 JWT auth with
// the grants the real server requires, snake_case responses with defaults
// (protojson UseProtoNames + EmitUnpopulated), and the SIP rules of §3.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { decodeJwt, jwtVerify } from "jose";
import {
  AccessToken,
  AgentDispatch,
  ParticipantInfo,
  ParticipantInfo_State,
  Room,
  RoomConfiguration,
  SIPDispatchRuleInfo,
  SIPInboundTrunkInfo,
  SIPOutboundTrunkInfo,
  SIPParticipantInfo,
  SIPTrunkInfo,
  WebhookEvent,
} from "livekit-server-sdk";
import {
  checkDispatchRuleConflicts,
  checkInboundConflicts,
  matchDispatchRule,
  matchInboundTrunk,
  normalizeNumber,
  upgradeMedia,
  validateDispatchRule,
  validateHeaders,
  validateInboundTrunk,
  validateMedia,
  validateOutboundTrunk,
} from "./sip-rules";
import { emptyState, type FakePhoneNumber, type FakeRoom, type LiveKitFakeState } from "./state";
import {
  type Body,
  bool,
  invalid,
  notFound,
  obj,
  pick,
  requiredStr,
  sipFailure,
  str,
  strList,
  TwirpFailure,
} from "./twirp";

const SIP_KIND = 3; // ParticipantInfo.Kind.SIP
const JSON_OUT = { useProtoFieldName: true, emitDefaultValues: true } as const;
type JsonIn = Parameters<typeof SIPInboundTrunkInfo.fromJson>[0];
const READ = { ignoreUnknownFields: true } as const;

export interface WebhookInput {
  event: "room_started" | "room_finished" | "participant_joined" | "participant_left";
  room: { name: string; sid?: string; metadata?: string; numParticipants?: number };
  participant?: {
    identity: string;
    sid?: string;
    name?: string;
    metadata?: string;
    kind?: number;
    attributes?: Record<string, string>;
    /** DisconnectReason (participant_left), e.g. 12 USER_REJECTED. */
    disconnectReason?: number;
  };
  /** Event id; defaults to a fresh EV_ id. */
  id?: string;
  /** Seconds since the epoch; defaults to now. */
  createdAt?: number;
}

export interface SimulatedInboundCall {
  roomName: string;
  participantIdentity: string;
  sipCallId: string;
  trunkId: string | null;
  ruleId: string;
  dispatches: Array<{ id: string; agentName: string; metadata: string }>;
  /** Metadata of the first agent dispatch (what the worker reads as ctx.job.metadata). */
  dispatchMetadata: string | undefined;
}

export interface LiveKitFake {
  url: string;
  apiKey: string;
  apiSecret: string;
  state: LiveKitFakeState;
  /** The next CreateSIPParticipant or TransferSIPParticipant fails with this SIP status. */
  failNextSipCall(status: number, reason?: string): void;
  /** An inbound call arrives on `calledNumber` from `callerNumber`, matched like livekit-server does. */
  simulateInboundCall(
    calledNumber: string,
    callerNumber: string,
    opts?: { sourceIp?: string; pin?: string },
  ): Promise<SimulatedInboundCall>;
  /** Adds a number to the LiveKit Phone Numbers inventory (US by default). */
  addAvailablePhoneNumber(e164: string, opts?: Partial<Omit<FakePhoneNumber, "id" | "e164" | "owned">>): void;
  /** POSTs a webhook signed the way livekit-server signs it. */
  sendWebhook(targetUrl: string, event: WebhookInput): Promise<Response>;
  /** Builds the raw body and Authorization header of a webhook without sending it. */
  signWebhook(event: WebhookInput): Promise<{ body: string; authorization: string }>;
  close(): Promise<void>;
}

const SIP_REASONS: Record<number, string> = {
  404: "Not Found",
  408: "Request Timeout",
  480: "Temporarily Unavailable",
  486: "Busy Here",
  487: "Request Terminated",
  503: "Service Unavailable",
  600: "Busy Everywhere",
  603: "Decline",
};

function newId(prefix: string): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = crypto.randomBytes(12);
  return prefix + Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}

/**
 * Decodes a request message like the Twirp server's protojson: unknown fields
 * are dropped (an inbound trunk has no `transport`), an unknown enum name or a
 * wrongly typed field makes the request undecodable (Twirp `malformed`).
 */
function decode<T>(parse: (json: JsonIn, o: typeof READ) => T, json: unknown): T {
  try {
    return parse(json as JsonIn, READ);
  } catch (e) {
    throw new TwirpFailure("malformed", `the json request could not be decoded: ${(e as Error).message}`);
  }
}

/** A google.protobuf.Timestamp instance for now (the Timestamp class is not exported by the SDK). */
function nowTimestamp() {
  return SIPInboundTrunkInfo.fromJson({ createdAt: new Date().toISOString() }).createdAt;
}

/**
 * The SIP Update RPCs take either `replace` (a whole new object) or `update`
 * (field changes applied to a copy of the stored one); the id and created time
 * always stay the stored object's.
 */
function replaceOrUpdate<T extends { clone(): T; createdAt?: unknown; updatedAt?: unknown }>(
  current: T,
  body: Body,
  parseReplace: (json: JsonIn) => T,
  applyUpdate: (next: T, update: Body) => void,
): T {
  const replace = obj(body, "replace");
  const update = obj(body, "update");
  let next: T;
  if (replace) {
    next = parseReplace(replace as JsonIn);
  } else if (update) {
    next = current.clone();
    applyUpdate(next, update);
  } else {
    throw invalid("either replace or update must be set");
  }
  next.createdAt = current.createdAt;
  next.updatedAt = nowTimestamp();
  return next;
}

/** Copies the string fields an update sets (others keep their stored values). */
function setStringFields<K extends string>(target: Record<K, string>, update: Body, fields: readonly K[]): void {
  for (const f of fields) {
    const v = pick(update, f);
    if (typeof v === "string") target[f] = v;
  }
}

interface Claims {
  iss?: string;
  sub?: string;
  video?: { roomCreate?: boolean; roomList?: boolean; roomAdmin?: boolean; room?: string };
  sip?: { admin?: boolean; call?: boolean };
  [k: string]: unknown;
}

type Handler = (body: Body, claims: Claims) => unknown;

/** Applies a protocol ListUpdate {set, add, remove, clear} to a list. */
function applyListUpdate(current: string[], update: Body | undefined): string[] {
  if (!update) return current;
  let out = bool(update, "clear") ? [] : [...current];
  const set = strList(update, "set");
  if (set.length) out = set;
  for (const a of strList(update, "add")) if (!out.includes(a)) out.push(a);
  const remove = new Set(strList(update, "remove"));
  return out.filter((x) => !remove.has(x));
}

export async function startLiveKitFake(opts: { apiKey?: string; apiSecret?: string } = {}): Promise<LiveKitFake> {
  const apiKey = opts.apiKey ?? "APIfake";
  const apiSecret = opts.apiSecret ?? crypto.randomBytes(24).toString("base64url");
  const state = emptyState();
  const pendingSipFailures: Array<{ status: number; reason: string }> = [];

  const requireSipAdmin = (c: Claims) => {
    if (!c.sip?.admin) throw new TwirpFailure("unauthenticated", "permissions denied: requires sip admin grant");
  };
  const requireSipCall = (c: Claims) => {
    if (!c.sip?.call) throw new TwirpFailure("unauthenticated", "permissions denied: requires sip call grant");
  };
  const requireRoomAdmin = (c: Claims, room: string) => {
    if (!c.video?.roomAdmin || !room || c.video.room !== room) {
      throw new TwirpFailure("unauthenticated", "permissions denied: requires roomAdmin for this room");
    }
  };

  // ── rooms ──
  function ensureRoom(name: string, init: Partial<Body> = {}): { room: FakeRoom; created: boolean } {
    const existing = state.rooms.get(name);
    if (existing) return { room: existing, created: false };
    const now = Date.now();
    const room = new Room({
      sid: newId("RM_"),
      name,
      emptyTimeout: Number(pick(init, "emptyTimeout") ?? 300) || 300,
      departureTimeout: Number(pick(init, "departureTimeout") ?? 20) || 20,
      maxParticipants: Number(pick(init, "maxParticipants") ?? 0) || 0,
      metadata: str(init, "metadata"),
      creationTime: BigInt(Math.floor(now / 1000)),
      creationTimeMs: BigInt(now),
    });
    const fake: FakeRoom = { room, participants: new Map() };
    state.rooms.set(name, fake);
    return { room: fake, created: true };
  }

  function addDispatch(roomName: string, agentName: string, metadata: string): AgentDispatch {
    const d = new AgentDispatch({
      id: newId("AD_"),
      agentName,
      room: roomName,
      metadata,
      state: { createdAt: BigInt(Date.now()), jobs: [] },
    });
    state.dispatches.set(d.id, d);
    return d;
  }

  function joinSipParticipant(
    room: FakeRoom,
    p: { identity: string; name: string; metadata: string; attributes: Record<string, string> },
  ): ParticipantInfo {
    const now = Date.now();
    const info = new ParticipantInfo({
      sid: newId("PA_"),
      identity: p.identity,
      name: p.name,
      metadata: p.metadata,
      state: ParticipantInfo_State.ACTIVE,
      kind: SIP_KIND,
      attributes: p.attributes,
      joinedAt: BigInt(Math.floor(now / 1000)),
      joinedAtMs: BigInt(now),
      isPublisher: true,
    });
    room.participants.set(p.identity, info);
    room.room.numParticipants = room.participants.size;
    return info;
  }

  function getRoom(name: string): FakeRoom {
    const r = state.rooms.get(name);
    if (!r) throw notFound("requested room does not exist");
    return r;
  }

  function getParticipant(roomName: string, identity: string): ParticipantInfo {
    const p = getRoom(roomName).participants.get(identity);
    if (!p) throw notFound("participant does not exist");
    return p;
  }

  // ── SIP ──
  const trunkNotFound = () => notFound("requested sip trunk does not exist");
  const ruleNotFound = () => notFound("requested sip dispatch rule does not exist");

  function parseRuleFromCreate(body: Body): SIPDispatchRuleInfo {
    const info = obj(body, "dispatchRule");
    return SIPDispatchRuleInfo.fromJson((info ?? body) as JsonIn, READ);
  }

  function takeSipFailure(): TwirpFailure | undefined {
    const f = pendingSipFailures.shift();
    return f ? sipFailure(f.status, f.reason) : undefined;
  }

  const sip: Record<string, Handler> = {
    CreateSIPInboundTrunk(body, c) {
      requireSipAdmin(c);
      const t = decode((j, o) => SIPInboundTrunkInfo.fromJson(j, o), obj(body, "trunk") ?? {});
      if (t.sipTrunkId !== "") throw invalid("trunk ID must not be set");
      validateInboundTrunk(t);
      upgradeMedia(t, () => new SIPInboundTrunkInfo({ media: {} }).media!);
      checkInboundConflicts(t, state.inboundTrunks.values());
      t.sipTrunkId = newId("ST_");
      t.createdAt = nowTimestamp();
      state.inboundTrunks.set(t.sipTrunkId, t);
      return t;
    },
    CreateSIPOutboundTrunk(body, c) {
      requireSipAdmin(c);
      const t = decode((j, o) => SIPOutboundTrunkInfo.fromJson(j, o), obj(body, "trunk") ?? {});
      if (t.sipTrunkId !== "") throw invalid("trunk ID must not be set");
      validateOutboundTrunk(t);
      upgradeMedia(t, () => new SIPOutboundTrunkInfo({ media: {} }).media!);
      t.sipTrunkId = newId("ST_");
      t.createdAt = nowTimestamp();
      state.outboundTrunks.set(t.sipTrunkId, t);
      return t;
    },
    GetSIPInboundTrunk(body, c) {
      requireSipAdmin(c);
      const t = state.inboundTrunks.get(str(body, "sipTrunkId"));
      if (!t) throw trunkNotFound();
      return { trunk: t.toJson(JSON_OUT) };
    },
    GetSIPOutboundTrunk(body, c) {
      requireSipAdmin(c);
      const t = state.outboundTrunks.get(str(body, "sipTrunkId"));
      if (!t) throw trunkNotFound();
      return { trunk: t.toJson(JSON_OUT) };
    },
    ListSIPInboundTrunk(body, c) {
      requireSipAdmin(c);
      const ids = strList(body, "trunkIds");
      const numbers = strList(body, "numbers");
      const norm = new Set(numbers.map(normalizeNumber));
      const numberMatch = (t: SIPInboundTrunkInfo) =>
        numbers.length === 0 || t.numbers.length === 0 || t.numbers.some((n) => norm.has(normalizeNumber(n)));
      // With ids, items come back in request order and a missing id is an empty (nil) item.
      const items = ids.length
        ? ids
            .map((id) => state.inboundTrunks.get(id) ?? new SIPInboundTrunkInfo())
            .filter((t) => t.sipTrunkId === "" || numberMatch(t))
        : [...state.inboundTrunks.values()].filter(numberMatch);
      return { items: items.map((t) => t.toJson(JSON_OUT)), next_page_token: null };
    },
    ListSIPOutboundTrunk(body, c) {
      requireSipAdmin(c);
      const ids = strList(body, "trunkIds");
      const items = ids.length
        ? ids.map((id) => state.outboundTrunks.get(id) ?? new SIPOutboundTrunkInfo())
        : [...state.outboundTrunks.values()];
      return { items: items.map((t) => t.toJson(JSON_OUT)), next_page_token: null };
    },
    UpdateSIPInboundTrunk(body, c) {
      requireSipAdmin(c);
      const id = str(body, "sipTrunkId");
      const current = state.inboundTrunks.get(id);
      if (!current) throw trunkNotFound();
      const next = replaceOrUpdate(
        current,
        body,
        (json) => decode((j, o) => SIPInboundTrunkInfo.fromJson(j, o), json),
        (t, update) => {
          t.numbers = applyListUpdate(t.numbers, obj(update, "numbers"));
          t.allowedAddresses = applyListUpdate(t.allowedAddresses, obj(update, "allowedAddresses"));
          t.allowedNumbers = applyListUpdate(t.allowedNumbers, obj(update, "allowedNumbers"));
          setStringFields(t, update, ["authUsername", "authPassword", "name", "metadata"]);
          // SIPInboundTrunkUpdate carries only the deprecated media_encryption: `media` needs a replace.
          const enc = pick(update, "mediaEncryption");
          if (enc !== undefined) {
            t.mediaEncryption = decode((j, o) => SIPInboundTrunkInfo.fromJson(j, o), {
              mediaEncryption: enc,
            }).mediaEncryption;
          }
        },
      );
      next.sipTrunkId = id;
      validateInboundTrunk(next);
      checkInboundConflicts(next, state.inboundTrunks.values());
      state.inboundTrunks.set(id, next);
      return next;
    },
    UpdateSIPOutboundTrunk(body, c) {
      requireSipAdmin(c);
      const id = str(body, "sipTrunkId");
      const current = state.outboundTrunks.get(id);
      if (!current) throw trunkNotFound();
      const next = replaceOrUpdate(
        current,
        body,
        (json) => decode((j, o) => SIPOutboundTrunkInfo.fromJson(j, o), json),
        (t, update) => {
          t.numbers = applyListUpdate(t.numbers, obj(update, "numbers"));
          // SIPOutboundTrunkUpdate: transport and the deprecated media_encryption, not `media`.
          const transport = pick(update, "transport");
          const enc = pick(update, "mediaEncryption");
          const enums = decode((j, o) => SIPOutboundTrunkInfo.fromJson(j, o), {
            ...(transport === undefined ? {} : { transport }),
            ...(enc === undefined ? {} : { mediaEncryption: enc }),
          });
          if (transport !== undefined) t.transport = enums.transport;
          if (enc !== undefined) t.mediaEncryption = enums.mediaEncryption;
          setStringFields(t, update, [
            "authUsername",
            "authPassword",
            "name",
            "metadata",
            "address",
            "destinationCountry",
            "fromHost",
          ]);
        },
      );
      next.sipTrunkId = id;
      validateOutboundTrunk(next);
      state.outboundTrunks.set(id, next);
      return next;
    },
    DeleteSIPTrunk(body, c) {
      requireSipAdmin(c);
      // Idempotent in livekit-server: removing missing hash fields is not an error,
      // and rules that reference the trunk are left untouched.
      const id = requiredStr(body, "sipTrunkId");
      state.inboundTrunks.delete(id);
      state.outboundTrunks.delete(id);
      return new SIPTrunkInfo({ sipTrunkId: id });
    },
    CreateSIPDispatchRule(body, c) {
      requireSipAdmin(c);
      const r = parseRuleFromCreate(body);
      if (r.sipDispatchRuleId !== "") throw invalid("rule id must not be set");
      validateDispatchRule(r);
      checkDispatchRuleConflicts(r, state.dispatchRules.values());
      r.sipDispatchRuleId = newId("SDR_");
      r.createdAt = nowTimestamp();
      state.dispatchRules.set(r.sipDispatchRuleId, r);
      return r;
    },
    UpdateSIPDispatchRule(body, c) {
      requireSipAdmin(c);
      const id = str(body, "sipDispatchRuleId");
      const current = state.dispatchRules.get(id);
      if (!current) throw ruleNotFound();
      const parseReplace = (json: JsonIn) => {
        const r = SIPDispatchRuleInfo.fromJson(json, READ);
        if (!r.rule?.rule.case) throw invalid("missing rule");
        return r;
      };
      const next = replaceOrUpdate(current, body, parseReplace, (r, update) => {
        r.trunkIds = applyListUpdate(r.trunkIds, obj(update, "trunkIds"));
        const rule = obj(update, "rule");
        if (rule) r.rule = SIPDispatchRuleInfo.fromJson({ rule } as JsonIn, READ).rule;
        setStringFields(r, update, ["name", "metadata"]);
        const attrs = obj(update, "attributes");
        if (attrs) r.attributes = Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, String(v)]));
      });
      next.sipDispatchRuleId = id;
      validateDispatchRule(next);
      checkDispatchRuleConflicts(next, state.dispatchRules.values());
      state.dispatchRules.set(id, next);
      return next;
    },
    ListSIPDispatchRule(body, c) {
      requireSipAdmin(c);
      const ids = strList(body, "dispatchRuleIds");
      const trunkIds = strList(body, "trunkIds");
      const trunkMatch = (r: SIPDispatchRuleInfo) =>
        trunkIds.length === 0 || r.trunkIds.length === 0 || r.trunkIds.some((t) => trunkIds.includes(t));
      const items = ids.length
        ? ids
            .map((id) => state.dispatchRules.get(id) ?? new SIPDispatchRuleInfo())
            .filter((r) => r.sipDispatchRuleId === "" || trunkMatch(r))
        : [...state.dispatchRules.values()].filter(trunkMatch);
      return { items: items.map((r) => r.toJson(JSON_OUT)), next_page_token: null };
    },
    DeleteSIPDispatchRule(body, c) {
      requireSipAdmin(c);
      const id = requiredStr(body, "sipDispatchRuleId");
      const r = state.dispatchRules.get(id);
      if (!r) throw ruleNotFound();
      state.dispatchRules.delete(id);
      return r;
    },
    CreateSIPParticipant(body, c) {
      requireSipCall(c);
      const trunkId = str(body, "sipTrunkId");
      const inline = obj(body, "trunk");
      const sipNumberIn = str(body, "sipNumber");
      const to = str(body, "sipCallTo");
      const roomName = str(body, "roomName");
      if (!trunkId && !inline && !sipNumberIn) throw invalid("missing sip trunk id");
      if (!to) throw invalid("missing sip callee number");
      if (to.includes("@")) throw invalid("SipCallTo should be a phone number or SIP user, not a full SIP URI");
      const toUser = str(body, "toUserOverride");
      if (toUser && !/^[A-Za-z0-9\-.!%*_+`'~]+$/.test(toUser)) throw invalid("invalid to_user_override");
      if (!roomName) throw invalid("missing room name");
      const displayName = pick(body, "displayName");
      if (typeof displayName === "string" && (displayName.length > 128 || /["\r\n]/.test(displayName))) {
        throw invalid("invalid display_name");
      }
      const destination = obj(body, "destination");
      if (destination && str(destination, "country") && !/^[A-Z]{2}$/.test(str(destination, "country"))) {
        throw invalid("destination country must be an ISO 3166-1 alpha-2 code");
      }
      const headers = obj(body, "headers") as Record<string, string> | undefined;
      if (headers) validateHeaders("headers", headers);
      const media = obj(body, "media");
      if (media) validateMedia("media", decode((j, o) => SIPOutboundTrunkInfo.fromJson(j, o), { media }).media);
      let fromNumber = sipNumberIn;
      let trunk: SIPOutboundTrunkInfo | undefined;
      if (trunkId) {
        trunk = state.outboundTrunks.get(trunkId);
        if (!trunk) throw trunkNotFound();
        if (!fromNumber) {
          if (trunk.numbers.length === 0) throw new TwirpFailure("failed_precondition", "no numbers on outbound trunk");
          fromNumber = trunk.numbers[Math.floor(Math.random() * trunk.numbers.length)]!;
        }
        if (trunk.address.endsWith("twilio.com") && !fromNumber.startsWith("+")) fromNumber = `+${fromNumber}`;
      }
      const failure = takeSipFailure();
      const identity = str(body, "participantIdentity") || `sip_${to}`;
      const sipCallId = newId("SCL_");
      if (failure) {
        state.sipCalls.push({
          sipCallId,
          direction: "outbound",
          trunkId,
          roomName,
          participantIdentity: identity,
          remoteNumber: to,
          trunkNumber: fromNumber,
          waitUntilAnswered: bool(body, "waitUntilAnswered"),
          request: body,
          status: "failed",
        });
        throw failure;
      }
      const { room } = ensureRoom(roomName);
      const hide = bool(body, "hidePhoneNumber");
      const attributes: Record<string, string> = {
        ...((obj(body, "participantAttributes") as Record<string, string> | undefined) ?? {}),
        "sip.callID": sipCallId,
        "sip.callStatus": "active",
        "sip.trunkID": trunkId,
      };
      if (!hide) {
        attributes["sip.phoneNumber"] = to;
        attributes["sip.trunkPhoneNumber"] = fromNumber;
      }
      const p = joinSipParticipant(room, {
        identity,
        name: str(body, "participantName") || (hide ? "Phone" : `Phone ${to}`),
        metadata: str(body, "participantMetadata"),
        attributes,
      });
      state.sipCalls.push({
        sipCallId,
        direction: "outbound",
        trunkId,
        roomName,
        participantIdentity: identity,
        remoteNumber: to,
        trunkNumber: fromNumber,
        waitUntilAnswered: bool(body, "waitUntilAnswered"),
        request: body,
        status: "active",
      });
      return new SIPParticipantInfo({ participantId: p.sid, participantIdentity: identity, roomName, sipCallId });
    },
    TransferSIPParticipant(body, c) {
      const roomName = str(body, "roomName");
      requireSipCall(c);
      requireRoomAdmin(c, roomName);
      const identity = str(body, "participantIdentity");
      const to = str(body, "transferTo");
      if (!roomName) throw invalid("missing room name");
      if (!identity) throw invalid("missing participant identity");
      if (!to) throw invalid("missing transfer destination");
      const bare = to.startsWith("<") && to.endsWith(">") ? to.slice(1, -1) : to;
      if (!/^(sip:|sips:|tel:)/.test(bare)) throw invalid("transfer_to must start with sip:, sips: or tel:");
      const p = getParticipant(roomName, identity);
      const callId = p.attributes["sip.callID"];
      if (!callId) throw invalid("no SIP session associated with participant");
      const failure = takeSipFailure();
      if (failure) throw failure;
      state.transfers.push({
        roomName,
        participantIdentity: identity,
        transferTo: bare.startsWith("sip") ? `<${bare}>` : bare,
        sipCallId: callId,
        playDialtone: bool(body, "playDialtone"),
      });
      const call = state.sipCalls.find((s) => s.sipCallId === callId);
      if (call) call.status = "transferred";
      // After a successful REFER the SIP leg leaves the room.
      const room = getRoom(roomName);
      room.participants.delete(identity);
      room.room.numParticipants = room.participants.size;
      return {
        transfer_id: newId("STR_"),
        status: "STS_TRANSFER_SUCCESSFUL",
        reason: "STR_UNSPECIFIED",
        sip_status: null,
      };
    },
  };

  const roomService: Record<string, Handler> = {
    CreateRoom(body, c) {
      if (!c.video?.roomCreate) throw new TwirpFailure("unauthenticated", "permissions denied: requires roomCreate");
      const name = str(body, "name");
      if (!name) throw invalid("room name is required");
      const { room, created } = ensureRoom(name, body);
      if (created) {
        const agents = pick(body, "agents");
        if (Array.isArray(agents)) {
          for (const a of agents as Body[]) addDispatch(name, str(a, "agentName"), str(a, "metadata"));
        }
      }
      return room.room;
    },
    ListRooms(body, c) {
      if (!c.video?.roomList) throw new TwirpFailure("unauthenticated", "permissions denied: requires roomList");
      const names = strList(body, "names");
      const rooms = [...state.rooms.values()].filter((r) => names.length === 0 || names.includes(r.room.name));
      return { rooms: rooms.map((r) => r.room.toJson(JSON_OUT)) };
    },
    DeleteRoom(body, c) {
      if (!c.video?.roomCreate) throw new TwirpFailure("unauthenticated", "permissions denied: requires roomCreate");
      const name = requiredStr(body, "room");
      getRoom(name);
      state.rooms.delete(name);
      for (const [id, d] of state.dispatches) if (d.room === name) state.dispatches.delete(id);
      return {};
    },
    ListParticipants(body, c) {
      const roomName = str(body, "room");
      requireRoomAdmin(c, roomName);
      return { participants: [...getRoom(roomName).participants.values()].map((p) => p.toJson(JSON_OUT)) };
    },
    GetParticipant(body, c) {
      const roomName = str(body, "room");
      requireRoomAdmin(c, roomName);
      return getParticipant(roomName, str(body, "identity"));
    },
    RemoveParticipant(body, c) {
      const roomName = str(body, "room");
      requireRoomAdmin(c, roomName);
      const identity = requiredStr(body, "identity");
      getParticipant(roomName, identity);
      const room = getRoom(roomName);
      room.participants.delete(identity);
      room.room.numParticipants = room.participants.size;
      return {};
    },
    UpdateParticipant(body, c) {
      const roomName = str(body, "room");
      requireRoomAdmin(c, roomName);
      const p = getParticipant(roomName, str(body, "identity"));
      const metadata = pick(body, "metadata");
      if (typeof metadata === "string" && metadata !== "") p.metadata = metadata;
      const name = pick(body, "name");
      if (typeof name === "string" && name !== "") p.name = name;
      const attrs = obj(body, "attributes");
      if (attrs) {
        for (const [k, v] of Object.entries(attrs)) {
          if (v === "") delete p.attributes[k];
          else p.attributes[k] = String(v);
        }
      }
      return p;
    },
    UpdateRoomMetadata(body, c) {
      const roomName = str(body, "room");
      requireRoomAdmin(c, roomName);
      const r = getRoom(roomName);
      r.room.metadata = str(body, "metadata");
      return r.room;
    },
  };

  const agentDispatch: Record<string, Handler> = {
    CreateDispatch(body, c) {
      const roomName = str(body, "room");
      requireRoomAdmin(c, roomName);
      const agentName = str(body, "agentName");
      return addDispatch(roomName, agentName, str(body, "metadata"));
    },
    ListDispatch(body, c) {
      const roomName = str(body, "room");
      requireRoomAdmin(c, roomName);
      const id = str(body, "dispatchId");
      const items = [...state.dispatches.values()].filter((d) => d.room === roomName && (!id || d.id === id));
      return { agent_dispatches: items.map((d) => d.toJson(JSON_OUT)) };
    },
    DeleteDispatch(body, c) {
      const roomName = str(body, "room");
      requireRoomAdmin(c, roomName);
      const d = state.dispatches.get(requiredStr(body, "dispatchId"));
      if (!d || d.room !== roomName) throw notFound("dispatch not found");
      state.dispatches.delete(d.id);
      return d;
    },
  };

  // ── LiveKit Phone Numbers (Cloud only; US numbers) ──
  const phoneJson = (n: FakePhoneNumber) => ({
    id: n.id,
    e164_format: n.e164,
    country_code: n.countryCode,
    area_code: n.areaCode,
    number_type: n.numberType,
    locality: n.locality,
    region: n.region,
    capabilities: ["voice"],
    status: n.status,
    sip_dispatch_rule_id: n.sipDispatchRuleId,
    assigned_at: null,
    released_at: null,
  });
  const findNumber = (body: Body): FakePhoneNumber => {
    const id = str(body, "id");
    const e164 = str(body, "phoneNumber");
    const n = [...state.phoneNumbers.values()].find((p) => p.owned && (id ? p.id === id : p.e164 === e164));
    if (!n || (!id && !e164)) throw notFound("phone number not found");
    return n;
  };
  const phoneNumbers: Record<string, Handler> = {
    SearchPhoneNumbers(body, c) {
      requireSipAdmin(c);
      const country = str(body, "countryCode");
      if (!country) throw invalid("country_code is required");
      const area = str(body, "areaCode");
      const limit = Number(pick(body, "limit") ?? 50) || 50;
      const items = [...state.phoneNumbers.values()]
        .filter((n) => !n.owned && n.countryCode === country && (!area || n.areaCode === area))
        .slice(0, limit);
      return { items: items.map(phoneJson) };
    },
    PurchasePhoneNumber(body, c) {
      requireSipAdmin(c);
      const wanted = strList(body, "phoneNumbers");
      if (wanted.length === 0) throw invalid("phone_numbers is required");
      const found = wanted.map((e164) => {
        const n = [...state.phoneNumbers.values()].find((p) => p.e164 === e164 && !p.owned);
        if (!n) throw notFound(`phone number ${e164} is not available`);
        return n;
      });
      for (const n of found) {
        n.owned = true;
        n.status = "PHONE_NUMBER_STATUS_ACTIVE";
        n.sipDispatchRuleId = str(body, "sipDispatchRuleId");
      }
      return { phone_numbers: found.map((n) => ({ id: n.id, e164_format: n.e164, status: n.status })) };
    },
    ListPhoneNumbers(body, c) {
      requireSipAdmin(c);
      const statuses = strList(body, "statuses");
      const items = [...state.phoneNumbers.values()].filter(
        (n) => n.owned && (statuses.length === 0 || statuses.includes(n.status)),
      );
      return { items: items.map(phoneJson), total_count: items.length };
    },
    GetPhoneNumber(body, c) {
      requireSipAdmin(c);
      return { phone_number: phoneJson(findNumber(body)) };
    },
    UpdatePhoneNumber(body, c) {
      requireSipAdmin(c);
      const n = findNumber(body);
      n.sipDispatchRuleId = str(body, "sipDispatchRuleId");
      return { phone_number: phoneJson(n) };
    },
    ReleasePhoneNumbers(body, c) {
      requireSipAdmin(c);
      const ids = strList(body, "ids");
      const numbers = strList(body, "phoneNumbers");
      if (ids.length === 0 && numbers.length === 0) throw invalid("ids or phone_numbers is required");
      for (const n of state.phoneNumbers.values()) {
        if (n.owned && (ids.includes(n.id) || numbers.includes(n.e164))) {
          n.status = "PHONE_NUMBER_STATUS_RELEASED";
          n.owned = false;
          n.sipDispatchRuleId = "";
        }
      }
      return {};
    },
  };

  const services: Record<string, Record<string, Handler>> = {
    "livekit.SIP": sip,
    "livekit.RoomService": roomService,
    "livekit.AgentDispatchService": agentDispatch,
    "livekit.PhoneNumberService": phoneNumbers,
  };

  async function authenticate(req: http.IncomingMessage): Promise<Claims> {
    const header = req.headers.authorization ?? "";
    if (!header.startsWith("Bearer ")) throw new TwirpFailure("unauthenticated", "invalid authorization header");
    const token = header.slice("Bearer ".length);
    let iss: string | undefined;
    try {
      iss = decodeJwt(token).iss;
    } catch {
      throw new TwirpFailure("unauthenticated", "invalid token");
    }
    if (iss !== apiKey) throw new TwirpFailure("unauthenticated", "invalid API key");
    try {
      const { payload } = await jwtVerify(token, new TextEncoder().encode(apiSecret), {
        algorithms: ["HS256"],
        issuer: apiKey,
        clockTolerance: 5,
      });
      return payload as Claims;
    } catch (e) {
      throw new TwirpFailure("unauthenticated", `invalid token: ${(e as Error).message}`);
    }
  }

  function respond(res: http.ServerResponse, status: number, body: string): void {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(body);
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      try {
        const match = /^\/twirp\/([\w.]+)\/(\w+)$/.exec(new URL(req.url ?? "/", "http://x").pathname);
        const handler = match ? services[match[1]!]?.[match[2]!] : undefined;
        if (req.method !== "POST" || !match || !handler) {
          throw new TwirpFailure("bad_route", `no handler for path ${req.url}`);
        }
        const claims = await authenticate(req);
        let body: Body;
        try {
          const text = Buffer.concat(chunks).toString("utf8");
          const parsed: unknown = text ? JSON.parse(text) : {};
          if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
          body = parsed as Body;
        } catch {
          throw new TwirpFailure("malformed", "the json request could not be decoded");
        }
        state.requests.push({ service: match[1]!, method: match[2]!, claims, body });
        const out = handler(body, claims);
        const json =
          out && typeof out === "object" && "toJson" in out && typeof out.toJson === "function"
            ? (out as { toJson(o: typeof JSON_OUT): unknown }).toJson(JSON_OUT)
            : out;
        respond(res, 200, JSON.stringify(json));
      } catch (e) {
        const f = e instanceof TwirpFailure ? e : new TwirpFailure("internal", (e as Error).message);
        respond(res, f.status, f.toBody());
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  async function signWebhook(input: WebhookInput): Promise<{ body: string; authorization: string }> {
    const known = state.rooms.get(input.room.name)?.room;
    const room = new Room({
      ...(known ? { sid: known.sid, creationTime: known.creationTime, metadata: known.metadata } : {}),
      ...input.room,
      sid: input.room.sid ?? known?.sid ?? newId("RM_"),
    });
    const knownP = input.participant
      ? state.rooms.get(input.room.name)?.participants.get(input.participant.identity)
      : undefined;
    const participant = input.participant
      ? new ParticipantInfo({
          ...(knownP ? { sid: knownP.sid, kind: knownP.kind, attributes: knownP.attributes, name: knownP.name } : {}),
          ...input.participant,
          sid: input.participant.sid ?? knownP?.sid ?? newId("PA_"),
        })
      : undefined;
    const event = new WebhookEvent({
      room,
      participant,
      id: input.id ?? newId("EV_"),
      createdAt: BigInt(input.createdAt ?? Math.floor(Date.now() / 1000)),
    });
    // The SDK's WebhookEvent subclass resets `event` in its constructor.
    event.event = input.event;
    // protojson with default options: camelCase names, defaults omitted.
    const body = event.toJsonString();
    const at = new AccessToken(apiKey, apiSecret, { ttl: "5m" });
    at.sha256 = crypto.createHash("sha256").update(body).digest("base64");
    return { body, authorization: await at.toJwt() };
  }

  const fake: LiveKitFake = {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    apiSecret,
    state,
    failNextSipCall(status, reason) {
      pendingSipFailures.push({ status, reason: reason ?? SIP_REASONS[status] ?? "Failure" });
    },
    async simulateInboundCall(calledNumber, callerNumber, opts = {}) {
      const call = { called: calledNumber, caller: callerNumber, sourceIp: opts.sourceIp, pin: opts.pin };
      const trunk = matchInboundTrunk(state.inboundTrunks.values(), call);
      const rule = matchDispatchRule(state.dispatchRules.values(), trunk, call);
      if (!rule) throw new TwirpFailure("not_found", "no dispatch rule matched: call rejected (DROP)");
      const random = crypto.randomBytes(6).toString("base64url");
      const r = rule.rule!.rule;
      let roomName: string;
      if (r.case === "dispatchRuleDirect") roomName = r.value.roomName;
      else if (r.case === "dispatchRuleIndividual")
        roomName = r.value.noRandomness
          ? `${r.value.roomPrefix}_${callerNumber}`
          : `${r.value.roomPrefix}_${callerNumber}_${random}`;
      else if (r.case === "dispatchRuleCallee")
        roomName = r.value.randomize
          ? `${r.value.roomPrefix}_${calledNumber}_${random}`
          : `${r.value.roomPrefix}_${calledNumber}`;
      else throw new TwirpFailure("internal", "rule without a kind");
      const { room, created } = ensureRoom(roomName);
      const sipCallId = newId("SCL_");
      const hide = rule.hidePhoneNumber;
      const identity = hide
        ? `sip_${crypto.createHash("sha256").update(callerNumber).digest("hex").slice(0, 16)}`
        : `sip_${callerNumber}`;
      const attributes: Record<string, string> = {
        ...rule.attributes,
        "sip.callID": sipCallId,
        "sip.callStatus": "active",
        "sip.trunkID": trunk?.sipTrunkId ?? "",
        "sip.ruleID": rule.sipDispatchRuleId,
      };
      if (!hide) {
        attributes["sip.phoneNumber"] = callerNumber;
        attributes["sip.trunkPhoneNumber"] = calledNumber;
      }
      joinSipParticipant(room, {
        identity,
        name: hide ? `Phone ${callerNumber.slice(-4)}` : `Phone ${callerNumber}`,
        metadata: rule.metadata,
        attributes,
      });
      // The rule's room_config only applies when this join creates the room.
      const config = rule.roomConfig ?? new RoomConfiguration();
      const dispatches = created ? config.agents.map((a) => addDispatch(roomName, a.agentName, a.metadata)) : [];
      state.sipCalls.push({
        sipCallId,
        direction: "inbound",
        trunkId: trunk?.sipTrunkId ?? "",
        roomName,
        participantIdentity: identity,
        remoteNumber: callerNumber,
        trunkNumber: calledNumber,
        ruleId: rule.sipDispatchRuleId,
        status: "active",
      });
      return {
        roomName,
        participantIdentity: identity,
        sipCallId,
        trunkId: trunk?.sipTrunkId ?? null,
        ruleId: rule.sipDispatchRuleId,
        dispatches: dispatches.map((d) => ({ id: d.id, agentName: d.agentName, metadata: d.metadata })),
        dispatchMetadata: dispatches[0]?.metadata,
      };
    },
    addAvailablePhoneNumber(e164, o = {}) {
      const id = newId("PN_");
      state.phoneNumbers.set(id, {
        id,
        e164,
        countryCode: o.countryCode ?? "US",
        areaCode: o.areaCode ?? e164.slice(2, 5),
        numberType: o.numberType ?? "PHONE_NUMBER_TYPE_LOCAL",
        locality: o.locality ?? "",
        region: o.region ?? "",
        status: o.status ?? "PHONE_NUMBER_STATUS_PENDING",
        sipDispatchRuleId: "",
        owned: false,
      });
    },
    signWebhook,
    async sendWebhook(targetUrl, event) {
      const { body, authorization } = await signWebhook(event);
      return fetch(targetUrl, {
        method: "POST",
        headers: { "content-type": "application/webhook+json", authorization },
        body,
      });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
  // A small US inventory (LiveKit Phone Numbers sells US numbers only).
  for (let i = 0; i < 5; i++)
    fake.addAvailablePhoneNumber(`+1415555010${i}`, { locality: "San Francisco", region: "CA" });
  fake.addAvailablePhoneNumber("+18885550100", { areaCode: "888", numberType: "PHONE_NUMBER_TYPE_TOLL_FREE" });
  return fake;
}
