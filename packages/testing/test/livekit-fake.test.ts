import {
  AccessToken,
  AgentDispatchClient,
  RoomServiceClient,
  SipCallError,
  SipClient,
  TwirpError,
  WebhookReceiver,
} from "livekit-server-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LiveKitFake, startLiveKitFake } from "../src/livekit";

let lk: LiveKitFake;
let sip: SipClient;
beforeAll(async () => {
  lk = await startLiveKitFake();
  sip = new SipClient(lk.url, lk.apiKey, lk.apiSecret);
});
afterAll(async () => {
  await lk.close();
});

async function twirpError(p: Promise<unknown>): Promise<TwirpError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TwirpError);
  return e as TwirpError;
}

async function tokenWith(
  grants: { sip?: { admin?: boolean; call?: boolean }; video?: Record<string, unknown> },
  secret = lk.apiSecret,
) {
  const at = new AccessToken(lk.apiKey, secret, { ttl: "1m" });
  if (grants.sip) at.addSIPGrant(grants.sip);
  if (grants.video) at.addGrant(grants.video);
  return at.toJwt();
}

describe("authentication and grants", () => {
  it("rejects an unknown key, a bad signature and a missing Bearer prefix as unauthenticated", async () => {
    const wrongKey = new SipClient(lk.url, "APIother", lk.apiSecret);
    expect((await twirpError(wrongKey.listSipInboundTrunk())).code).toBe("unauthenticated");
    const wrongSecret = new SipClient(lk.url, lk.apiKey, "not-the-secret");
    const e = await twirpError(wrongSecret.listSipInboundTrunk());
    expect(e.status).toBe(401);
    const token = await tokenWith({ sip: { admin: true } });
    const res = await fetch(`${lk.url}/twirp/livekit.SIP/ListSIPInboundTrunk`, {
      method: "POST",
      headers: { authorization: token, "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: "unauthenticated" });
  });

  it("requires sip.admin for trunk CRUD and sip.call for calls", async () => {
    const callOnly = new SipClient(lk.url, undefined, undefined, { token: await tokenWith({ sip: { call: true } }) });
    expect((await twirpError(callOnly.listSipDispatchRule())).code).toBe("unauthenticated");
    const adminOnly = new SipClient(lk.url, undefined, undefined, { token: await tokenWith({ sip: { admin: true } }) });
    expect((await twirpError(adminOnly.createSipParticipant("ST_x", "+61400000000", "r"))).code).toBe(
      "unauthenticated",
    );
  });

  it("requires roomAdmin for the request's room", async () => {
    await new RoomServiceClient(lk.url, lk.apiKey, lk.apiSecret).createRoom({ name: "grant-room" });
    const otherRoom = new RoomServiceClient(lk.url, undefined, undefined, {
      token: await tokenWith({ video: { roomAdmin: true, room: "another" } }),
    });
    expect((await twirpError(otherRoom.listParticipants("grant-room"))).code).toBe("unauthenticated");
    const listOnly = new RoomServiceClient(lk.url, undefined, undefined, {
      token: await tokenWith({ video: { roomList: true } }),
    });
    expect((await listOnly.listRooms(["grant-room"])).map((r) => r.name)).toEqual(["grant-room"]);
    expect((await twirpError(listOnly.createRoom({ name: "nope" }))).code).toBe("unauthenticated");
  });

  it("requires sip.call AND roomAdmin on the room for transfers", async () => {
    const callOnly = new SipClient(lk.url, undefined, undefined, { token: await tokenWith({ sip: { call: true } }) });
    expect((await twirpError(callOnly.transferSipParticipant("grant-room", "p", "tel:+61299998888"))).code).toBe(
      "unauthenticated",
    );
  });
});

describe("wire format", () => {
  it("answers in snake_case with every default field", async () => {
    const t = await sip.createSipInboundTrunk("wire", ["+61255500001"]);
    const token = await tokenWith({ sip: { admin: true } });
    const res = await fetch(`${lk.url}/twirp/livekit.SIP/ListSIPInboundTrunk`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ trunk_ids: [t.sipTrunkId, "ST_missing"] }),
    });
    expect(res.headers.get("content-type")).toBe("application/json");
    const body = (await res.json()) as { items: Array<Record<string, unknown>> };
    expect(body.items[0]).toMatchObject({
      sip_trunk_id: t.sipTrunkId,
      numbers: ["+61255500001"],
      allowed_addresses: [],
      auth_username: "",
      krisp_enabled: false,
      include_headers: "SIP_NO_HEADERS",
    });
    // A missing id comes back as an empty item in its position.
    expect(body.items[1]).toMatchObject({ sip_trunk_id: "" });
    const bad = await fetch(`${lk.url}/twirp/livekit.SIP/Nope`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(bad.status).toBe(404);
    expect(await bad.json()).toMatchObject({ code: "bad_route" });
  });
});

describe("inbound trunk rules", () => {
  it("enforces the security rule", async () => {
    const e = await twirpError(sip.createSipInboundTrunk("open", []));
    expect(e.code).toBe("invalid_argument");
    expect(e.message).toBe(
      "for security, one of the fields must be set: AuthUsername+AuthPassword, AllowedAddresses or Numbers",
    );
    const withAuth = await sip.createSipInboundTrunk("auth-only", [], { authUsername: "u", authPassword: "p" });
    expect(withAuth.sipTrunkId).toMatch(/^ST_/);
    // Only one open (no numbers, no allowed numbers) trunk may exist.
    expect(
      (await twirpError(sip.createSipInboundTrunk("auth-only-2", [], { allowedAddresses: ["10.0.0.1"] }))).message,
    ).toMatch(/^Conflicting inbound SIP Trunks/);
    await sip.deleteSipTrunk(withAuth.sipTrunkId);
  });

  it("detects number conflicts after normalization, unless allowed numbers are disjoint", async () => {
    const first = await sip.createSipInboundTrunk("a", ["+61 2 5550 7777"]);
    for (const variant of ["+61255507777", "61255507777", "+61 (2) 5550-7777"]) {
      const e = await twirpError(sip.createSipInboundTrunk("b", [variant], { allowedAddresses: ["1.2.3.4"] }));
      expect(e.code).toBe("invalid_argument");
      expect(e.status).toBe(400);
      expect(e.message).toBe(
        `Conflicting inbound SIP Trunks: "${first.sipTrunkId}" and "<new>", using the same number(s) [+61255507777] without AllowedNumbers set`,
      );
    }
    await sip.deleteSipTrunk(first.sipTrunkId);
    const x = await sip.createSipInboundTrunk("x", ["+61255508888"], { allowedNumbers: ["+61400000001"] });
    const y = await sip.createSipInboundTrunk("y", ["+61255508888"], { allowedNumbers: ["+61400000002"] });
    expect(x.sipTrunkId).not.toBe(y.sipTrunkId);
    const e = await twirpError(
      sip.createSipInboundTrunk("z", ["+61255508888"], { allowedNumbers: ["+61 400 000 002"] }),
    );
    expect(e.message).toContain('and AllowedNumber "+61400000002"');
  });

  it("rejects a preset id and forbidden headers, re-checks conflicts on update, and 404s unknown ids", async () => {
    const token = await tokenWith({ sip: { admin: true } });
    const res = await fetch(`${lk.url}/twirp/livekit.SIP/CreateSIPInboundTrunk`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({ trunk: { sip_trunk_id: "ST_mine", numbers: ["+61255509999"] } }),
    });
    expect(res.status).toBe(400);
    expect(
      (await twirpError(sip.createSipInboundTrunk("h", ["+61255509998"], { headers: { "Call-ID": "x" } }))).code,
    ).toBe("invalid_argument");
    const a = await sip.createSipInboundTrunk("a", ["+61255509997"]);
    const b = await sip.createSipInboundTrunk("b", ["+61255509996"]);
    const e = await twirpError(
      sip.updateSipInboundTrunkFields(b.sipTrunkId, { numbers: { add: ["+61255509997"] } as never }),
    );
    expect(e.message).toMatch(/^Conflicting inbound SIP Trunks/);
    expect(lk.state.inboundTrunks.get(b.sipTrunkId)!.numbers).toEqual(["+61255509996"]);
    expect((await twirpError(sip.updateSipInboundTrunkFields("ST_nope", { name: "x" }))).code).toBe("not_found");
    await sip.deleteSipTrunk(a.sipTrunkId);
    await sip.deleteSipTrunk(a.sipTrunkId); // idempotent
    expect((await twirpError(sip.deleteSipDispatchRule("SDR_nope"))).code).toBe("not_found");
  });
});

