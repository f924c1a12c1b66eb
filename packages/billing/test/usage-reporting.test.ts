import { platformDb } from "@articulate/db";
import type { StripeFake } from "@articulate/testing/stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reconcileUsage, recordCallUsage, reportPendingUsage } from "../src/index";
import { clearStripeEnv, createCall, createTenant, startBillingStripe } from "./helpers";

let fake: StripeFake;

beforeAll(async () => {
  ({ fake } = await startBillingStripe());
});
afterAll(async () => {
  clearStripeEnv();
  await fake.close();
});

const DAY = 86_400_000;

async function billedTenantWithCalls(count: number, answeredAt = new Date(Date.now() - DAY)) {
  const customer = fake.createCustomer({});
  const periodStart = new Date(answeredAt.getTime() - DAY);
  const t = await createTenant({
    plan: "STARTER",
    periodStart,
    periodEnd: new Date(periodStart.getTime() + 30 * DAY),
    stripeCustomerId: customer.id as string,
  });
  const callIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const c = await createCall(t.id, new Date(answeredAt.getTime() + i * 1000), 61 + i);
    await platformDb().$transaction((tx) =>
      recordCallUsage(tx, {
        id: c.id,
        tenantId: t.id,
        direction: "INBOUND",
        answeredAt: c.answeredAt,
        endedAt: c.endedAt,
      }),
    );
    callIds.push(c.id);
  }
  return { tenant: t, customerId: customer.id as string, callIds, periodStart };
}

function eventsFor(customerId: string) {
  return [...fake.state.meterEvents.values()].filter((e) => e.payload.stripe_customer_id === customerId);
}

/** Drains everything due now (tests step the clock by making records due). */
async function makeAllDue(tenantId: string) {
  await platformDb().usageRecord.updateMany({
    where: { tenantId, reportState: "PENDING" },
    data: { nextAttemptAt: new Date(0) },
  });
}

