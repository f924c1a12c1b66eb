import { disconnectDb, forTenant, platformDb } from "@articulate/db";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  callStartedEventData,
  computeWebhookSignature,
  createWebhookEndpoint,
  deliverDueWebhooks,
  enqueueTenantEvent,
  getWebhookEndpoint,
  listWebhookDeliveries,
  messageTakenEventData,
  type OwnerNotice,
  replayWebhookDelivery,
  updateWebhookEndpoint,
  verifyWebhookSignature,
  WebhookInputError,
  WebhookNotFoundError,
  webhookRetryDelaySeconds,
} from "../src/index";
import { createTenantWithOwner } from "./fixtures";
import { startTestReceiver, type TestReceiver } from "./receiver";

const user = { actorType: "user" as const, actorId: "u_test" };
let receiver: TestReceiver;
const tenantsUsed: string[] = [];

async function setup(label: string, events: string[] = []) {
  const { tenant, owner } = await createTenantWithOwner(label);
  tenantsUsed.push(tenant.id);
  const { endpoint, secret } = await createWebhookEndpoint(
    tenant.id,
    { url: receiver.url, events: events as ("call.started" | "message.taken")[] },
    user,
  );
  receiver.secret = secret;
  return { tenant, owner, endpoint, secret };
}

async function makeCall(tenantId: string) {
  return forTenant(tenantId).call.create({
    data: {
      tenantId,
      direction: "INBOUND",
      fromNumber: "+61400000001",
      toNumber: "+61255501234",
      roomName: `call-${crypto.randomUUID()}`,
    },
  });
}

beforeAll(async () => {
  receiver = await startTestReceiver();
});
afterEach(async () => {
  // Keep tests independent: nothing of an earlier test stays deliverable.
  await platformDb().webhookEndpoint.updateMany({ where: { tenantId: { in: tenantsUsed } }, data: { enabled: false } });
  receiver.accepted.length = 0;
  receiver.rejected.length = 0;
  receiver.respondWith = 200;
});
afterAll(async () => {
  await receiver.close();
  await disconnectDb();
});

describe("signing", () => {
  it("verifies t=…,v1=… over timestamp.body and rejects tampering, wrong secrets and stale timestamps", () => {
    const body = '{"id":"evt_1"}';
    const t = Math.floor(Date.now() / 1000);
    const header = `t=${t},v1=${computeWebhookSignature("whsec_a", t, body)}`;
    expect(verifyWebhookSignature({ secret: "whsec_a", header, body }).ok).toBe(true);
    expect(verifyWebhookSignature({ secret: "whsec_a", header, body: `${body} ` })).toEqual({
      ok: false,
      reason: "mismatch",
    });
    expect(verifyWebhookSignature({ secret: "whsec_b", header, body })).toEqual({ ok: false, reason: "mismatch" });
    const old = t - 301;
    const stale = `t=${old},v1=${computeWebhookSignature("whsec_a", old, body)}`;
    expect(verifyWebhookSignature({ secret: "whsec_a", header: stale, body })).toEqual({ ok: false, reason: "stale" });
    expect(verifyWebhookSignature({ secret: "whsec_a", header: "v1=abc", body })).toEqual({
      ok: false,
      reason: "malformed",
    });
    expect(verifyWebhookSignature({ secret: "whsec_a", header: null, body })).toEqual({ ok: false, reason: "missing" });
  });
});