describe("outbound trunk rules", () => {
  it("requires numbers and a bare address", async () => {
    const transport = 0 as never;
    expect((await twirpError(sip.createSipOutboundTrunk("o", "sip.example.com", [], { transport }))).message).toBe(
      "no trunk numbers specified",
    );
    expect((await twirpError(sip.createSipOutboundTrunk("o", "", ["+61255500000"], { transport }))).message).toBe(
      "no outbound address specified",
    );
    for (const address of ["sip:sip.example.com", "sip.example.com;transport=tcp", "user@sip.example.com"]) {
      expect((await twirpError(sip.createSipOutboundTrunk("o", address, ["+61255500000"], { transport }))).code).toBe(
        "invalid_argument",
      );
    }
  });

  it("updates fields in place, keeps id and created time, and re-validates", async () => {
    const t = await sip.createSipOutboundTrunk("carrier", "sip.example.com", ["+61255506666"], {
      transport: 0 as never,
    });
    const updated = await sip.updateSipOutboundTrunkFields(t.sipTrunkId, {
      name: "renamed",
      numbers: { add: ["+61255506667"] } as never,
    });
    expect(updated.sipTrunkId).toBe(t.sipTrunkId);
    expect(updated.name).toBe("renamed");
    expect(updated.address).toBe("sip.example.com");
    expect(updated.numbers).toEqual(["+61255506666", "+61255506667"]);
    expect(updated.createdAt?.seconds).toBe(t.createdAt?.seconds);
    const [listed] = await sip.listSipOutboundTrunk({ trunkIds: [t.sipTrunkId] } as never);
    expect(listed?.name).toBe("renamed");
    const cleared = await twirpError(
      sip.updateSipOutboundTrunkFields(t.sipTrunkId, { numbers: { clear: true } as never }),
    );
    expect(cleared.message).toBe("no trunk numbers specified");
  });
});

