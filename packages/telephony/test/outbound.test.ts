import { forTenant } from "@articulate/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ensureOutboundTrunk,
  hangUpRoom,
  importByoNumber,
  LiveKitError,
  NotFoundError,
  OutboundCallFailedError,
  outboundParticipantIdentity,
  parseJobMetadata,
  placeOutboundCall,
  TransferFailedError,
  transferCall,
} from "../src";
import { createTenantWithAgent, type Fakes, startFakes } from "./helpers";

let fakes: Fakes;
beforeAll(async () => {
  fakes = await startFakes();
});
afterAll(async () => {
  await fakes.close();
});
const deps = () => ({ config: fakes.config });

async function tenantWithOutbound(number: string) {
  const { tenantId, agentId } = await createTenantWithAgent();
  const conn = await forTenant(tenantId).sipConnection.create({
    data: {
      tenantId,
      name: "VoIPline",
      provider: "BYO",
      address: "sip.voipline.example.net",
      transport: "SIP_TRANSPORT_TCP",
      authUsername: "acme01",
      authPasswordEnc: (await import("@articulate/db")).encryptSecret("Outb0und-Pass!"),
      status: "PROVISIONING",
    },
  });
  const { phoneNumber } = await importByoNumber(
    { tenantId, phoneNumber: number, agentId, sipConnectionId: conn.id },
    deps(),
  );
  return { tenantId, agentId, conn, phoneNumber };
}

describe("ensureOutboundTrunk", () => {
  it("creates one trunk per connection with decrypted credentials, and reuses it", async () => {
    const { tenantId, conn, phoneNumber } = await tenantWithOutbound("0281110001");
    const id = await ensureOutboundTrunk(tenantId, conn.id, deps());
    const trunk = fakes.livekit.state.outboundTrunks.get(id)!;
    expect(trunk.address).toBe("sip.voipline.example.net");
    expect(trunk.numbers).toEqual([phoneNumber.e164]);
    expect(trunk.authUsername).toBe("acme01");
    expect(trunk.authPassword).toBe("Outb0und-Pass!");
    expect(trunk.transport).toBe(2);
    expect(await ensureOutboundTrunk(tenantId, conn.id, deps())).toBe(id);
    // Lost id in the DB: adopted by metadata, not duplicated.
    await forTenant(tenantId).sipConnection.update({ where: { id: conn.id }, data: { livekitOutboundTrunkId: null } });
    expect(await ensureOutboundTrunk(tenantId, conn.id, deps())).toBe(id);
    const row = await forTenant(tenantId).sipConnection.findFirstOrThrow({ where: { id: conn.id } });
    expect(row.status).toBe("ACTIVE");
  });

  it("marks an invalid connection FAILED with LiveKit's reason", async () => {
    const { tenantId } = await createTenantWithAgent();
    const conn = await forTenant(tenantId).sipConnection.create({
      data: { tenantId, name: "bad", provider: "BYO", address: "sip:carrier.example.com", numbers: ["+61281119999"] },
    });
    await expect(ensureOutboundTrunk(tenantId, conn.id, deps())).rejects.toThrow(/sip: or sips: scheme/);
    const row = await forTenant(tenantId).sipConnection.findFirstOrThrow({ where: { id: conn.id } });
    expect(row.status).toBe("FAILED");
    expect(row.failureReason).toMatch(/sip: or sips: scheme/);
  });
});

