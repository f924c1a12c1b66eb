import { platformDb } from "@articulate/db";
import type { StripeFake } from "@articulate/testing/stripe";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BillingInputError,
  type CatalogSetupResult,
  createCheckoutSession,
  createPortalSession,
  ensureStripeCustomer,
  setupStripeCatalog,
} from "../src/index";
import { clearStripeEnv, createTenant, startBillingStripe } from "./helpers";

let fake: StripeFake;
let stripe: Stripe;
let catalog: CatalogSetupResult;

beforeAll(async () => {
  ({ fake, stripe, catalog } = await startBillingStripe());
});
afterAll(async () => {
  clearStripeEnv();
  await fake.close();
});

describe("Stripe catalogue setup", () => {
  it("creates the meter, products, base and graduated metered prices once, and re-runs without creating anything", async () => {
    expect(fake.state.meters.size).toBe(1);
    expect(fake.state.products.size).toBe(3);
    expect(fake.state.prices.size).toBe(6);
    const starterMinutes = await stripe.prices.retrieve(catalog.prices.STARTER.minutesPriceId, { expand: ["tiers"] });
    expect(starterMinutes.recurring).toMatchObject({
      usage_type: "metered",
      meter: catalog.meterId,
      interval: "month",
    });
    expect(starterMinutes.tiers_mode).toBe("graduated");
    expect(starterMinutes.tiers?.map((t) => [t.up_to, t.unit_amount])).toEqual([
      [1000, 0],
      [null, 10],
    ]);
    const proBase = await stripe.prices.retrieve(catalog.prices.PROFESSIONAL.basePriceId);
    expect(proBase).toMatchObject({
      unit_amount: 39_900,
      currency: "aud",
      lookup_key: "articulate_professional_base_aud",
    });

    const again = await setupStripeCatalog(stripe);
    expect(again.created).toEqual([]);
    expect(again.meterId).toBe(catalog.meterId);
    expect(again.prices).toEqual(catalog.prices);
    expect(fake.state.prices.size).toBe(6);
    const entries = await platformDb().stripeCatalogEntry.findMany();
    expect(entries.find((e) => e.key === "price:STARTER:minutes")?.stripeId).toBe(
      catalog.prices.STARTER.minutesPriceId,
    );
  });
});

