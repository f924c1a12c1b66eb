// Mirrors a Stripe subscription onto the tenant: plan (from our price
// metadata), status, period, Enterprise terms; plan changes are recorded for
// rating; payment trouble opens a grace period, recovery closes it and lifts a
// billing suspension.
import { sharedSettings } from "@articulate/config";
import { type PlanTier, type Prisma, type SubscriptionStatus, writeAudit } from "@articulate/db";
import type Stripe from "stripe";

export const BILLING_SUSPENSION_REASON = "Payment overdue: the grace period after a failed payment ended";
export const DEFAULT_GRACE_DAYS = 7;

export function graceDays(): number {
  return sharedSettings().BILLING_GRACE_DAYS;
}

const STATUS: Record<Stripe.Subscription.Status, SubscriptionStatus> = {
  active: "ACTIVE",
  trialing: "TRIALING",
  incomplete: "INCOMPLETE",
  incomplete_expired: "CANCELED",
  past_due: "PAST_DUE",
  unpaid: "UNPAID",
  canceled: "CANCELED",
  paused: "UNPAID",
};

const PLAN_VALUES = new Set<PlanTier>(["STARTER", "PROFESSIONAL", "ENTERPRISE"]);

function planFromItems(
  sub: Stripe.Subscription,
): { plan: PlanTier; baseMinor?: number; includedMinutes?: number } | null {
  for (const item of sub.items.data) {
    const md = item.price.metadata ?? {};
    const plan = md.articulate_plan as PlanTier | undefined;
    if (plan && PLAN_VALUES.has(plan)) {
      const base = Number(md.articulate_base_minor);
      const included = Number(md.articulate_included_minutes);
      return {
        plan,
        baseMinor: Number.isInteger(base) ? base : undefined,
        includedMinutes: Number.isInteger(included) ? included : undefined,
      };
    }
  }
  return null;
}

export type ApplyOutcome = "applied" | "stale";

/** What we hold for a tenant before applying an event. */
export interface MirroredState {
  tenantPlan: PlanTier;
  tenantStatus: "ACTIVE" | "SUSPENDED";
  suspendedReason: string | null;
  status: SubscriptionStatus | null;
  graceUntil: Date | null;
  lastStripeEventAt: Date | null;
}

/** The Subscription row a Stripe subscription maps to, and whether applying it has side effects. */
export function mirrorStripeSubscription(sub: Stripe.Subscription, eventCreated: Date, current: MirroredState) {
  const status = STATUS[sub.status] ?? "INCOMPLETE";
  const fromItems = planFromItems(sub);
  // A cancelled subscription falls back to the free, unbilled trial plan.
  const plan: PlanTier = status === "CANCELED" ? "TRIAL" : (fromItems?.plan ?? current.tenantPlan);
  const item = sub.items.data[0];
  const healthy = status === "ACTIVE" || status === "TRIALING";
  const troubled = status === "PAST_DUE" || status === "UNPAID";
  let graceUntil = current.graceUntil;
  if (healthy) graceUntil = null;
  else if (troubled && !graceUntil) graceUntil = new Date(eventCreated.getTime() + graceDays() * 86_400_000);
  const data = {
    plan,
    status,
    stripeSubscriptionId: sub.id,
    currentPeriodStart: item ? new Date(item.current_period_start * 1000) : null,
    currentPeriodEnd: item ? new Date(item.current_period_end * 1000) : null,
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    customBaseMinor: plan === "ENTERPRISE" ? (fromItems?.baseMinor ?? null) : null,
    customIncludedMinutes: plan === "ENTERPRISE" ? (fromItems?.includedMinutes ?? null) : null,
    graceUntil,
    lastStripeEventAt: eventCreated,
  };
  const stale = !!current.lastStripeEventAt && eventCreated.getTime() < current.lastStripeEventAt.getTime();
  const planChanged = plan !== current.tenantPlan;
  const statusChanged = current.status !== status;
  const graceStarted = troubled && !current.graceUntil && !!graceUntil;
  const liftsSuspension =
    healthy && current.tenantStatus === "SUSPENDED" && current.suspendedReason === BILLING_SUSPENSION_REASON;
  return {
    data,
    stale,
    healthy,
    troubled,
    planChanged,
    statusChanged,
    graceStarted,
    sideEffects: planChanged || statusChanged || graceStarted || liftsSuspension,
  };
}

/**
 * Applies the subscription's state. Events older than the newest one already
 * applied are skipped (callers pass the current object when order is ambiguous).
 */
