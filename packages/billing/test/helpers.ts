// Test fixtures: tenants and calls with unique ids, written through the real client.
import crypto from "node:crypto";
import { type PlanTier, platformDb } from "@articulate/db";

export function uniqueSlug(prefix: string): string {
  return `${prefix}-${crypto.randomBytes(5).toString("hex")}`;
}

export async function createTenant(
  opts: {
    plan?: PlanTier;
    createdAt?: Date;
    periodStart?: Date;
    periodEnd?: Date;
    timezone?: string;
    customBaseMinor?: number;
    customIncludedMinutes?: number;
    stripeCustomerId?: string;
    stripeSubscriptionId?: string;
  } = {},
) {
  const plan = opts.plan ?? "STARTER";
  const slug = uniqueSlug("bill");
  return platformDb().tenant.create({
    data: {
      slug,
      name: `Billing test ${slug}`,
      plan,
      timezone: opts.timezone ?? "Australia/Sydney",
      createdAt: opts.createdAt ?? new Date("2026-01-01T00:00:00Z"),
      subscription: {
        create: {
          // Subscribed since the tenant's creation (revenue counts only periods a subscription existed in).
          createdAt: opts.createdAt ?? new Date("2026-01-01T00:00:00Z"),
          plan,
          status: plan === "TRIAL" ? "NONE" : "ACTIVE",
          currentPeriodStart: opts.periodStart ?? null,
          currentPeriodEnd: opts.periodEnd ?? null,
          customBaseMinor: opts.customBaseMinor ?? null,
          customIncludedMinutes: opts.customIncludedMinutes ?? null,
          stripeCustomerId: opts.stripeCustomerId ?? null,
          stripeSubscriptionId: opts.stripeSubscriptionId ?? null,
        },
      },
    },
  });
}

/** A finished call row (the calls lifecycle owns these; tests insert them directly). */
export async function createCall(
  tenantId: string,
  answeredAt: Date | null,
  seconds: number,
  direction: "INBOUND" | "OUTBOUND" = "INBOUND",
) {
  const startedAt = new Date((answeredAt ?? new Date()).getTime() - 5_000);
  const endedAt = new Date((answeredAt ?? startedAt).getTime() + seconds * 1000);
  const call = await platformDb().call.create({
    data: {
      tenantId,
      direction,
      fromNumber: "+61255501234",
      toNumber: "+61255509999",
      roomName: `call-${crypto.randomUUID()}`,
      status: answeredAt ? "COMPLETED" : "NO_ANSWER",
      startedAt,
      answeredAt,
      endedAt,
    },
  });
  return { ...call, endedAt };
}

/** Starts the Stripe fake, points the billing package's env at it and sets up the catalogue. */
export async function startBillingStripe() {
  const { startStripeFake } = await import("@articulate/testing/stripe");
  const { setupStripeCatalog, stripeClient } = await import("../src/index");
  const fake = await startStripeFake();
  process.env.STRIPE_SECRET_KEY = fake.secretKey;
  process.env.STRIPE_WEBHOOK_SECRET = fake.webhookSecret;
  process.env.STRIPE_API_BASE = fake.url;
  const stripe = stripeClient()!;
  const catalog = await setupStripeCatalog(stripe);
  return { fake, stripe, catalog };
}

export function clearStripeEnv(): void {
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.STRIPE_WEBHOOK_SECRET;
  delete process.env.STRIPE_API_BASE;
}
