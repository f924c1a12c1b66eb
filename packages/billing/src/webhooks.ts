// Stripe webhooks: verified on the raw body with the endpoint secret, applied
// exactly once (the ProcessedWebhookEvent row is inserted in the same
// transaction as the effect), safe against out-of-order delivery: an event
// older than the newest applied one never overwrites state, same-second ties
// and invoice/checkout events are resolved against the object re-fetched from Stripe.
import crypto from "node:crypto";
import { stripeEnv } from "@articulate/config";
import { type Prisma, platformDb, writeAudit } from "@articulate/db";
import Stripe from "stripe";
import { z } from "zod";

import { BillingInputError, BillingNotConfiguredError, StripeWebhookSignatureError } from "./errors";
import { stripeClient } from "./stripe-client";
import {
  applyStripeSubscription,
  type MirroredState,
  mirrorStripeSubscription,
  recordPaymentReceived,
  startPaymentGrace,
} from "./subscription-state";

export const HANDLED_STRIPE_EVENTS = [
  "checkout.session.completed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "invoice.paid",
  "invoice.payment_failed",
] as const;

export interface WebhookResult {
  eventId: string;
  type: string;
  outcome: "processed" | "duplicate" | "ignored" | "stale";
}

const eventSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  created: z.number().int(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

/** Signature tolerance in seconds (Stripe's default). */
const TOLERANCE_S = 300;

// Verification needs no API key: a keyless instance is enough for constructEvent.
const verifier = new Stripe("sk_unused_for_verification");

function verify(rawBody: string, signatureHeader: string | null, secret: string): Stripe.Event {
  if (!signatureHeader) throw new StripeWebhookSignatureError("Missing Stripe-Signature header");
  try {
    return verifier.webhooks.constructEvent(rawBody, signatureHeader, secret, TOLERANCE_S);
  } catch (err) {
    throw new StripeWebhookSignatureError(`Stripe signature verification failed: ${(err as Error).message}`);
  }
}

function idOf(v: unknown): string | null {
  if (typeof v === "string") return v;
  if (v && typeof v === "object" && typeof (v as { id?: unknown }).id === "string") return (v as { id: string }).id;
  return null;
}

async function tenantForCustomer(customerId: string | null): Promise<string | null> {
  if (!customerId) return null;
  // platformDb(): Stripe webhook in: the customer id is what tells us the tenant.
  const sub = await platformDb().subscription.findUnique({
    where: { stripeCustomerId: customerId },
    select: { tenantId: true },
  });
  return sub?.tenantId ?? null;
}

type Effect = (tx: Prisma.TransactionClient) => Promise<WebhookResult["outcome"]>;
/** A single-statement variant of an effect; null when state moved underneath it (use the full effect). */
type FastEffect = () => Promise<WebhookResult["outcome"] | null>;

/**
 * Records the event and refreshes the mirrored subscription fields in one
 * statement, provided the row still has the plan/status/grace we read
 * (else nothing is written and the caller runs the full transaction).
 */
async function applyMirrorInOneStatement(
  event: Stripe.Event,
  tenantId: string,
  held: MirroredState,
  data: ReturnType<typeof mirrorStripeSubscription>["data"],
): Promise<WebhookResult["outcome"] | null> {
  // platformDb(): Stripe webhook in, raw SQL (the guard does not see it): every statement names the tenant resolved from the event.
  const [r] = await platformDb().$queryRaw<Array<{ ok: number; inserted: number; updated: number }>>`
    WITH cur AS (
      SELECT "status", "graceUntil", "lastStripeEventAt" FROM "Subscription" WHERE "tenantId" = ${tenantId} FOR UPDATE
    ), ok AS (
      SELECT 1 FROM cur JOIN "Tenant" t ON t."id" = ${tenantId}
      WHERE cur."status" IS NOT DISTINCT FROM ${held.status}::"SubscriptionStatus"
        AND cur."graceUntil" IS NOT DISTINCT FROM ${held.graceUntil}::timestamptz
        AND t."plan" = ${held.tenantPlan}::"PlanTier" AND t."status" = ${held.tenantStatus}::"TenantStatus"
    ), ins AS (
      INSERT INTO "ProcessedWebhookEvent" ("id", "provider", "eventId", "eventType")
      SELECT ${crypto.randomUUID()}, 'stripe', ${event.id}, ${event.type} WHERE EXISTS (SELECT 1 FROM ok)
      ON CONFLICT ("provider", "eventId") DO NOTHING RETURNING 1
    ), upd AS (
      UPDATE "Subscription" SET
        "plan" = ${data.plan}::"PlanTier", "status" = ${data.status}::"SubscriptionStatus",
        "stripeSubscriptionId" = ${data.stripeSubscriptionId},
        "currentPeriodStart" = ${data.currentPeriodStart}::timestamptz, "currentPeriodEnd" = ${data.currentPeriodEnd}::timestamptz,
        "cancelAtPeriodEnd" = ${data.cancelAtPeriodEnd}, "customBaseMinor" = ${data.customBaseMinor}::int,
        "customIncludedMinutes" = ${data.customIncludedMinutes}::int, "graceUntil" = ${data.graceUntil}::timestamptz,
        "lastStripeEventAt" = ${data.lastStripeEventAt}, "updatedAt" = now()
      WHERE "tenantId" = ${tenantId} AND EXISTS (SELECT 1 FROM ins)
        AND ("lastStripeEventAt" IS NULL OR "lastStripeEventAt" <= ${data.lastStripeEventAt})
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM ok)::int AS ok, (SELECT count(*) FROM ins)::int AS inserted, (SELECT count(*) FROM upd)::int AS updated`;
  if (!r || r.ok === 0) return null;
  if (r.inserted === 0) return "duplicate";
  return r.updated === 1 ? "processed" : "stale";
}

/** Works out (outside the transaction, since it may call Stripe) what an event means for us. */
async function planEffect(
  event: Stripe.Event,
  stripe: Stripe | null,
): Promise<{ tenantId: string | null; effect: Effect; fast?: FastEffect; duplicate?: boolean }> {
  const created = new Date(event.created * 1000);
  const fetchSubscription = async (id: string, fallback?: Stripe.Subscription) =>
    stripe ? await stripe.subscriptions.retrieve(id) : (fallback ?? null);

  switch (event.type) {
    case "checkout.session.completed": {
      const session = event.data.object;
      const tenantId = session.client_reference_id ?? null;
      const customer = idOf(session.customer);
      const subId = idOf(session.subscription);
      if (!tenantId || !subId || session.mode !== "subscription") return { tenantId, effect: async () => "ignored" };
      // platformDb(): Stripe webhook in: the tenant id comes from the checkout session's metadata.
      const tenant = await platformDb().tenant.findUnique({
        where: { id: tenantId },
        select: { subscription: { select: { stripeCustomerId: true } } },
      });
      // The customer is created by us before Checkout: a session naming another customer is not ours to apply.
      if (!tenant || (tenant.subscription?.stripeCustomerId && tenant.subscription.stripeCustomerId !== customer)) {
        return { tenantId: null, effect: async () => "ignored" };
      }
      const sub = await fetchSubscription(subId);
      if (!sub) return { tenantId, effect: async () => "ignored" };
      return {
        tenantId,
        effect: async (tx) => {
          await tx.subscription.upsert({
            where: { tenantId },
            create: { tenantId, stripeCustomerId: customer },
            update: { stripeCustomerId: customer ?? undefined },
          });
          await writeAudit(tx, {
            tenantId,
            action: "billing.checkout_completed",
            actorType: "stripe",
            actorId: event.id,
            targetType: "StripeCheckoutSession",
            targetId: session.id,
          });
          return (await applyStripeSubscription(tx, tenantId, sub, created, event.id)) === "stale"
            ? "stale"
            : "processed";
        },
      };
    }
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted": {
      const payload = event.data.object;
      const customer = idOf(payload.customer);
      // One read: the tenant's mirrored state and whether this event was already processed.
      const [held] = customer
        ? await platformDb().$queryRaw<Array<MirroredState & { tenantId: string; seen: boolean }>>`
            SELECT s."tenantId", s."status", s."graceUntil", s."lastStripeEventAt",
                   t."plan" AS "tenantPlan", t."status" AS "tenantStatus", t."suspendedReason",
                   EXISTS (SELECT 1 FROM "ProcessedWebhookEvent" p WHERE p."provider" = 'stripe' AND p."eventId" = ${event.id}) AS "seen"
            FROM "Subscription" s JOIN "Tenant" t ON t."id" = s."tenantId"
            WHERE s."stripeCustomerId" = ${customer}`
        : [];
      if (held?.seen) return { tenantId: held.tenantId, duplicate: true, effect: async () => "duplicate" };
      if (!held) return { tenantId: null, effect: async () => "ignored" };
      const tenantId = held.tenantId;
      // Event time orders deliveries: newer than what we applied → the payload is current; older → stale.
      // Within the same second the order is ambiguous, so Stripe's current state decides.
      const tie = held.lastStripeEventAt?.getTime() === created.getTime();
      const sub = tie ? await fetchSubscription(payload.id, payload) : payload;
      if (!sub) return { tenantId, effect: async () => "ignored" };
      const mirror = mirrorStripeSubscription(sub, created, held);
      return {
        tenantId,
        // Most updates (renewals, metadata) only refresh mirrored fields: one atomic statement.
        fast:
          mirror.sideEffects || mirror.stale
            ? undefined
            : () => applyMirrorInOneStatement(event, tenantId, held, mirror.data),
        effect: async (tx) =>
          (await applyStripeSubscription(tx, tenantId, sub, created, event.id)) === "stale" ? "stale" : "processed",
      };
    }
    case "invoice.paid":
    case "invoice.payment_failed": {
      const payload = event.data.object;
      const tenantId = await tenantForCustomer(idOf(payload.customer));
      if (!tenantId || !payload.id) return { tenantId: null, effect: async () => "ignored" };
      const invoice = stripe ? await stripe.invoices.retrieve(payload.id) : payload;
      const subId = idOf(invoice.parent?.subscription_details?.subscription ?? null);
      const sub = subId ? await fetchSubscription(subId) : null;
      const invoiceId = payload.id;
      return {
        tenantId,
        effect: async (tx) => {
          const applied = sub ? await applyStripeSubscription(tx, tenantId, sub, created, event.id) : "applied";
          if (event.type === "invoice.payment_failed") {
            // Only a still-unpaid invoice opens the grace period (a late failure event after payment is moot).
            if (invoice.status === "open" || invoice.status === "uncollectible")
              await startPaymentGrace(tx, tenantId, created, event.id, invoiceId);
          } else if (invoice.status === "paid" && (!sub || sub.status === "active" || sub.status === "trialing")) {
            await recordPaymentReceived(tx, tenantId, event.id, invoiceId);
          }
          return applied === "stale" && event.type === "invoice.paid" ? "stale" : "processed";
        },
      };
    }
    default:
      return { tenantId: null, effect: async () => "ignored" };
  }
}