describe("outbox and delivery", () => {
  it("delivers an event signed with the endpoint's own secret, with a stable event id", async () => {
    const { tenant, endpoint } = await setup("wh-deliver");
    const call = await makeCall(tenant.id);
    const { eventId, deliveries } = await platformDb().$transaction((tx) =>
      enqueueTenantEvent(tx, tenant.id, "call.started", callStartedEventData(call)),
    );
    expect(deliveries).toBe(1);
    const summary = await deliverDueWebhooks();
    expect(summary.succeeded).toBeGreaterThanOrEqual(1);
    expect(receiver.rejected).toEqual([]);
    const got = receiver.accepted.find((e) => e.json.id === eventId);
    expect(got?.json.type).toBe("call.started");
    expect(got?.json.apiVersion).toBe("2026-11-01");
    expect(got?.json.data.call).toMatchObject({ id: call.id });
    expect(got?.headers["articulate-event-id"]).toBe(eventId);
    const log = await listWebhookDeliveries(tenant.id, { endpointId: endpoint.id });
    expect(log.items[0]).toMatchObject({ status: "SUCCEEDED", attempts: 1, lastStatusCode: 200 });
    // Stored encrypted, never in clear.
    const row = await platformDb().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(row.secretEnc).not.toContain(receiver.secret);
  });

  it("writes nothing when the caller's transaction rolls back, and honours the event filter", async () => {
    const { tenant, endpoint } = await setup("wh-outbox", ["message.taken"]);
    const call = await makeCall(tenant.id);
    await expect(
      platformDb().$transaction(async (tx) => {
        await enqueueTenantEvent(tx, tenant.id, "message.taken", {
          message: {
            id: "m1",
            callId: call.id,
            agentId: null,
            callerName: "Ann",
            callbackNumber: "+61400000002",
            reason: "x",
            urgency: "NORMAL",
            status: "NEW",
            assigneeId: null,
            note: null,
            createdAt: new Date().toISOString(),
            updatedAt: new Date().toISOString(),
          },
        });
        throw new Error("caller failed");
      }),
    ).rejects.toThrow("caller failed");
    const filtered = await platformDb().$transaction((tx) =>
      enqueueTenantEvent(tx, tenant.id, "call.started", callStartedEventData(call)),
    );
    expect(filtered.deliveries).toBe(0);
    const msg = await forTenant(tenant.id).message.create({
      data: {
        tenantId: tenant.id,
        callId: call.id,
        callerName: "Ann",
        callbackNumber: "+61400000002",
        reason: "Book a clean",
      },
    });
    const taken = await platformDb().$transaction((tx) =>
      enqueueTenantEvent(tx, tenant.id, "message.taken", messageTakenEventData(msg)),
    );
    expect(taken.deliveries).toBe(1);
    expect((await listWebhookDeliveries(tenant.id, { endpointId: endpoint.id })).items).toHaveLength(1);
  });

  it("rejects malformed event data from an emitter", async () => {
    const { tenant } = await setup("wh-bad");
    await expect(
      // @ts-expect-error deliberately wrong shape
      platformDb().$transaction((tx) => enqueueTenantEvent(tx, tenant.id, "call.started", { call: { id: 1 } })),
    ).rejects.toThrow(/Invalid call.started webhook data/);
  });

  it("retries with exponential backoff and succeeds once the receiver recovers", async () => {
    const { tenant, endpoint } = await setup("wh-retry");
    const call = await makeCall(tenant.id);
    await platformDb().$transaction((tx) =>
      enqueueTenantEvent(tx, tenant.id, "call.started", callStartedEventData(call)),
    );
    receiver.respondWith = 503;
    const t0 = new Date();
    await deliverDueWebhooks({ now: t0 });
    let [d] = (await listWebhookDeliveries(tenant.id, { endpointId: endpoint.id })).items;
    expect(d).toMatchObject({ status: "FAILED", attempts: 1, lastStatusCode: 503 });
    expect(d!.nextAttemptAt.getTime()).toBe(t0.getTime() + 30_000);

    // Not due yet: nothing is sent.
    expect((await deliverDueWebhooks({ now: new Date(t0.getTime() + 29_000) })).claimed).toBe(0);

    const t1 = new Date(t0.getTime() + 30_000);
    await deliverDueWebhooks({ now: t1 });
    [d] = (await listWebhookDeliveries(tenant.id, { endpointId: endpoint.id })).items;
    expect(d).toMatchObject({ status: "FAILED", attempts: 2 });
    expect(d!.nextAttemptAt.getTime()).toBe(t1.getTime() + 60_000);
    expect((await getWebhookEndpoint(tenant.id, endpoint.id)).consecutiveFailures).toBe(2);

    receiver.respondWith = 204;
    await deliverDueWebhooks({ now: new Date(t1.getTime() + 60_000) });
    [d] = (await listWebhookDeliveries(tenant.id, { endpointId: endpoint.id })).items;
    expect(d).toMatchObject({ status: "SUCCEEDED", attempts: 3, lastStatusCode: 204 });
    expect((await getWebhookEndpoint(tenant.id, endpoint.id)).consecutiveFailures).toBe(0);
    expect(webhookRetryDelaySeconds(20)).toBe(6 * 60 * 60);
  });

  it("gives up after maxAttempts (DEAD) and a replay sends the same event again", async () => {
    const { tenant, endpoint } = await setup("wh-dead");
    const call = await makeCall(tenant.id);
    const { eventId } = await platformDb().$transaction((tx) =>
      enqueueTenantEvent(tx, tenant.id, "call.started", callStartedEventData(call)),
    );
    receiver.respondWith = 500;
    const policy = { maxAttempts: 2, baseDelaySeconds: 1 };
    const t0 = Date.now();
    await deliverDueWebhooks({ now: new Date(t0), policy });
    await deliverDueWebhooks({ now: new Date(t0 + 1_000), policy });
    const [dead] = (await listWebhookDeliveries(tenant.id, { endpointId: endpoint.id })).items;
    expect(dead).toMatchObject({ status: "DEAD", attempts: 2 });
    expect((await deliverDueWebhooks({ now: new Date(t0 + 3_600_000), policy })).claimed).toBe(0);

    receiver.respondWith = 200;
    const other = await createTenantWithOwner("wh-other");
    await expect(replayWebhookDelivery(other.tenant.id, dead!.id, user)).rejects.toBeInstanceOf(WebhookNotFoundError);
    const { deliveryId } = await replayWebhookDelivery(tenant.id, dead!.id, user);
    await deliverDueWebhooks();
    const log = (await listWebhookDeliveries(tenant.id, { endpointId: endpoint.id })).items;
    expect(log.find((l) => l.id === deliveryId)).toMatchObject({ status: "SUCCEEDED", eventId });
    expect(receiver.accepted.filter((e) => e.json.id === eventId)).toHaveLength(1);
    const audit = await forTenant(tenant.id).auditLog.findFirst({ where: { action: "webhook_delivery.replayed" } });
    expect(audit?.targetId).toBe(dead!.id);
  });

  it("disables an endpoint after repeated failures, tells the owner once, and stops sending", async () => {
    const { tenant, owner, endpoint } = await setup("wh-disable");
    for (let i = 0; i < 3; i++) {
      const call = await makeCall(tenant.id);
      await platformDb().$transaction((tx) =>
        enqueueTenantEvent(tx, tenant.id, "call.started", callStartedEventData(call)),
      );
    }
    receiver.respondWith = 500;
    const notices: OwnerNotice[] = [];
    const summary = await deliverDueWebhooks({
      concurrency: 3,
      policy: { disableAfterConsecutiveFailures: 3, disableAfterFailingForSeconds: 0 },
      notifyOwners: async (n) => {
        notices.push(n);
      },
    });
    expect(summary.disabledEndpointIds).toEqual([endpoint.id]);
    const ep = await getWebhookEndpoint(tenant.id, endpoint.id);
    expect(ep.enabled).toBe(false);
    expect(ep.disabledReason).toMatch(/3 consecutive failed deliveries/);
    // While disabled, new events are still recorded (SKIPPED), never sent.
    const later = await makeCall(tenant.id);
    await platformDb().$transaction((tx) =>
      enqueueTenantEvent(tx, tenant.id, "call.started", callStartedEventData(later)),
    );
    const skipped = (await listWebhookDeliveries(tenant.id, { endpointId: endpoint.id })).items.filter(
      (d) => d.status === "SKIPPED",
    );
    expect(skipped).toHaveLength(1);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.to).toEqual([owner.email]);
    const audits = await forTenant(tenant.id).auditLog.findMany({
      where: { action: "webhook_endpoint.auto_disabled" },
    });
    expect(audits).toHaveLength(1);

    // Disabled: due rows are left alone, and replay asks for re-enabling first.
    expect((await deliverDueWebhooks({ now: new Date(Date.now() + 86_400_000) })).claimed).toBe(0);
    const [first] = (await listWebhookDeliveries(tenant.id, { endpointId: endpoint.id })).items;
    await expect(replayWebhookDelivery(tenant.id, first!.id, user)).rejects.toBeInstanceOf(WebhookInputError);

    // Re-enabling clears the streak; the retries then go out.
    receiver.respondWith = 200;
    const re = await updateWebhookEndpoint(tenant.id, endpoint.id, { enabled: true }, user);
    expect(re).toMatchObject({ enabled: true, consecutiveFailures: 0, disabledAt: null });
    const after = await deliverDueWebhooks({ now: new Date(Date.now() + 86_400_000) });
    expect(after.succeeded).toBe(3);
    // The event recorded while disabled is replayable now and goes out.
    await replayWebhookDelivery(tenant.id, skipped[0]!.id, user);
    expect((await deliverDueWebhooks({ now: new Date(Date.now() + 86_400_000) })).succeeded).toBe(1);
    expect(receiver.accepted.at(-1)?.json).toMatchObject({ data: { call: { id: later.id } } });
  });

  it("counts a failure streak per endpoint over a minimum window: a short burst does not disable it", async () => {
    const { tenant, endpoint } = await setup("wh-window");
    for (let i = 0; i < 4; i++) {
      const call = await makeCall(tenant.id);
      await platformDb().$transaction((tx) =>
        enqueueTenantEvent(tx, tenant.id, "call.started", callStartedEventData(call)),
      );
    }
    receiver.respondWith = 500;
    const policy = { disableAfterConsecutiveFailures: 3, disableAfterFailingForSeconds: 3_600, baseDelaySeconds: 1 };
    const start = Date.now();
    const burst = await deliverDueWebhooks({ now: new Date(start), policy });
    expect(burst.failed).toBe(4);
    expect(burst.disabledEndpointIds).toEqual([]);
    expect((await getWebhookEndpoint(tenant.id, endpoint.id)).enabled).toBe(true);
    // Still failing more than an hour after the streak began: now it is disabled.
    const later = await deliverDueWebhooks({ now: new Date(start + 2 * 3_600_000), policy, limit: 1 });
    expect(later.disabledEndpointIds).toEqual([endpoint.id]);
  });

  it("sends each delivery once when several senders run at the same time", async () => {
    const { tenant } = await setup("wh-concurrent");
    for (let i = 0; i < 10; i++) {
      const call = await makeCall(tenant.id);
      await platformDb().$transaction((tx) =>
        enqueueTenantEvent(tx, tenant.id, "call.started", callStartedEventData(call)),
      );
    }
    await Promise.all([
      deliverDueWebhooks({ limit: 4 }),
      deliverDueWebhooks({ limit: 4 }),
      deliverDueWebhooks({ limit: 4 }),
    ]);
    await deliverDueWebhooks();
    const ids = receiver.accepted.map((e) => e.json.id);
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
  });
});

