// Outbound calls through the public API and the shared domain function, with the
// real livekit-server-sdk talking to the LiveKit fake, against real PostgreSQL.
import crypto from "node:crypto";
import { placeTenantOutboundCall } from "@articulate/calls";
import { forTenant, Prisma, platformDb } from "@articulate/db";
import { type LiveKitFake, startLiveKitFake } from "@articulate/testing/livekit";
import { createWebhookEndpoint } from "@articulate/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as callsRoute from "@/app/api/v1/calls/route";
import { callApi, createApiTenant } from "./api-fixtures";

let lk: LiveKitFake;

beforeAll(async () => {
  lk = await startLiveKitFake();
  process.env.LIVEKIT_URL = lk.url;
  process.env.LIVEKIT_API_KEY = lk.apiKey;
  process.env.LIVEKIT_API_SECRET = lk.apiSecret;
});
afterAll(async () => {
  await lk.close();
});

/** A tenant whose number has a carrier connection for outbound calls. */
async function outboundTenant(label: string, opts: { concurrencyCap?: number } = {}) {
  const t = await createApiTenant(label, opts);
  const tdb = forTenant(t.tenant.id);
  const conn = await tdb.sipConnection.create({
    data: {
      tenantId: t.tenant.id,
      name: "Carrier",
      provider: "BYO",
      address: "sip.carrier.example",
      numbers: [t.number.e164],
      status: "ACTIVE",
    },
  });
  await tdb.phoneNumber.updateMany({ where: { id: t.number.id }, data: { sipConnectionId: conn.id } });
  return { ...t, conn };
}

const to = () => `+6140${crypto.randomInt(1_000_000, 9_999_999)}`;