describe("placeOutboundCall", () => {
  it("creates the room, dispatches the agent with the call's metadata and dials with a unique identity", async () => {
    const { tenantId, agentId, phoneNumber } = await tenantWithOutbound("0281110002");
    const before = fakes.livekit.state.requests.length;
    const placed = await placeOutboundCall(
      {
        tenantId,
        agentId,
        fromPhoneNumberId: phoneNumber.id,
        to: "0412 345 678",
        callId: "call_abc",
        roomName: "out_call_abc",
      },
      deps(),
    );
    expect(placed.participantIdentity).toBe(outboundParticipantIdentity("call_abc"));
    expect(placed.sipCallId).toMatch(/^SCL_/);
    const room = fakes.livekit.state.rooms.get("out_call_abc")!;
    const p = room.participants.get(placed.participantIdentity)!;
    expect(p.kind).toBe(3);
    expect(p.attributes["sip.callID"]).toBe(placed.sipCallId);
    expect(p.attributes["sip.phoneNumber"]).toBe("+61412345678");
    expect(p.attributes["sip.trunkPhoneNumber"]).toBe(phoneNumber.e164);
    const dispatch = fakes.livekit.state.dispatches.get(placed.dispatchId)!;
    expect(dispatch.agentName).toBe("receptionist");
    // The worker reads it through the same versioned contract.
    expect(parseJobMetadata(dispatch.metadata)).toEqual({
      v: 1,
      kind: "outbound",
      tenantId,
      agentId,
      phoneNumberId: phoneNumber.id,
      callId: "call_abc",
      to: "+61412345678",
      participantIdentity: outboundParticipantIdentity("call_abc"),
    });
    const requests = fakes.livekit.state.requests.slice(before);
    const create = requests.find((r) => r.method === "CreateSIPParticipant")!;
    expect(create.claims.sip).toEqual({ call: true });
    expect(create.body).toMatchObject({
      sipCallTo: "+61412345678",
      sipNumber: phoneNumber.e164,
      roomName: "out_call_abc",
      participantIdentity: "sip_out_call_abc",
      waitUntilAnswered: true,
    });
    const dispatchReq = requests.find((r) => r.method === "CreateDispatch")!;
    expect(dispatchReq.claims.video).toMatchObject({ roomAdmin: true, room: "out_call_abc" });
    // Order: room, then dispatch, then the call.
    expect(
      requests.map((r) => r.method).filter((m) => ["CreateRoom", "CreateDispatch", "CreateSIPParticipant"].includes(m)),
    ).toEqual(["CreateRoom", "CreateDispatch", "CreateSIPParticipant"]);
  });

  it("passes post-connect keypad digits (an extension) to CreateSIPParticipant, and refuses other characters", async () => {
    const { tenantId, agentId, phoneNumber } = await tenantWithOutbound("0281110009");
    const before = fakes.livekit.state.requests.length;
    const input = {
      tenantId,
      agentId,
      fromPhoneNumberId: phoneNumber.id,
      to: "0412 345 679",
      callId: "call_dtmf",
      roomName: "out_call_dtmf",
    };
    await placeOutboundCall({ ...input, dtmf: "ww204#" }, deps());
    const create = fakes.livekit.state.requests.slice(before).find((r) => r.method === "CreateSIPParticipant")!;
    expect(create.body).toMatchObject({ dtmf: "ww204#" });
    await expect(placeOutboundCall({ ...input, callId: "call_dtmf2", dtmf: "12;3" }, deps())).rejects.toThrow(/dtmf/);
  });

  for (const [status, outcome, message] of [
    [486, "busy", "0412 345 678 is busy. Try again later."],
    [603, "declined", "0412 345 678 declined the call."],
    [404, "not_found", "0412 345 678 does not exist or cannot be reached. Check the number."],
  ] as const) {
    it(`maps SIP ${status} to ${outcome} and removes the room`, async () => {
      const { tenantId, agentId, phoneNumber } = await tenantWithOutbound(`028111${status}0`);
      fakes.livekit.failNextSipCall(status);
      const roomName = `out_fail_${status}`;
      const err = await placeOutboundCall(
        { tenantId, agentId, fromPhoneNumberId: phoneNumber.id, to: "+61412345678", callId: `c${status}`, roomName },
        deps(),
      ).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OutboundCallFailedError);
      expect((err as OutboundCallFailedError).outcome).toBe(outcome);
      expect((err as OutboundCallFailedError).sipStatusCode).toBe(status);
      expect((err as Error).message).toBe(message);
      expect(fakes.livekit.state.rooms.has(roomName)).toBe(false);
    });
  }

  it("refuses an agent or number from another tenant", async () => {
    const a = await tenantWithOutbound("0281110003");
    const b = await createTenantWithAgent();
    await expect(
      placeOutboundCall(
        {
          tenantId: b.tenantId,
          agentId: b.agentId,
          fromPhoneNumberId: a.phoneNumber.id,
          to: "+61412345678",
          callId: "x1",
          roomName: "r-x1",
        },
        deps(),
      ),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      placeOutboundCall(
        {
          tenantId: a.tenantId,
          agentId: "",
          fromPhoneNumberId: a.phoneNumber.id,
          to: "+61412345678",
          callId: "x2",
          roomName: "r-x2",
        },
        deps(),
      ),
    ).rejects.toThrow(/^agentId:/);
    await expect(
      placeOutboundCall(
        {
          tenantId: a.tenantId,
          agentId: a.agentId,
          fromPhoneNumberId: a.phoneNumber.id,
          to: "12",
          callId: "x3",
          roomName: "r-x3",
        },
        deps(),
      ),
    ).rejects.toThrow(/^to:/);
  });
});