describe("usage reporting", () => {
  it("sends each usage record as exactly one meter event keyed by the call id, and never again", async () => {
    const { tenant, customerId, callIds } = await billedTenantWithCalls(5);
    const r = await reportPendingUsage();
    expect(r.reported).toBeGreaterThanOrEqual(5);
    const events = eventsFor(customerId);
    expect(events.map((e) => e.identifier).sort()).toEqual([...callIds].sort());
    expect(events.map((e) => e.payload.value)).toEqual(["2", "2", "2", "2", "2"]);
    const records = await platformDb().usageRecord.findMany({ where: { tenantId: tenant.id } });
    expect(records.every((x) => x.reportState === "REPORTED" && x.reportedAt)).toBe(true);
    // Timestamps are the answer times (they decide the period on both sides).
    for (const rec of records)
      expect(fake.state.meterEvents.get(rec.callId)?.timestamp).toBe(Math.floor(rec.occurredAt.getTime() / 1000));

    const before = fake.requestCount("POST /v1/billing/meter_events");
    const again = await reportPendingUsage();
    expect(again.claimed).toBe(0);
    expect(fake.requestCount("POST /v1/billing/meter_events")).toBe(before);
  });

  it("a resend after a crash (Stripe already has the event) is acknowledged, not double counted", async () => {
    const { tenant, customerId } = await billedTenantWithCalls(2);
    await reportPendingUsage();
    // Simulate a reporter that died after Stripe accepted but before the ledger was marked.
    await platformDb().usageRecord.updateMany({
      where: { tenantId: tenant.id },
      data: { reportState: "PENDING", reportedAt: null, nextAttemptAt: new Date(0) },
    });
    const r = await reportPendingUsage();
    expect(r.alreadyReported).toBe(2);
    expect(eventsFor(customerId)).toHaveLength(2);
    expect(await platformDb().usageRecord.count({ where: { tenantId: tenant.id, reportState: "REPORTED" } })).toBe(2);
  });

  it("Stripe unavailable for a stretch: usage stays queued with backoff, then is reported once, nothing lost", async () => {
    const { tenant, customerId, callIds } = await billedTenantWithCalls(4);
    fake.setUnavailable(true);
    const down = await reportPendingUsage();
    expect(down.reported).toBe(0);
    expect(down.retrying).toBeGreaterThanOrEqual(4);
    let recs = await platformDb().usageRecord.findMany({ where: { tenantId: tenant.id } });
    expect(recs.every((x) => x.reportState === "PENDING" && x.reportAttempts === 1 && x.lastReportError)).toBe(true);
    expect(recs.every((x) => x.nextAttemptAt.getTime() > Date.now())).toBe(true);
    // Not due yet: a pass does nothing.
    expect((await reportPendingUsage()).claimed).toBe(0);

    // Second failed attempt backs off further.
    await makeAllDue(tenant.id);
    await reportPendingUsage();
    recs = await platformDb().usageRecord.findMany({ where: { tenantId: tenant.id } });
    expect(recs.every((x) => x.reportAttempts === 2)).toBe(true);

    fake.setUnavailable(false);
    await makeAllDue(tenant.id);
    const up = await reportPendingUsage();
    expect(up.reported).toBe(4);
    expect(
      eventsFor(customerId)
        .map((e) => e.identifier)
        .sort(),
    ).toEqual([...callIds].sort());
    recs = await platformDb().usageRecord.findMany({ where: { tenantId: tenant.id } });
    expect(recs.every((x) => x.reportState === "REPORTED" && x.lastReportError === null)).toBe(true);
  });

  it("rate limited (429): defers with backoff and reports later", async () => {
    const { tenant, customerId } = await billedTenantWithCalls(3);
    fake.failNext(1, 429, "/v1/billing/meter_events");
    const r = await reportPendingUsage({ concurrency: 1 });
    expect(r.retrying).toBe(3); // the 429 and the two deferred behind it
    await makeAllDue(tenant.id);
    await reportPendingUsage();
    expect(eventsFor(customerId)).toHaveLength(3);
  });

  it("flags records it can no longer report (outside the 35-day window, no customer) instead of dropping them", async () => {
    const old = await billedTenantWithCalls(1, new Date(Date.now() - 36 * DAY));
    const noCustomer = await createTenant({ plan: "STARTER" });
    const c = await createCall(noCustomer.id, new Date(Date.now() - DAY), 30);
    await platformDb().$transaction((tx) =>
      recordCallUsage(tx, {
        id: c.id,
        tenantId: noCustomer.id,
        direction: "INBOUND",
        answeredAt: c.answeredAt,
        endedAt: c.endedAt,
      }),
    );
    await reportPendingUsage();
    const a = await platformDb().usageRecord.findFirstOrThrow({ where: { tenantId: old.tenant.id } });
    expect(a.reportState).toBe("NEEDS_ATTENTION");
    expect(a.lastReportError).toMatch(/35-day/);
    const b = await platformDb().usageRecord.findFirstOrThrow({ where: { tenantId: noCustomer.id } });
    expect(b.reportState).toBe("NEEDS_ATTENTION");
    const audit = await platformDb().auditLog.findFirst({
      where: { tenantId: noCustomer.id, action: "billing.usage_needs_attention" },
    });
    expect(audit?.targetId).toBe(c.id);
  });

  it("reconciliation compares the ledger with Stripe's meter event summaries", async () => {
    const { tenant, customerId, periodStart } = await billedTenantWithCalls(3);
    let [rec] = await reconcileUsage({ periodStart, tenantId: tenant.id });
    expect(rec).toMatchObject({
      ledgerMinutes: 6,
      reportedMinutes: 0,
      pendingMinutes: 6,
      stripeMinutes: 0,
      status: "not_reported_yet",
    });
    await reportPendingUsage();
    [rec] = await reconcileUsage({ periodStart, tenantId: tenant.id });
    expect(rec).toMatchObject({ reportedMinutes: 6, stripeMinutes: 6, difference: 0, status: "match" });
    // Something reached Stripe that the ledger does not know about.
    fake.state.meterEvents.set("stray", {
      identifier: "stray",
      event_name: "articulate_voice_minutes",
      timestamp: Math.floor(periodStart.getTime() / 1000) + 3600,
      payload: { stripe_customer_id: customerId, value: "5" },
      created: 0,
    });
    [rec] = await reconcileUsage({ periodStart, tenantId: tenant.id });
    expect(rec).toMatchObject({ stripeMinutes: 11, difference: 5, status: "stripe_has_extra_usage" });
  });
});
