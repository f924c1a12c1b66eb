import { platformDb } from "@articulate/db";
import type { StripeFake } from "@articulate/testing/stripe";
import { stripeSignatureHeader } from "@articulate/testing/stripe";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BILLING_SUSPENSION_REASON,
  type CatalogSetupResult,
  createCheckoutSession,
  enforceBillingGrace,
  handleStripeWebhook,
  listInvoices,
  rateTenantPeriod,
  StripeWebhookSignatureError,
} from "../src/index";
import { clearStripeEnv, createTenant, startBillingStripe } from "./helpers";

let fake: StripeFake;
let catalog: CatalogSetupResult;

beforeAll(async () => {
  ({ fake, catalog } = await startBillingStripe());
});
afterAll(async () => {
  clearStripeEnv();
  await fake.close();
});

async function deliver(evt: Record<string, unknown>) {
  const { payload, header } = fake.signedDelivery(evt);
  return handleStripeWebhook(payload, header);
}

/** A tenant that went through Checkout for `plan`; returns the Stripe subscription. */
async function subscribedTenant(plan: "STARTER" | "PROFESSIONAL" = "STARTER") {
  const t = await createTenant({ plan: "TRIAL" });
  const session = await createCheckoutSession({ tenantId: t.id, plan, appUrl: "https://app.example.com" });
  const done = fake.completeCheckoutSession(session.id);
  return { tenant: t, subscription: done.subscription as unknown as Stripe.Subscription, events: done.events };
}

