// "Current plan", defined once for the billing page, overview, admin console and
// API: a tenant is on a paid plan only while Stripe holds a subscription for it
// (its mirrored status is one Stripe bills); otherwise it is on the free trial,
// whatever plan it picked at sign-up. Usage is still rated on the picked plan's
// terms so admins see what it would pay, labelled "not billed".
import { forTenant, type PlanTier, type SubscriptionStatus } from "@articulate/db";
import { PLANS } from "./plans";

/** Subscription states in which Stripe invoices the tenant. */
export const BILLED_SUBSCRIPTION_STATES: readonly SubscriptionStatus[] = [
  "ACTIVE",
  "TRIALING",
  "PAST_DUE",
  "UNPAID",
  "INCOMPLETE",
];

const STATE_LABEL: Record<SubscriptionStatus, string> = {
  NONE: "no subscription",
  TRIALING: "subscription in its trial period",
  INCOMPLETE: "first payment pending",
  ACTIVE: "subscription active",
  PAST_DUE: "payment overdue",
  UNPAID: "unpaid",
  CANCELED: "subscription cancelled",
};

export interface CurrentPlan {
  /** "paid": Stripe bills it; "trial": nothing is charged. */
  kind: "paid" | "trial";
  /** The plan whose terms rate the usage (the picked plan, even when not billed). */
  plan: PlanTier;
  billed: boolean;
  subscriptionStatus: SubscriptionStatus | null;
  /** "Starter", "Free trial". */
  label: string;
  /** "Subscription active", "Starter picked: not billed until you subscribe". */
  detail: string;
}

export function currentPlanOf(
  tenant: { plan: PlanTier },
  subscription: { status: SubscriptionStatus } | null | undefined,
): CurrentPlan {
  const status = subscription?.status ?? null;
  const billed = status !== null && BILLED_SUBSCRIPTION_STATES.includes(status) && PLANS[tenant.plan].stripeBilled;
  if (billed) {
    const detail = STATE_LABEL[status];
    return {
      kind: "paid",
      plan: tenant.plan,
      billed,
      subscriptionStatus: status,
      label: PLANS[tenant.plan].label,
      detail: detail.charAt(0).toUpperCase() + detail.slice(1),
    };
  }
  return {
    kind: "trial",
    plan: tenant.plan,
    billed: false,
    subscriptionStatus: status,
    label: "Free trial",
    detail:
      tenant.plan === "TRIAL"
        ? "Nothing is charged"
        : `${PLANS[tenant.plan].label} picked: not billed until you subscribe`,
  };
}

export async function getCurrentPlan(tenantId: string): Promise<CurrentPlan> {
  const tdb = forTenant(tenantId);
  const [tenant, subscription] = await Promise.all([
    tdb.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { plan: true } }),
    tdb.subscription.findFirst({ where: {}, select: { status: true } }),
  ]);
  return currentPlanOf(tenant, subscription);
}
