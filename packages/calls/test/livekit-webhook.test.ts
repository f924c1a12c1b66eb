// handleLiveKitWebhook with webhooks signed by the LiveKit fake the way
// livekit-server signs them: verification, idempotency, order independence.
import { platformDb } from "@articulate/db";
import { type LiveKitFake, startLiveKitFake } from "@articulate/testing/livekit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleLiveKitWebhook, markCallAnswered, startCall } from "../src/index";
import { createTenantWithAgent, roomName } from "./fixtures";

let fake: LiveKitFake;
beforeAll(async () => {
  fake = await startLiveKitFake();
});
afterAll(async () => {
  await fake.close();
});

const keys = () => ({ apiKey: fake.apiKey, apiSecret: fake.apiSecret });
type Input = Parameters<LiveKitFake["signWebhook"]>[0];
async function deliver(event: Input) {
  const { body, authorization } = await fake.signWebhook(event);
  return handleLiveKitWebhook(body, authorization, keys());
}

async function liveCall(label: string, secondsAgo = 90) {
  const { tenant } = await createTenantWithAgent(label);
  const room = roomName();
  const call = await startCall({
    tenantId: tenant.id,
    roomName: room,
    direction: "INBOUND",
    fromNumber: "+61400000000",
    toNumber: "+61255501234",
    participantIdentity: "sip_+61400000000",
  });
  await markCallAnswered({
    tenantId: tenant.id,
    callId: call.id,
    answeredAt: new Date(Date.now() - secondsAgo * 1000),
  });
  return { tenant, call, room };
}

const SIP = 3;
const callRow = (id: string) => platformDb().call.findUniqueOrThrow({ where: { id } });
const usageCount = (callId: string) => platformDb().usageRecord.count({ where: { callId } });

describe("handleLiveKitWebhook", () => {
  it("rejects a bad signature, a tampered body and a missing header", async () => {
    const { body, authorization } = await fake.signWebhook({ event: "room_finished", room: { name: "x" } });
    expect((await handleLiveKitWebhook(body, authorization, { apiKey: fake.apiKey, apiSecret: "wrong" })).status).toBe(
      401,
    );
    expect((await handleLiveKitWebhook(body.replace('"x"', '"y"'), authorization, keys())).status).toBe(401);
    expect((await handleLiveKitWebhook(body, null, keys())).status).toBe(401);
    expect((await handleLiveKitWebhook(body, authorization, { apiKey: "", apiSecret: "" })).status).toBe(503);
  });

  it("room_finished for a call whose worker died finalizes it as WORKER_LOST, once", async () => {
    const { call, room } = await liveCall("wh-lost", 90);
    const endedAtSec = Math.floor(Date.now() / 1000);
    const r = await deliver({
      event: "room_finished",
      room: { name: room },
      id: `EV_${call.id}`,
      createdAt: endedAtSec,
    });
    expect(r).toMatchObject({ status: 200, body: { ok: true, outcome: "finalized", callId: call.id } });
    const row = await callRow(call.id);
    expect(row.endReason).toBe("WORKER_LOST");
    expect(row.finalizedBy).toBe("WEBHOOK");
    expect(row.status).toBe("COMPLETED");
    expect(row.endedAt?.getTime()).toBe(endedAtSec * 1000);
    expect(row.billableMinutes).toBe(2);
    // The same delivery again: recognised by its id.
    const dup = await deliver({
      event: "room_finished",
      room: { name: room },
      id: `EV_${call.id}`,
      createdAt: endedAtSec,
    });
    expect(dup.body.outcome).toBe("duplicate");
    expect(await usageCount(call.id)).toBe(1);
  });

  it("participant_left of the SIP caller → CALLER_HUNG_UP; a later room_finished changes nothing", async () => {
    const { call, room } = await liveCall("wh-hangup", 30);
    const agentLeft = await deliver({
      event: "participant_left",
      room: { name: room },
      participant: { identity: "agent-AJ_1", kind: 4 },
    });
    expect(agentLeft.body.outcome).toBe("not_caller");
    const left = await deliver({
      event: "participant_left",
      room: { name: room },
      participant: { identity: "sip_+61400000000", kind: SIP },
    });
    expect(left.body.outcome).toBe("finalized");
    const finished = await deliver({ event: "room_finished", room: { name: room } });
    expect(finished.body.outcome).toBe("already_finalized");
    const row = await callRow(call.id);
    expect(row.endReason).toBe("CALLER_HUNG_UP");
    expect(await usageCount(call.id)).toBe(1);
  });

  it("out of order (room_finished before participant_left) and concurrent duplicates bill once", async () => {
    const { call, room } = await liveCall("wh-order", 200);
    const events: Input[] = [
      { event: "room_finished", room: { name: room }, id: `EV_rf_${call.id}` },
      {
        event: "participant_left",
        room: { name: room },
        participant: { identity: "sip_+61400000000", kind: SIP },
        id: `EV_pl_${call.id}`,
      },
    ];
    const results = await Promise.all([...events, ...events, ...events].map(deliver));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => r.body.outcome === "finalized")).toHaveLength(1);
    expect(await usageCount(call.id)).toBe(1);
    expect((await callRow(call.id)).billableMinutes).toBe(4);
  });

  it("a call the worker already finalized is left alone; unknown rooms and other events are acknowledged", async () => {
    const { call, room } = await liveCall("wh-done", 10);
    const { finalizeCall } = await import("../src/index");
    await finalizeCall({ callId: call.id, endReason: "AGENT_ENDED", finalizedBy: "WORKER" });
    expect((await deliver({ event: "room_finished", room: { name: room } })).body.outcome).toBe("already_finalized");
    expect((await callRow(call.id)).endReason).toBe("AGENT_ENDED");
    expect((await deliver({ event: "room_finished", room: { name: "no-such-room" } })).body.outcome).toBe("no_call");
    expect((await deliver({ event: "room_started", room: { name: room } })).body.outcome).toBe("ignored");
  });
});