describe("POST /api/v1/calls", () => {
  it("creates the OUTBOUND call, then dials through the tenant's trunk with the agent dispatched with the call's metadata", async () => {
    const t = await outboundTenant("out-ok");
    await createWebhookEndpoint(
      t.tenant.id,
      { url: "https://example.test/hooks", events: ["call.started"] },
      { actorType: "system" },
    );
    const callee = to();
    const res = await callApi(callsRoute.POST, {
      key: t.secret,
      method: "POST",
      path: "/calls",
      body: { agentId: t.agent.id, fromNumberId: t.number.id, to: callee },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      direction: "OUTBOUND",
      from: t.number.e164,
      to: callee,
      agentId: t.agent.id,
      phoneNumberId: t.number.id,
    });
    const callId = res.json?.id as string;
    const call = await forTenant(t.tenant.id).call.findFirstOrThrow({ where: { id: callId } });

    const conn = await forTenant(t.tenant.id).sipConnection.findFirstOrThrow({ where: { id: t.conn.id } });
    const trunk = lk.state.outboundTrunks.get(conn.livekitOutboundTrunkId!);
    expect(trunk?.address).toBe("sip.carrier.example");
    const sip = lk.state.sipCalls.find((c) => c.roomName === call.roomName);
    expect(sip).toMatchObject({
      direction: "outbound",
      trunkId: trunk?.sipTrunkId,
      remoteNumber: callee,
      trunkNumber: t.number.e164,
      participantIdentity: `sip_out_${callId}`,
    });
    const dispatch = [...lk.state.dispatches.values()].find((d) => d.room === call.roomName);
    expect(dispatch?.agentName).toBe("receptionist");
    expect(JSON.parse(dispatch?.metadata ?? "{}")).toMatchObject({
      v: 1,
      kind: "outbound",
      tenantId: t.tenant.id,
      agentId: t.agent.id,
      phoneNumberId: t.number.id,
      callId,
      to: callee,
    });
    const create = lk.state.requests.find(
      (r) => r.method === "CreateSIPParticipant" && r.body.roomName === call.roomName,
    );
    expect(create?.claims.sip).toMatchObject({ call: true });
    expect(create?.body.waitUntilAnswered).toBe(true);

    const queued = await forTenant(t.tenant.id).webhookDelivery.findMany({ where: { eventType: "call.started" } });
    expect(queued.map((d) => (d.payload as { data: { call: { id: string } } }).data.call.id)).toEqual([callId]);
  });

  it("refuses outside the agent's calling hours, and writes and dials nothing", async () => {
    const t = await outboundTenant("out-hours");
    // Calling hours with no open day: never a time to call.
    await forTenant(t.tenant.id).agent.updateMany({
      where: { id: t.agent.id },
      data: { callingHours: { mon: [] }, businessHours: { mon: [{ open: "00:00", close: "24:00" }] } },
    });
    const sipCallsBefore = lk.state.sipCalls.length;
    const res = await callApi(callsRoute.POST, {
      key: t.secret,
      method: "POST",
      path: "/calls",
      body: { agentId: t.agent.id, fromNumberId: t.number.id, to: to() },
    });
    expect(res.status).toBe(409);
    expect(res.json?.error.code).toBe("outside_calling_hours");
    expect(await forTenant(t.tenant.id).call.count({ where: { direction: "OUTBOUND" } })).toBe(0);
    expect(lk.state.sipCalls.length).toBe(sipCallsBefore);

    // Without callingHours the business hours apply: a Sunday-only schedule is closed on a Wednesday.
    await forTenant(t.tenant.id).agent.updateMany({
      where: { id: t.agent.id },
      data: { callingHours: Prisma.DbNull, businessHours: { sun: [{ open: "09:00", close: "17:00" }] } },
    });
    const agent = await forTenant(t.tenant.id).agent.findFirstOrThrow({ where: { id: t.agent.id } });
    const wednesdayNoonSydney = new Date("2026-11-18T01:00:00Z");
    await expect(
      placeTenantOutboundCall(
        t.tenant,
        { agentId: t.agent.id, fromNumberId: t.number.id, to: to() },
        { actorType: "user", actorId: "u" },
        wednesdayNoonSydney,
      ),
    ).rejects.toMatchObject({ code: "outside_hours", refusal: { code: "outside_hours" } });
    expect(agent).toMatchObject({ callingHours: null, businessHours: { sun: [{ open: "09:00", close: "17:00" }] } });
  });

  it("enforces the tenant's concurrency cap exactly, even for simultaneous requests", async () => {
    const t = await outboundTenant("out-cap", { concurrencyCap: 2 });
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        callApi(callsRoute.POST, {
          key: t.secret,
          method: "POST",
          path: "/calls",
          body: { agentId: t.agent.id, fromNumberId: t.number.id, to: to() },
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 409, 409]);
    expect(results.find((r) => r.status === 409)?.json?.error.code).toBe("concurrency_limit_reached");
    expect(await forTenant(t.tenant.id).call.count({ where: { direction: "OUTBOUND" } })).toBe(2);
  });

  it("records a refused SIP call (busy) as a finalized call and answers 502 with the SIP status", async () => {
    const t = await outboundTenant("out-busy");
    lk.failNextSipCall(486);
    const res = await callApi(callsRoute.POST, {
      key: t.secret,
      method: "POST",
      path: "/calls",
      body: { agentId: t.agent.id, fromNumberId: t.number.id, to: to() },
    });
    expect(res.status).toBe(502);
    expect(res.json?.error).toMatchObject({
      code: "call_failed",
      details: { sip: { statusCode: 486, outcome: "busy" } },
    });
    const [call] = await forTenant(t.tenant.id).call.findMany({ where: { direction: "OUTBOUND" } });
    expect(call).toMatchObject({ status: "BUSY", endReason: "BUSY", billableMinutes: 0, finalizedBy: "PLACEMENT" });
    expect(lk.state.rooms.has(call!.roomName)).toBe(false);
  });

  it("refuses suspended tenants, another tenant's number or agent, and inactive numbers", async () => {
    const t = await outboundTenant("out-refuse");
    const other = await outboundTenant("out-other");
    const post = (body: Record<string, string>) =>
      callApi(callsRoute.POST, { key: t.secret, method: "POST", path: "/calls", body });
    const foreignNumber = await post({ agentId: t.agent.id, fromNumberId: other.number.id, to: to() });
    expect(foreignNumber.status).toBe(404);
    expect(foreignNumber.json?.error.details.fields[0].field).toBe("fromNumberId");
    expect((await post({ agentId: other.agent.id, fromNumberId: t.number.id, to: to() })).status).toBe(404);

    await forTenant(t.tenant.id).phoneNumber.updateMany({
      where: { id: t.number.id },
      data: { status: "PROVISIONING" },
    });
    expect((await post({ agentId: t.agent.id, fromNumberId: t.number.id, to: to() })).json?.error.code).toBe(
      "number_not_active",
    );
    await forTenant(t.tenant.id).phoneNumber.updateMany({ where: { id: t.number.id }, data: { status: "ACTIVE" } });

    await platformDb().tenant.update({
      where: { id: t.tenant.id },
      data: { status: "SUSPENDED", suspendedReason: "test" },
    });
    const suspended = await post({ agentId: t.agent.id, fromNumberId: t.number.id, to: to() });
    expect(suspended.status).toBe(403);
    expect(suspended.json?.error.code).toBe("tenant_suspended");
    expect(await forTenant(t.tenant.id).call.count({ where: { direction: "OUTBOUND" } })).toBe(0);
    expect(await forTenant(other.tenant.id).call.count({ where: { direction: "OUTBOUND" } })).toBe(0);
  });
});