describe("dispatch rule rules", () => {
  it("conflicts on the same trunk/number/pin keys only", async () => {
    const t = await sip.createSipInboundTrunk("rules", ["+61255501111"]);
    const r1 = await sip.createSipDispatchRule(
      { type: "individual", roomPrefix: "call" },
      { trunkIds: [t.sipTrunkId], name: "first" },
    );
    const e = await twirpError(
      sip.createSipDispatchRule({ type: "individual", roomPrefix: "other" }, { trunkIds: [t.sipTrunkId] }),
    );
    expect(e.message).toBe(
      `Dispatch rule for the same trunk, inbound number, number, and PIN combination already exists in dispatch rule "${r1.sipDispatchRuleId}" "first"`,
    );
    // A PIN, or no trunk ids, avoid the conflict.
    await sip.createSipDispatchRule(
      { type: "individual", roomPrefix: "pin", pin: "1234" },
      { trunkIds: [t.sipTrunkId] },
    );
    const wildcard = await sip.createSipDispatchRule({ type: "individual", roomPrefix: "wild" }, {});
    // Missing rule, unknown id on update.
    const token = await tokenWith({ sip: { admin: true } });
    const res = await fetch(`${lk.url}/twirp/livekit.SIP/CreateSIPDispatchRule`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({ trunk_ids: ["ST_zzz"] }),
    });
    expect(await res.json()).toMatchObject({ code: "invalid_argument", msg: "missing rule" });
    expect((await twirpError(sip.updateSipDispatchRuleFields("SDR_nope", { name: "n" }))).code).toBe("not_found");
    // Deleting a trunk does not cascade to its rules.
    await sip.deleteSipTrunk(t.sipTrunkId);
    expect(lk.state.dispatchRules.get(r1.sipDispatchRuleId)?.trunkIds).toEqual([t.sipTrunkId]);
    await sip.deleteSipDispatchRule(wildcard.sipDispatchRuleId);
  });

  it("matches calls like livekit-server: trunk-specific rule first, exact rule numbers", async () => {
    const t = await sip.createSipInboundTrunk("match", ["+61255502222"]);
    const specific = await sip.createSipDispatchRule(
      { type: "individual", roomPrefix: "call" },
      {
        trunkIds: [t.sipTrunkId],
        metadata: "rule-meta",
        attributes: { tenant: "acme" },
        roomConfig: { agents: [{ agentName: "receptionist", metadata: '{"tenantId":"t1"}' }] } as never,
      },
    );
    const wild = await sip.createSipDispatchRule({ type: "callee", roomPrefix: "wild" }, {});
    const call = await lk.simulateInboundCall("+61 2 5550 2222", "+61400999888");
    expect(call.ruleId).toBe(specific.sipDispatchRuleId);
    expect(call.roomName).toMatch(/^call_\+61400999888_[\w-]+$/);
    expect(call.dispatches).toEqual([
      { id: expect.stringMatching(/^AD_/), agentName: "receptionist", metadata: '{"tenantId":"t1"}' },
    ]);
    const p = lk.state.rooms.get(call.roomName)!.participants.get("sip_+61400999888")!;
    expect(p.kind).toBe(3);
    expect(p.metadata).toBe("rule-meta");
    expect(p.attributes).toMatchObject({
      tenant: "acme",
      "sip.trunkID": t.sipTrunkId,
      "sip.ruleID": specific.sipDispatchRuleId,
      "sip.phoneNumber": "+61400999888",
      "sip.trunkPhoneNumber": "+61 2 5550 2222",
      "sip.callID": call.sipCallId,
    });
    // No trunk for this number: only the trunk-less rule matches.
    const other = await lk.simulateInboundCall("+61255503333", "+61400999888");
    expect(other.ruleId).toBe(wild.sipDispatchRuleId);
    expect(other.roomName).toBe("wild_+61255503333");
    await sip.deleteSipDispatchRule(wild.sipDispatchRuleId);
    await expect(lk.simulateInboundCall("+61255503333", "+61400999888")).rejects.toThrow(/no dispatch rule matched/);
  });
});