describe("Stripe webhook verification", () => {
  it("accepts a valid signature and rejects tampered, stale, missing and wrong-secret ones", async () => {
    const evt = fake.event("customer.created", { id: "cus_unrelated", object: "customer" });
    const { payload, header } = fake.signedDelivery(evt);
    await expect(handleStripeWebhook(payload, header)).resolves.toMatchObject({ eventId: evt.id, outcome: "ignored" });

    const tampered = payload.replace("cus_unrelated", "cus_attacker");
    await expect(handleStripeWebhook(tampered, header)).rejects.toBeInstanceOf(StripeWebhookSignatureError);

    const evt2 = fake.event("customer.created", { id: "cus_2", object: "customer" });
    const stale = fake.signedDelivery(evt2, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    await expect(handleStripeWebhook(stale.payload, stale.header)).rejects.toThrow(/timestamp|tolerance/i);

    await expect(handleStripeWebhook(stale.payload, null)).rejects.toBeInstanceOf(StripeWebhookSignatureError);
    const wrong = stripeSignatureHeader(stale.payload, "whsec_not_ours");
    await expect(handleStripeWebhook(stale.payload, wrong)).rejects.toBeInstanceOf(StripeWebhookSignatureError);
    // Nothing was recorded for rejected deliveries.
    expect(await platformDb().processedWebhookEvent.count({ where: { eventId: evt2.id as string } })).toBe(0);
  });
});

describe("Stripe webhook effects", () => {
  it("checkout.session.completed and subscription events set the plan, status and period once", async () => {
    const { tenant, subscription, events } = await subscribedTenant("STARTER");
    for (const e of events) await deliver(e);
    const sub = await platformDb().subscription.findUniqueOrThrow({ where: { tenantId: tenant.id } });
    expect(sub).toMatchObject({ plan: "STARTER", status: "ACTIVE", stripeSubscriptionId: subscription.id });
    expect(sub.currentPeriodStart).not.toBeNull();
    const t = await platformDb().tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    expect(t.plan).toBe("STARTER");
    const changes = await platformDb().planChange.findMany({ where: { tenantId: tenant.id } });
    expect(changes.map((c) => [c.fromPlan, c.toPlan])).toEqual([["TRIAL", "STARTER"]]);
    // The first paid period is Starter from its first second: one segment, the full base fee.
    const rating = await rateTenantPeriod(tenant.id);
    expect(rating.period.start.getTime()).toBe(sub.currentPeriodStart!.getTime());
    expect(rating.segments.map((x) => x.plan)).toEqual(["STARTER"]);
    expect(rating.totalMinor).toBe(19_900);
    const actions = (await platformDb().auditLog.findMany({ where: { tenantId: tenant.id } })).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(["billing.checkout_completed", "billing.plan_changed", "billing.subscription_status"]),
    );

    // Duplicate deliveries change nothing.
    for (const e of events) expect((await deliver(e)).outcome).toBe("duplicate");
    expect(await platformDb().planChange.count({ where: { tenantId: tenant.id } })).toBe(1);
    const invoices = await listInvoices(tenant.id);
    expect(invoices.stripeConfigured).toBe(true);
    expect(invoices.invoices).toHaveLength(1);
    expect(invoices.invoices[0]).toMatchObject({ status: "paid", amountDueMinor: 19_900 });
  });

  it("an update without plan or status change (renewal, cancel at period end) is applied once", async () => {
    const { tenant, subscription, events } = await subscribedTenant("STARTER");
    for (const e of events) await deliver(e);
    const later = Math.floor(Date.now() / 1000) + 40;
    const evt = fake.event(
      "customer.subscription.updated",
      { ...(subscription as unknown as Record<string, unknown>), cancel_at_period_end: true },
      { created: later },
    );
    expect((await deliver(evt)).outcome).toBe("processed");
    expect((await deliver(evt)).outcome).toBe("duplicate");
    const sub = await platformDb().subscription.findUniqueOrThrow({ where: { tenantId: tenant.id } });
    expect(sub).toMatchObject({ cancelAtPeriodEnd: true, status: "ACTIVE", plan: "STARTER" });
    expect(sub.lastStripeEventAt?.getTime()).toBe(later * 1000);
    expect(await platformDb().processedWebhookEvent.count({ where: { eventId: evt.id as string } })).toBe(1);
  });

  it("concurrent duplicate deliveries apply once", async () => {
    const { tenant, events } = await subscribedTenant("PROFESSIONAL");
    const created = events[0]!;
    const results = await Promise.all(Array.from({ length: 6 }, () => deliver(created)));
    expect(results.filter((r) => r.outcome === "processed")).toHaveLength(1);
    expect(await platformDb().planChange.count({ where: { tenantId: tenant.id } })).toBe(1);
  });

  it("out of order: an older subscription event never overwrites newer state", async () => {
    const { tenant, subscription, events } = await subscribedTenant("STARTER");
    for (const e of events) await deliver(e);
    const now = Math.floor(Date.now() / 1000);
    // Upgrade in Stripe (newer), but its event arrives first; then a stale "updated" from before arrives.
    const upgrade = fake.changeSubscriptionPrices(subscription.id, [
      catalog.prices.PROFESSIONAL.basePriceId,
      catalog.prices.PROFESSIONAL.minutesPriceId,
    ]);
    const newer = { ...upgrade.events[0]!, created: now + 10 };
    const older = fake.event(
      "customer.subscription.updated",
      { ...(subscription as unknown as Record<string, unknown>) },
      { created: now + 5 },
    );
    expect((await deliver(newer)).outcome).toBe("processed");
    expect((await deliver(older)).outcome).toBe("stale");
    const t = await platformDb().tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    expect(t.plan).toBe("PROFESSIONAL");
    const sub = await platformDb().subscription.findUniqueOrThrow({ where: { tenantId: tenant.id } });
    expect(sub.lastStripeEventAt?.getTime()).toBe((now + 10) * 1000);
  });

  it("out of order, same second: the re-fetched Stripe state wins over the payload", async () => {
    const { tenant, subscription, events } = await subscribedTenant("STARTER");
    for (const e of events) await deliver(e);
    // Payload says past_due, but Stripe's current state is active (the retry succeeded meanwhile).
    const stalePayload = { ...(subscription as unknown as Record<string, unknown>), status: "past_due" };
    const applied = await platformDb().subscription.findUniqueOrThrow({ where: { tenantId: tenant.id } });
    const sameSecond = Math.floor(applied.lastStripeEventAt!.getTime() / 1000);
    const before = fake.requestCount("GET /v1/subscriptions/:id");
    await deliver(fake.event("customer.subscription.updated", stalePayload, { created: sameSecond }));
    expect(fake.requestCount("GET /v1/subscriptions/:id")).toBe(before + 1);
    const sub = await platformDb().subscription.findUniqueOrThrow({ where: { tenantId: tenant.id } });
    expect(sub.status).toBe("ACTIVE");
    expect(sub.graceUntil).toBeNull();
  });

  it("subscription deleted: back to the unbilled trial plan", async () => {
    const { tenant, subscription, events } = await subscribedTenant("STARTER");
    for (const e of events) await deliver(e);
    const { events: del } = fake.cancelSubscriptionNow(subscription.id);
    await deliver({ ...del[0]!, created: Math.floor(Date.now() / 1000) + 20 });
    const sub = await platformDb().subscription.findUniqueOrThrow({ where: { tenantId: tenant.id } });
    expect(sub.status).toBe("CANCELED");
    expect((await platformDb().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).plan).toBe("TRIAL");
  });
});