describe("transferCall", () => {
  it("cold-transfers the SIP participant with sip.call + roomAdmin for that room", async () => {
    const { tenantId, agentId } = await createTenantWithAgent();
    const { phoneNumber } = await importByoNumber({ tenantId, phoneNumber: "0281119000", agentId }, deps());
    const call = await fakes.livekit.simulateInboundCall(phoneNumber.e164, "+61400555666");
    const result = await transferCall(
      { roomName: call.roomName, participantIdentity: call.participantIdentity, to: "02 9999 8888" },
      deps(),
    );
    expect(result.transferTo).toBe("tel:+61299998888");
    const t = fakes.livekit.state.transfers.find((x) => x.roomName === call.roomName)!;
    expect(t).toMatchObject({
      transferTo: "tel:+61299998888",
      sipCallId: call.sipCallId,
      participantIdentity: call.participantIdentity,
    });
    const req = fakes.livekit.state.requests.filter((r) => r.method === "TransferSIPParticipant").at(-1)!;
    expect(req.claims.sip).toEqual({ call: true });
    expect(req.claims.video).toEqual({ roomAdmin: true, room: call.roomName });
    expect(fakes.livekit.state.rooms.get(call.roomName)!.participants.has(call.participantIdentity)).toBe(false);
  });

  it("reports a busy transfer target and a caller who already left", async () => {
    const { tenantId } = await createTenantWithAgent();
    const { phoneNumber } = await importByoNumber({ tenantId, phoneNumber: "0281119001" }, deps());
    const call = await fakes.livekit.simulateInboundCall(phoneNumber.e164, "+61400555667");
    fakes.livekit.failNextSipCall(486);
    const err = await transferCall(
      { roomName: call.roomName, participantIdentity: call.participantIdentity, to: "+61299998888" },
      deps(),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransferFailedError);
    expect((err as Error).message).toBe("The transfer failed: 02 9999 8888 is busy.");
    await expect(
      transferCall({ roomName: call.roomName, participantIdentity: "sip_gone", to: "+61299998888" }, deps()),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      transferCall(
        { roomName: call.roomName, participantIdentity: call.participantIdentity, to: "not a number" },
        deps(),
      ),
    ).rejects.toThrow(/^to:/);
  });
});

describe("hangUpRoom", () => {
  it("deletes the room; a room already gone is done; a refused delete throws (never swallowed)", async () => {
    const lk = fakes.config.livekit!;
    const { RoomServiceClient } = await import("livekit-server-sdk");
    await new RoomServiceClient(lk.url, lk.apiKey, lk.apiSecret).createRoom({ name: "call-hangup-1" });
    expect(await hangUpRoom("call-hangup-1", deps())).toBe("deleted");
    expect(fakes.livekit.state.rooms.has("call-hangup-1")).toBe(false);
    expect(await hangUpRoom("call-hangup-1", deps())).toBe("already_gone");
    const badKeys = { config: { ...fakes.config, livekit: { ...lk, apiSecret: "not-the-secret-at-all-0123456789" } } };
    await expect(hangUpRoom("call-hangup-2", badKeys)).rejects.toBeInstanceOf(LiveKitError);
  });
});
