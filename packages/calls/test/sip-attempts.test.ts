// A number's inbound attempts from LiveKit's SIP participant webhooks (signed by
// the LiveKit fake): connected, no agent, rejected; replays and outbound calls.
import crypto from "node:crypto";
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

type Input = Parameters<LiveKitFake["signWebhook"]>[0];
async function deliver(event: Input) {
  const { body, authorization } = await fake.signWebhook(event);
  return handleLiveKitWebhook(body, authorization, { apiKey: fake.apiKey, apiSecret: fake.apiSecret });
}

async function numberForTenant(label: string) {
  const { tenant, agent } = await createTenantWithAgent(label);
  const e164 = `+612${crypto.randomInt(10_000_000, 99_999_999)}`;
  const n = await platformDb().phoneNumber.create({
    data: { tenantId: tenant.id, e164, e164Active: e164, provider: "BYO", status: "ACTIVE", agentId: agent.id },
  });
  return { tenant, e164, phoneNumberId: n.id };
}

const sipCaller = (e164: string, extra: Partial<NonNullable<Input["participant"]>> = {}) => ({
  identity: "sip_+61400111222",
  kind: 3,
  attributes: { "sip.trunkPhoneNumber": e164, "sip.phoneNumber": "+61400111222", "sip.callID": "SCL_abc" },
  ...extra,
});
const attempt = (room: string) => platformDb().sipInboundAttempt.findUnique({ where: { roomName: room } });

describe("inbound attempts from LiveKit participant events", () => {
  it("a caller our agent answered is connected; one nobody answered is no_agent; a rejected one says so", async () => {
    const { tenant, e164, phoneNumberId } = await numberForTenant("attempts");
    const t0 = Math.floor(Date.now() / 1000) - 120;

    // Answered by the agent.
    const answered = roomName();
    await deliver({
      event: "participant_joined",
      room: { name: answered },
      participant: sipCaller(e164),
      createdAt: t0,
    });
    expect(await attempt(answered)).toMatchObject({ outcome: "in_progress", phoneNumberId, tenantId: tenant.id });
    const call = await startCall({
      tenantId: tenant.id,
      roomName: answered,
      direction: "INBOUND",
      fromNumber: "+61400111222",
      toNumber: e164,
      participantIdentity: "sip_+61400111222",
    });
    await markCallAnswered({ tenantId: tenant.id, callId: call.id, answeredAt: new Date((t0 + 1) * 1000) });
    await deliver({
      event: "participant_left",
      room: { name: answered },
      participant: sipCaller(e164),
      createdAt: t0 + 60,
    });
    expect(await attempt(answered)).toMatchObject({
      outcome: "connected",
      callerNumber: "+61400111222",
      sipCallId: "SCL_abc",
      startedAt: new Date(t0 * 1000),
      endedAt: new Date((t0 + 60) * 1000),
    });

    // Rang into a room, nobody answered (worker down).
    const unanswered = roomName();
    await deliver({ event: "participant_joined", room: { name: unanswered }, participant: sipCaller(e164) });
    await deliver({ event: "participant_left", room: { name: unanswered }, participant: sipCaller(e164) });
    expect(await attempt(unanswered)).toMatchObject({ outcome: "no_agent", detail: null });

    // Rejected (only the leave arrived, out of order).
    const rejected = roomName();
    const left = await deliver({
      event: "participant_left",
      room: { name: rejected },
      participant: sipCaller(e164, { disconnectReason: 12 }),
    });
    expect(left.status).toBe(200);
    expect(await attempt(rejected)).toMatchObject({ outcome: "rejected", detail: "USER_REJECTED" });
  });

  it("a replayed event changes nothing; outbound calls and unknown numbers are not attempts", async () => {
    const { tenant, e164, phoneNumberId } = await numberForTenant("attempts-replay");
    const room = roomName();
    const signed = await fake.signWebhook({
      event: "participant_joined",
      room: { name: room },
      participant: sipCaller(e164),
    });
    const keys = { apiKey: fake.apiKey, apiSecret: fake.apiSecret };
    await handleLiveKitWebhook(signed.body, signed.authorization, keys);
    const again = await handleLiveKitWebhook(signed.body, signed.authorization, keys);
    expect(again.body.outcome).toBe("duplicate");
    expect(await platformDb().sipInboundAttempt.count({ where: { phoneNumberId } })).toBe(1);

    const out = roomName("out");
    await startCall({
      tenantId: tenant.id,
      roomName: out,
      direction: "OUTBOUND",
      fromNumber: e164,
      toNumber: "+61400999888",
      participantIdentity: "sip_out_x",
    });
    const r = await deliver({ event: "participant_joined", room: { name: out }, participant: sipCaller(e164) });
    expect(r.body.outcome).toBe("outbound");
    const stranger = await deliver({
      event: "participant_joined",
      room: { name: roomName() },
      participant: sipCaller("+61299998888"),
    });
    expect(stranger.body.outcome).toBe("unknown_number");
    expect(await platformDb().sipInboundAttempt.count({ where: { phoneNumberId } })).toBe(1);
  });
});