export async function applyStripeSubscription(
  tx: Prisma.TransactionClient,
  tenantId: string,
  sub: Stripe.Subscription,
  eventCreated: Date,
  eventId: string,
): Promise<ApplyOutcome> {
  const tenant = await tx.tenant.findUniqueOrThrow({
    where: { id: tenantId },
    select: {
      plan: true,
      status: true,
      suspendedReason: true,
      subscription: { select: { status: true, graceUntil: true, lastStripeEventAt: true } },
    },
  });
  const current = tenant.subscription;
  const m = mirrorStripeSubscription(sub, eventCreated, {
    tenantPlan: tenant.plan,
    tenantStatus: tenant.status,
    suspendedReason: tenant.suspendedReason,
    status: current?.status ?? null,
    graceUntil: current?.graceUntil ?? null,
    lastStripeEventAt: current?.lastStripeEventAt ?? null,
  });
  if (m.stale) return "stale";
  const { data } = m;
  const { plan, status, graceUntil } = data;
  const { healthy, troubled } = m;
  await tx.subscription.upsert({
    where: { tenantId },
    create: { tenantId, stripeCustomerId: typeof sub.customer === "string" ? sub.customer : sub.customer.id, ...data },
    update: data,
  });

  if (plan !== tenant.plan) {
    // A first subscription starts its own period: the plan holds from that period's start.
    const changedAt = tenant.plan === "TRIAL" && data.currentPeriodStart ? data.currentPeriodStart : eventCreated;
    await tx.planChange.create({ data: { tenantId, fromPlan: tenant.plan, toPlan: plan, changedAt } });
    await tx.tenant.update({ where: { id: tenantId }, data: { plan } });
    await writeAudit(tx, {
      tenantId,
      action: "billing.plan_changed",
      actorType: "stripe",
      actorId: eventId,
      targetType: "Subscription",
      targetId: sub.id,
      data: { from: tenant.plan, to: plan },
    });
  }
  if (current?.status !== status) {
    await writeAudit(tx, {
      tenantId,
      action: "billing.subscription_status",
      actorType: "stripe",
      actorId: eventId,
      targetType: "Subscription",
      targetId: sub.id,
      data: { from: current?.status ?? "NONE", to: status },
    });
  }
  if (troubled && !current?.graceUntil && graceUntil) {
    await writeAudit(tx, {
      tenantId,
      action: "billing.grace_started",
      actorType: "stripe",
      actorId: eventId,
      data: { graceUntil: graceUntil.toISOString() },
    });
  }
  if (healthy) await restoreFromBillingSuspension(tx, tenantId, eventId);
  return "applied";
}

/** Lifts a suspension that billing imposed (never one an admin imposed for another reason). */
export async function restoreFromBillingSuspension(
  tx: Prisma.TransactionClient,
  tenantId: string,
  eventId: string,
): Promise<boolean> {
  const restored = await tx.tenant.updateMany({
    where: { id: tenantId, status: "SUSPENDED", suspendedReason: BILLING_SUSPENSION_REASON },
    data: { status: "ACTIVE", suspendedReason: null, suspendedAt: null },
  });
  if (restored.count === 0) return false;
  await writeAudit(tx, {
    tenantId,
    action: "tenant.restored",
    actorType: "stripe",
    actorId: eventId,
    data: { reason: "payment received" },
  });
  return true;
}

/** Opens the grace period for a failed payment (once; later failures keep the first deadline). */
export async function startPaymentGrace(
  tx: Prisma.TransactionClient,
  tenantId: string,
  eventCreated: Date,
  eventId: string,
  invoiceId: string,
): Promise<void> {
  const graceUntil = new Date(eventCreated.getTime() + graceDays() * 86_400_000);
  const updated = await tx.subscription.updateMany({ where: { tenantId, graceUntil: null }, data: { graceUntil } });
  await writeAudit(tx, {
    tenantId,
    action: "billing.payment_failed",
    actorType: "stripe",
    actorId: eventId,
    targetType: "StripeInvoice",
    targetId: invoiceId,
    data: updated.count > 0 ? { graceUntil: graceUntil.toISOString() } : { graceAlreadyRunning: true },
  });
}

/** A paid invoice closes the grace period and lifts a billing suspension. */
export async function recordPaymentReceived(
  tx: Prisma.TransactionClient,
  tenantId: string,
  eventId: string,
  invoiceId: string,
): Promise<void> {
  await tx.subscription.updateMany({ where: { tenantId }, data: { graceUntil: null } });
  await writeAudit(tx, {
    tenantId,
    action: "billing.invoice_paid",
    actorType: "stripe",
    actorId: eventId,
    targetType: "StripeInvoice",
    targetId: invoiceId,
  });
  await restoreFromBillingSuspension(tx, tenantId, eventId);
}