describe("CreateSIPParticipant and transfer", () => {
  it("validates the request and maps SIP failures to Twirp codes with sip_status_code", async () => {
    const out = await sip.createSipOutboundTrunk("out", "sip.example.com", ["+61255504444"], { transport: 0 as never });
    expect((await twirpError(sip.createSipParticipant("", "+61400000000", "r"))).code).toBe("invalid_argument");
    expect((await twirpError(sip.createSipParticipant(out.sipTrunkId, "", "r"))).code).toBe("invalid_argument");
    expect((await twirpError(sip.createSipParticipant(out.sipTrunkId, "bob@example.com", "r"))).code).toBe(
      "invalid_argument",
    );
    expect((await twirpError(sip.createSipParticipant(out.sipTrunkId, "+61400000000", ""))).code).toBe(
      "invalid_argument",
    );
    expect((await twirpError(sip.createSipParticipant("ST_unknown", "+61400000000", "r"))).code).toBe("not_found");

    for (const [status, code] of [
      [486, "resource_exhausted"],
      [603, "permission_denied"],
      [404, "not_found"],
      [408, "deadline_exceeded"],
      [500, "failed_precondition"],
    ] as const) {
      lk.failNextSipCall(status);
      const e = await sip
        .createSipParticipant(out.sipTrunkId, "+61400000000", "r-fail", { participantIdentity: "x" })
        .catch((x: unknown) => x);
      expect(e).toBeInstanceOf(SipCallError);
      expect((e as SipCallError).code).toBe(code);
      expect((e as SipCallError).sipStatusCode).toBe(status);
    }
    expect(lk.state.rooms.has("r-fail")).toBe(false);
  });

  it("creates a SIP participant that can then be transferred; transfer needs sip.callID", async () => {
    const out = await sip.createSipOutboundTrunk("out2", "sip.example.com", ["+61255505555"], {
      transport: 0 as never,
    });
    const p = await sip.createSipParticipant(out.sipTrunkId, "+61400000123", "xfer-room", {
      participantIdentity: "callee-1",
      waitUntilAnswered: true,
    });
    const rooms = new RoomServiceClient(lk.url, lk.apiKey, lk.apiSecret);
    const info = await rooms.getParticipant("xfer-room", "callee-1");
    expect(info.attributes["sip.callID"]).toBe(p.sipCallId);
    expect(info.attributes["sip.trunkID"]).toBe(out.sipTrunkId);
    expect((await twirpError(sip.transferSipParticipant("xfer-room", "callee-1", "+61299998888"))).code).toBe(
      "invalid_argument",
    );
    await sip.transferSipParticipant("xfer-room", "callee-1", "sip:desk@pbx.example.com");
    expect(lk.state.transfers.at(-1)).toMatchObject({
      transferTo: "<sip:desk@pbx.example.com>",
      sipCallId: p.sipCallId,
    });
    // A non-SIP participant has no SIP session.
    lk.state.rooms
      .get("xfer-room")!
      .participants.set("web", (await import("livekit-server-sdk")).ParticipantInfo.fromJson({ identity: "web" }));
    expect((await twirpError(sip.transferSipParticipant("xfer-room", "web", "tel:+61299998888"))).message).toBe(
      "no SIP session associated with participant",
    );
    expect((await twirpError(sip.transferSipParticipant("xfer-room", "ghost", "tel:+61299998888"))).code).toBe(
      "not_found",
    );
  });
});