describe("dunning, end to end in the database", () => {
  it("payment failure → grace → suspended by the job → restored when paid", async () => {
    const { tenant, subscription, events } = await subscribedTenant("STARTER");
    for (const e of events) await deliver(e);

    const failed = fake.invoiceSubscription(subscription.id, "failed");
    for (const e of failed.events) await deliver({ ...e, created: Math.floor(Date.now() / 1000) + 30 });
    let sub = await platformDb().subscription.findUniqueOrThrow({ where: { tenantId: tenant.id } });
    expect(sub.status).toBe("PAST_DUE");
    expect(sub.graceUntil).not.toBeNull();
    const graceUntil = sub.graceUntil!;
    expect(graceUntil.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);

    // During grace the tenant keeps working.
    expect((await enforceBillingGrace(new Date(graceUntil.getTime() - 1000))).suspended).not.toContain(tenant.id);
    expect((await platformDb().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).status).toBe("ACTIVE");

    // Grace over: suspended, with the reason and an audit entry.
    expect((await enforceBillingGrace(new Date(graceUntil.getTime() + 1000))).suspended).toContain(tenant.id);
    let t = await platformDb().tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    expect(t).toMatchObject({ status: "SUSPENDED", suspendedReason: BILLING_SUSPENSION_REASON });
    // Running the job again changes nothing.
    expect((await enforceBillingGrace(new Date(graceUntil.getTime() + 2000))).suspended).not.toContain(tenant.id);

    // The customer pays: restored, grace cleared.
    const paid = fake.payInvoice(failed.invoice.id as string);
    for (const e of paid.events) await deliver({ ...e, created: Math.floor(Date.now() / 1000) + 60 });
    t = await platformDb().tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    expect(t).toMatchObject({ status: "ACTIVE", suspendedReason: null });
    sub = await platformDb().subscription.findUniqueOrThrow({ where: { tenantId: tenant.id } });
    expect(sub).toMatchObject({ status: "ACTIVE", graceUntil: null });
    const actions = (
      await platformDb().auditLog.findMany({ where: { tenantId: tenant.id }, orderBy: { createdAt: "asc" } })
    ).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "billing.payment_failed",
        "billing.grace_started",
        "tenant.suspended",
        "billing.invoice_paid",
        "tenant.restored",
      ]),
    );
  });

  it("a suspension an admin imposed for another reason is not lifted by a payment", async () => {
    const { tenant, subscription, events } = await subscribedTenant("STARTER");
    for (const e of events) await deliver(e);
    await platformDb().tenant.update({
      where: { id: tenant.id },
      data: { status: "SUSPENDED", suspendedReason: "Abuse report" },
    });
    const paid = fake.invoiceSubscription(subscription.id, "paid");
    for (const e of paid.events) await deliver(e);
    expect((await platformDb().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).status).toBe("SUSPENDED");
  });
});