/**
 * Verifies and applies one Stripe webhook delivery. Throws
 * StripeWebhookSignatureError (→ 400) for a bad or stale signature,
 * BillingInputError (→ 400) for a malformed event, BillingNotConfiguredError
 * (→ 503) without STRIPE_WEBHOOK_SECRET.
 */
export async function handleStripeWebhook(rawBody: string, signatureHeader: string | null): Promise<WebhookResult> {
  // The webhook secret alone is enough to verify deliveries (no API key needed).
  const secret = stripeEnv().STRIPE_WEBHOOK_SECRET;
  if (!secret) throw new BillingNotConfiguredError("Stripe webhooks are not configured (set STRIPE_WEBHOOK_SECRET)");
  const event = verify(rawBody, signatureHeader, secret);
  const shape = eventSchema.safeParse(event);
  if (!shape.success) {
    const issue = shape.error.issues[0];
    throw new BillingInputError(
      `Malformed Stripe event: ${issue?.path.join(".")} ${issue?.message}`,
      issue?.path.join("."),
    );
  }
  // platformDb(): Stripe webhook in: idempotency record and effects span tenants (webhooks in are platform-level).
  const db = platformDb();
  // Subscription events check for a repeat in their own first read (the hot path); others check here.
  if (!event.type.startsWith("customer.subscription.")) {
    const seen = await db.processedWebhookEvent.findUnique({
      where: { provider_eventId: { provider: "stripe", eventId: event.id } },
      select: { id: true },
    });
    if (seen) return { eventId: event.id, type: event.type, outcome: "duplicate" };
  }

  const { tenantId, effect, fast, duplicate } = await planEffect(event, stripeClient());
  if (duplicate) return { eventId: event.id, type: event.type, outcome: "duplicate" };
  const quick = fast ? await fast() : null;
  if (quick) return { eventId: event.id, type: event.type, outcome: quick };
  return db.$transaction(async (tx) => {
    const inserted = await tx.processedWebhookEvent.createManyAndReturn({
      data: [{ provider: "stripe", eventId: event.id, eventType: event.type }],
      skipDuplicates: true,
      select: { id: true },
    });
    // A concurrent delivery of the same event got here first.
    if (inserted.length === 0) return { eventId: event.id, type: event.type, outcome: "duplicate" as const };
    const outcome = await effect(tx);
    if (outcome === "ignored" || outcome === "stale") {
      await writeAudit(tx, {
        tenantId,
        action: `stripe.event_${outcome}`,
        actorType: "stripe",
        actorId: event.id,
        data: { type: event.type },
      });
    }
    return { eventId: event.id, type: event.type, outcome };
  });
}
