// POST /api/webhooks/livekit: the real route handler behind a loopback HTTP
// server, fed by the LiveKit fake's signed sendWebhook. A call whose worker
// crashed is finalized once; duplicates and reordering bill nothing more.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { markCallAnswered, startCall } from "@articulate/calls";
import { platformDb } from "@articulate/db";
import { type LiveKitFake, startLiveKitFake } from "@articulate/testing/livekit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/livekit/route";

let fake: LiveKitFake;
let server: http.Server;
let url: string;

beforeAll(async () => {
  fake = await startLiveKitFake();
  process.env.LIVEKIT_API_KEY = fake.apiKey;
  process.env.LIVEKIT_API_SECRET = fake.apiSecret;
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const response = await POST(
      new Request(`http://localhost${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) }),
    );
    res.writeHead(response.status, { "content-type": "application/json" });
    res.end(await response.text());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/livekit`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  await fake.close();
});

async function crashedCall() {
  const suffix = crypto.randomBytes(5).toString("hex");
  const tenant = await platformDb().tenant.create({ data: { slug: `lkwh-${suffix}`, name: "Webhook Co" } });
  const roomName = `call-_+61400000000_${suffix}`;
  const call = await startCall({
    tenantId: tenant.id,
    roomName,
    direction: "INBOUND",
    fromNumber: "+61400000000",
    toNumber: "+61255501234",
    participantIdentity: "sip_+61400000000",
  });
  await markCallAnswered({ tenantId: tenant.id, callId: call.id, answeredAt: new Date(Date.now() - 95_000) });
  return { call, roomName };
}

describe("POST /api/webhooks/livekit", () => {
  it("finalizes a call whose worker died, once, across duplicate and out-of-order deliveries", async () => {
    const { call, roomName } = await crashedCall();
    const left = {
      event: "participant_left" as const,
      room: { name: roomName },
      participant: { identity: "sip_+61400000000", kind: 3 },
      id: `EV_pl_${call.id}`,
    };
    const finished = { event: "room_finished" as const, room: { name: roomName }, id: `EV_rf_${call.id}` };
    const first = await fake.sendWebhook(url, left);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ ok: true, outcome: "finalized", callId: call.id });
    for (const ev of [left, finished, left, finished]) {
      const res = await fake.sendWebhook(url, ev);
      expect(res.status).toBe(200);
      expect(["duplicate", "already_finalized"]).toContain(((await res.json()) as { outcome: string }).outcome);
    }
    const row = await platformDb().call.findUniqueOrThrow({ where: { id: call.id } });
    expect(row).toMatchObject({
      status: "COMPLETED",
      endReason: "CALLER_HUNG_UP",
      finalizedBy: "WEBHOOK",
      billableMinutes: 2,
    });
    expect(await platformDb().usageRecord.count({ where: { callId: call.id } })).toBe(1);
  });

  it("rejects a forged delivery with 401 and changes nothing", async () => {
    const { call, roomName } = await crashedCall();
    const { body } = await fake.signWebhook({ event: "room_finished", room: { name: roomName } });
    const forged = await fetch(url, {
      method: "POST",
      headers: { authorization: "eyJhbGciOiJIUzI1NiJ9.e30.bad" },
      body,
    });
    expect(forged.status).toBe(401);
    const unsigned = await fetch(url, { method: "POST", body });
    expect(unsigned.status).toBe(401);
    expect((await platformDb().call.findUniqueOrThrow({ where: { id: call.id } })).finalizedBy).toBeNull();
  });
});