describe("customers, Checkout and the portal", () => {
  it("creates one customer per tenant, however often it is asked", async () => {
    const t = await createTenant({ plan: "TRIAL" });
    const ids = await Promise.all([ensureStripeCustomer(t.id), ensureStripeCustomer(t.id), ensureStripeCustomer(t.id)]);
    expect(new Set(ids).size).toBe(1);
    expect(
      [...fake.state.customers.values()].filter((c) => (c.metadata as Record<string, string>).tenant_id === t.id),
    ).toHaveLength(1);
    const sub = await platformDb().subscription.findUniqueOrThrow({ where: { tenantId: t.id } });
    expect(sub.stripeCustomerId).toBe(ids[0]);
  });

  it("opens a subscription-mode Checkout with the base and metered items, returning to the billing page", async () => {
    const t = await createTenant({ plan: "TRIAL" });
    const s = await createCheckoutSession({ tenantId: t.id, plan: "STARTER", appUrl: "https://app.example.com/" });
    expect(s.url).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    const stored = fake.state.checkoutSessions.get(s.id)!;
    expect(stored).toMatchObject({
      mode: "subscription",
      client_reference_id: t.id,
      success_url: `https://app.example.com/t/${t.slug}/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `https://app.example.com/t/${t.slug}/billing?checkout=cancelled`,
    });
    expect(stored.line_items_input).toEqual([
      { price: catalog.prices.STARTER.basePriceId, quantity: 1 },
      { price: catalog.prices.STARTER.minutesPriceId, quantity: undefined },
    ]);
    const audit = await platformDb().auditLog.findFirst({
      where: { tenantId: t.id, action: "billing.checkout_started" },
    });
    expect(audit).not.toBeNull();
  });

  it("Enterprise checkout gets prices for the negotiated terms (found again by lookup key)", async () => {
    const t = await createTenant({ plan: "TRIAL", customBaseMinor: 250_000, customIncludedMinutes: 40_000 });
    await platformDb().subscription.update({ where: { tenantId: t.id }, data: { status: "NONE" } });
    const s = await createCheckoutSession({ tenantId: t.id, plan: "ENTERPRISE", appUrl: "https://app.example.com" });
    const items = fake.state.checkoutSessions.get(s.id)!.line_items_input!;
    const base = await stripe.prices.retrieve(items[0]!.price as string);
    const minutes = await stripe.prices.retrieve(items[1]!.price as string, { expand: ["tiers"] });
    expect(base.unit_amount).toBe(250_000);
    expect(minutes.tiers?.map((x) => [x.up_to, x.unit_amount])).toEqual([
      [40_000, 0],
      [null, 6],
    ]);
    const before = fake.state.prices.size;
    const t2 = await createTenant({ plan: "TRIAL", customBaseMinor: 250_000, customIncludedMinutes: 40_000 });
    await createCheckoutSession({ tenantId: t2.id, plan: "ENTERPRISE", appUrl: "https://app.example.com" });
    expect(fake.state.prices.size).toBe(before);
  });

  it("rejects bad input naming the field, and a second subscription", async () => {
    const t = await createTenant({ plan: "TRIAL" });
    await expect(
      createCheckoutSession({ tenantId: t.id, plan: "TRIAL", appUrl: "https://a.example" }),
    ).rejects.toMatchObject({
      name: "BillingInputError",
      field: "plan",
    });
    await expect(createCheckoutSession({ tenantId: t.id, plan: "STARTER", appUrl: "ftp://x" })).rejects.toBeInstanceOf(
      BillingInputError,
    );
    const active = await createTenant({ plan: "STARTER", stripeSubscriptionId: `sub_active_${t.id}` });
    await expect(
      createCheckoutSession({ tenantId: active.id, plan: "PROFESSIONAL", appUrl: "https://a.example" }),
    ).rejects.toMatchObject({
      field: "plan",
    });
  });

  it("opens a Customer Portal session returning to the billing page", async () => {
    const t = await createTenant({ plan: "TRIAL" });
    const p = await createPortalSession({ tenantId: t.id, appUrl: "https://app.example.com" });
    expect(p.url).toMatch(/^https:\/\/billing\.stripe\.com\//);
    const s = [...fake.state.portalSessions.values()].at(-1)!;
    expect(s.return_url).toBe(`https://app.example.com/t/${t.slug}/billing`);
  });
});

describe("the fake enforces Stripe's rules through stripe-node", () => {
  it("rejects a wrong API key", async () => {
    const bad = new Stripe("sk_test_wrong", { ...fake.clientConfig(), maxNetworkRetries: 0 });
    await expect(bad.customers.create({})).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });

  it("names a missing required param and rejects unknown ones (v23 has no payment_method_types)", async () => {
    await expect(stripe.products.create({} as Stripe.ProductCreateParams)).rejects.toMatchObject({
      param: "name",
      statusCode: 400,
    });
    await expect(
      stripe.checkout.sessions.create({
        mode: "subscription",
        success_url: "https://a.example",
        line_items: [{ price: catalog.prices.STARTER.minutesPriceId, quantity: 1 }],
      }),
    ).rejects.toMatchObject({ param: "line_items[0][quantity]" });
    await expect(
      stripe.checkout.sessions.create({
        mode: "subscription",
        success_url: "https://a.example",
        line_items: [{ price: catalog.prices.STARTER.basePriceId, quantity: 1 }],
        payment_method_types: ["card"],
      } as Stripe.Checkout.SessionCreateParams),
    ).rejects.toMatchObject({ param: "payment_method_types", code: "parameter_unknown" });
  });

  it("replays an idempotent request and refuses the same key with other parameters", async () => {
    const a = await stripe.customers.create({ name: "A" }, { idempotencyKey: "idem-test-1" });
    const b = await stripe.customers.create({ name: "A" }, { idempotencyKey: "idem-test-1" });
    expect(b.id).toBe(a.id);
    await expect(stripe.customers.create({ name: "B" }, { idempotencyKey: "idem-test-1" })).rejects.toBeInstanceOf(
      Stripe.errors.StripeIdempotencyError,
    );
  });

  it("meter events: identifier dedupe and the 35-day / 5-minute timestamp window", async () => {
    const now = Math.floor(Date.now() / 1000);
    const ev = { event_name: "articulate_voice_minutes", payload: { stripe_customer_id: "cus_x", value: "3" } };
    await stripe.billing.meterEvents.create({ ...ev, identifier: "dedupe-1", timestamp: now });
    await expect(
      stripe.billing.meterEvents.create({ ...ev, identifier: "dedupe-1", timestamp: now }),
    ).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining("already exists with identifier"),
    });
    await expect(
      stripe.billing.meterEvents.create({ ...ev, identifier: "old-1", timestamp: now - 36 * 86_400 }),
    ).rejects.toMatchObject({
      param: "timestamp",
    });
    await expect(
      stripe.billing.meterEvents.create({ ...ev, identifier: "future-1", timestamp: now + 600 }),
    ).rejects.toMatchObject({
      param: "timestamp",
    });
    await stripe.billing.meterEvents.create({ ...ev, identifier: "recent-1", timestamp: now - 34 * 86_400 });
  });

  it("answers 429 on demand", async () => {
    fake.failNext(1, 429);
    await expect(stripe.customers.create({}, { maxNetworkRetries: 0 })).rejects.toBeInstanceOf(
      Stripe.errors.StripeRateLimitError,
    );
  });
});