describe("endpoints", () => {
  it("validates input by field and keeps tenants apart", async () => {
    const { tenant, endpoint } = await setup("wh-endpoints");
    await expect(createWebhookEndpoint(tenant.id, { url: "ftp://x.test/hook" }, user)).rejects.toMatchObject({
      field: "url",
    });
    await expect(createWebhookEndpoint(tenant.id, { url: "not a url" }, user)).rejects.toMatchObject({ field: "url" });
    await expect(createWebhookEndpoint(tenant.id, { url: "https://user:pw@x.test/hook" }, user)).rejects.toMatchObject({
      field: "url",
      message: "must not contain credentials",
    });
    await expect(
      // @ts-expect-error unknown event type
      createWebhookEndpoint(tenant.id, { url: "https://x.test/hook", events: ["call.exploded"] }, user),
    ).rejects.toMatchObject({ field: "events.0" });
    const other = await createTenantWithOwner("wh-endpoints-b");
    await expect(getWebhookEndpoint(other.tenant.id, endpoint.id)).rejects.toBeInstanceOf(WebhookNotFoundError);
    await expect(updateWebhookEndpoint(other.tenant.id, endpoint.id, { enabled: false }, user)).rejects.toBeInstanceOf(
      WebhookNotFoundError,
    );
  });
});
