// One Stripe customer per tenant, Checkout (subscription mode, base + metered
// items) and the Customer Portal. Return URLs lead back to /t/<slug>/billing.
import { forTenant, platformDb, writeAudit } from "@articulate/db";
import type Stripe from "stripe";
import { z } from "zod";

import { pricesForPlan, requireBilledPlan } from "./catalog";
import { BillingInputError } from "./errors";
import { requireStripe } from "./stripe-client";

const tenantIdSchema = z.string().min(1, "tenantId is required");
const appUrlSchema = z.url({ protocol: /^https?$/, error: "appUrl must be an http(s) URL" });

function billingPageUrl(appUrl: string, slug: string): string {
  return `${appUrl.replace(/\/+$/, "")}/t/${encodeURIComponent(slug)}/billing`;
}

async function loadTenant(tenantId: string) {
  // platformDb(): The Tenant row itself is not tenant-owned; looked up by its id.
  const tenant = await platformDb().tenant.findUnique({
    where: { id: tenantId },
    select: { id: true, slug: true, name: true, subscription: true },
  });
  if (!tenant) throw new BillingInputError(`tenant ${tenantId} not found`, "tenantId");
  return tenant;
}

/** The tenant's Stripe customer, created once (idempotency key per tenant, stored on Subscription). */
export async function ensureStripeCustomer(tenantId: string, stripe: Stripe = requireStripe()): Promise<string> {
  tenantIdSchema.parse(tenantId);
  const tenant = await loadTenant(tenantId);
  if (tenant.subscription?.stripeCustomerId) return tenant.subscription.stripeCustomerId;
  const owner = await forTenant(tenantId).membership.findFirst({
    where: { tenantId, role: "OWNER" },
    orderBy: { createdAt: "asc" },
    select: { user: { select: { email: true } } },
  });
  const customer = await stripe.customers.create(
    { name: tenant.name, email: owner?.user.email, metadata: { tenant_id: tenantId, tenant_slug: tenant.slug } },
    { idempotencyKey: `articulate-customer-${tenantId}` },
  );
  const db = forTenant(tenantId);
  await db.subscription.upsert({
    where: { tenantId },
    create: { tenantId, stripeCustomerId: customer.id },
    update: {},
  });
  // Only the first writer sets it; a concurrent call got the same customer from the idempotency key.
  await db.subscription.updateMany({
    where: { tenantId, stripeCustomerId: null },
    data: { stripeCustomerId: customer.id },
  });
  await writeAudit(db, {
    tenantId,
    action: "billing.customer_created",
    actorType: "system",
    targetType: "StripeCustomer",
    targetId: customer.id,
  });
  return customer.id;
}

const checkoutInput = z.object({
  tenantId: tenantIdSchema,
  plan: z.string().transform((p, ctx) => {
    try {
      return requireBilledPlan(p);
    } catch (err) {
      ctx.addIssue({ code: "custom", message: (err as Error).message });
      return z.NEVER;
    }
  }),
  appUrl: appUrlSchema,
  actorUserId: z.string().optional(),
});

/** A hosted Checkout session subscribing the tenant to `plan` (base + metered minutes). */
export async function createCheckoutSession(input: {
  tenantId: string;
  plan: string;
  appUrl: string;
  actorUserId?: string;
}): Promise<{ id: string; url: string }> {
  const parsed = checkoutInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BillingInputError(issue?.message ?? "invalid input", issue?.path.join("."));
  }
  const { tenantId, plan, appUrl } = parsed.data;
  const stripe = requireStripe();
  const tenant = await loadTenant(tenantId);
  const sub = tenant.subscription;
  if (sub?.stripeSubscriptionId && ["ACTIVE", "TRIALING", "PAST_DUE"].includes(sub.status)) {
    throw new BillingInputError("This workspace already has a subscription: change it in the billing portal", "plan");
  }
  const customer = await ensureStripeCustomer(tenantId, stripe);
  const prices = await pricesForPlan(stripe, plan, sub);
  const back = billingPageUrl(appUrl, tenant.slug);
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer,
    client_reference_id: tenantId,
    line_items: [{ price: prices.basePriceId, quantity: 1 }, { price: prices.minutesPriceId }],
    success_url: `${back}?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${back}?checkout=cancelled`,
    metadata: { tenant_id: tenantId, plan },
    subscription_data: { metadata: { tenant_id: tenantId, plan } },
  });
  if (!session.url) throw new Error("Stripe returned a Checkout session without a URL");
  await writeAudit(forTenant(tenantId), {
    tenantId,
    action: "billing.checkout_started",
    actorType: input.actorUserId ? "user" : "system",
    actorId: input.actorUserId ?? null,
    targetType: "StripeCheckoutSession",
    targetId: session.id,
    data: { plan },
  });
  return { id: session.id, url: session.url };
}

/** A Customer Portal session (payment methods, invoices, cancel) returning to the billing page. */
export async function createPortalSession(input: { tenantId: string; appUrl: string }): Promise<{ url: string }> {
  tenantIdSchema.parse(input.tenantId);
  const appUrl = appUrlSchema.safeParse(input.appUrl);
  if (!appUrl.success) throw new BillingInputError("appUrl must be an http(s) URL", "appUrl");
  const stripe = requireStripe();
  const tenant = await loadTenant(input.tenantId);
  const customer = await ensureStripeCustomer(input.tenantId, stripe);
  const session = await stripe.billingPortal.sessions.create({
    customer,
    return_url: billingPageUrl(appUrl.data, tenant.slug),
  });
  return { url: session.url };
}