describe("rooms and agent dispatch", () => {
  it("creates rooms with agents, lists, updates metadata, removes participants and deletes", async () => {
    const rooms = new RoomServiceClient(lk.url, lk.apiKey, lk.apiSecret);
    const room = await rooms.createRoom({
      name: "r-agents",
      agents: [{ agentName: "receptionist", metadata: "m1" } as never],
    });
    expect(room.sid).toMatch(/^RM_/);
    const dispatch = new AgentDispatchClient(lk.url, lk.apiKey, lk.apiSecret);
    const created = await dispatch.createDispatch("r-agents", "receptionist", { metadata: "m2" });
    expect((await dispatch.listDispatch("r-agents")).map((d) => d.metadata).sort()).toEqual(["m1", "m2"]);
    await dispatch.deleteDispatch(created.id, "r-agents");
    expect((await rooms.updateRoomMetadata("r-agents", "hello")).metadata).toBe("hello");
    await rooms.deleteRoom("r-agents");
    expect((await twirpError(rooms.deleteRoom("r-agents"))).message).toBe("requested room does not exist");
  });
});

describe("webhooks", () => {
  it("signs like livekit-server: WebhookReceiver accepts it, a tampered body is rejected", async () => {
    const { body, authorization } = await lk.signWebhook({
      event: "participant_left",
      room: { name: "wh-room", sid: "RM_abc" },
      participant: { identity: "sip_+61400000000", kind: 3 },
    });
    const receiver = new WebhookReceiver(lk.apiKey, lk.apiSecret);
    const event = await receiver.receive(body, authorization);
    expect(event.event).toBe("participant_left");
    expect(event.room?.name).toBe("wh-room");
    expect(event.participant?.identity).toBe("sip_+61400000000");
    expect(event.id).toMatch(/^EV_/);
    expect(authorization.startsWith("Bearer")).toBe(false);
    await expect(receiver.receive(body.replace("wh-room", "other"), authorization)).rejects.toThrow(/sha256/);
    await expect(new WebhookReceiver(lk.apiKey, "wrong").receive(body, authorization)).rejects.toThrow();
  });

  it("POSTs application/webhook+json to a URL", async () => {
    const http = await import("node:http");
    let seen: { type?: string; auth?: string; body: string } = { body: "" };
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        seen = { type: req.headers["content-type"], auth: req.headers.authorization, body };
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    const res = await lk.sendWebhook(`http://127.0.0.1:${port}/lk`, { event: "room_finished", room: { name: "done" } });
    expect(res.status).toBe(200);
    expect(seen.type).toBe("application/webhook+json");
    const event = await new WebhookReceiver(lk.apiKey, lk.apiSecret).receive(seen.body, seen.auth);
    expect(event.event).toBe("room_finished");
    server.close();
  });
});

describe("empty ids", () => {
  it("are refused with invalid_argument on every delete, as livekit-server does", async () => {
    const rooms = new RoomServiceClient(lk.url, lk.apiKey, lk.apiSecret);
    const dispatch = new AgentDispatchClient(lk.url, lk.apiKey, lk.apiSecret);
    await rooms.createRoom({ name: "empty-id-room" });
    const attempts: Promise<unknown>[] = [
      sip.deleteSipTrunk(""),
      sip.deleteSipDispatchRule(""),
      rooms.deleteRoom(""),
      rooms.removeParticipant("empty-id-room", ""),
      dispatch.deleteDispatch("", "empty-id-room"),
    ];
    for (const attempt of attempts) expect((await twirpError(attempt)).code).toBe("invalid_argument");
  });
});
