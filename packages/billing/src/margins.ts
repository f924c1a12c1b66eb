// Revenue, platform cost and gross margin per tenant per billing period, for
// the admin console. Revenue is the rated charge of a period Stripe bills (a
// paid subscription, see current-plan.ts); a tenant without one has the same
// rating as "not billed" revenue instead. Cost is the calls' platform cost
// (from the rollup) plus number rental prorated over the period.
import { Prisma, platformDb } from "@articulate/db";
import { currentPlanOf } from "./current-plan";
import { BillingInputError } from "./errors";
import { type BillingPeriod, billingPeriodAt } from "./periods";
import { rateTenantPeriod } from "./rating";

export interface TenantMargin {
  tenantId: string;
  period: BillingPeriod;
  plan: string;
  minutesUsed: number;
  calls: number;
  /** Whether Stripe bills this period (a paid subscription covering it). */
  billed: boolean;
  /** Billed revenue: the rated charge when billed, else 0. */
  revenueMinor: number;
  /** The rated charge of a period nobody is billed for (projected, "not billed"); 0 when billed. */
  notBilledMinor: number;
  callCostMinor: Prisma.Decimal;
  numberRentalCostMinor: Prisma.Decimal;
  costMinor: Prisma.Decimal;
  grossMarginMinor: Prisma.Decimal;
  /** Gross margin as a percentage of revenue (2 dp), null without revenue. */
  grossMarginPercent: Prisma.Decimal | null;
}

async function numberRentalCost(tenantId: string, period: BillingPeriod): Promise<Prisma.Decimal> {
  // platformDb(): Platform admin margins: the where names the tenant.
  const numbers = await platformDb().phoneNumber.findMany({
    where: {
      tenantId,
      createdAt: { lt: period.end },
      OR: [{ releasedAt: null }, { releasedAt: { gt: period.start } }],
    },
    select: { createdAt: true, releasedAt: true, monthlyCostMinor: true },
  });
  const periodMs = period.end.getTime() - period.start.getTime();
  let total = new Prisma.Decimal(0);
  for (const n of numbers) {
    const from = Math.max(n.createdAt.getTime(), period.start.getTime());
    const to = Math.min(n.releasedAt?.getTime() ?? period.end.getTime(), period.end.getTime());
    if (to > from) total = total.add(new Prisma.Decimal(n.monthlyCostMinor).mul(to - from).div(periodMs));
  }
  return total.toDecimalPlaces(4, Prisma.Decimal.ROUND_HALF_UP);
}

/** Margin for one tenant's billing period (default: the current one). */
export async function getTenantMargin(tenantId: string, period?: BillingPeriod): Promise<TenantMargin> {
  if (!tenantId) throw new BillingInputError("tenantId is required", "tenantId");
  const rating = await rateTenantPeriod(tenantId, period);
  const p = rating.period;
  // platformDb(): Platform admin margins: the Tenant row itself is not tenant-owned.
  const tenant = await platformDb().tenant.findUnique({
    where: { id: tenantId },
    select: { plan: true, subscription: { select: { status: true, createdAt: true } } },
  });
  // Only a subscription that existed during the period bills it (earlier periods were trial).
  const billed =
    !!tenant &&
    currentPlanOf(tenant, tenant.subscription).billed &&
    !!tenant.subscription &&
    tenant.subscription.createdAt.getTime() < p.end.getTime();
  const revenueMinor = billed ? rating.totalMinor : 0;
  // platformDb(): Platform admin margins, raw SQL naming the tenant in every clause.
  const [row] = await platformDb().$queryRaw<Array<{ cost: Prisma.Decimal | string | null }>>`
    SELECT COALESCE(SUM("platformCostMinor"), 0) AS cost FROM "UsageRollup"
    WHERE "tenantId" = ${tenantId} AND "periodStart" = ${p.start}`;
  const callCostMinor = new Prisma.Decimal(row?.cost ?? 0);
  const numberRentalCostMinor = await numberRentalCost(tenantId, p);
  const costMinor = callCostMinor.add(numberRentalCostMinor);
  const grossMarginMinor = new Prisma.Decimal(revenueMinor).sub(costMinor);
  return {
    tenantId,
    period: p,
    plan: rating.plan,
    minutesUsed: rating.minutesUsed,
    calls: rating.calls,
    billed,
    revenueMinor,
    notBilledMinor: billed ? 0 : rating.totalMinor,
    callCostMinor,
    numberRentalCostMinor,
    costMinor,
    grossMarginMinor,
    grossMarginPercent:
      revenueMinor > 0
        ? grossMarginMinor.mul(100).div(revenueMinor).toDecimalPlaces(2, Prisma.Decimal.ROUND_HALF_UP)
        : null,
  };
}

/**
 * Margins of every tenant for the billing period that starts within `window`
 * (e.g. a calendar month). Tenants' periods have their own anchors, so each
 * tenant contributes the one period beginning inside the window, if any.
 */
export async function getTenantMargins(window: BillingPeriod): Promise<TenantMargin[]> {
  if (!(window.end.getTime() > window.start.getTime()))
    throw new BillingInputError("window end must be after its start", "window");
  // platformDb(): Platform admin margins: every tenant.
  const tenants = await platformDb().tenant.findMany({
    // Tenants that existed in the window, and any with usage recorded in it (backdated imports, seeds).
    where: {
      OR: [
        { createdAt: { lt: window.end } },
        { usageRollups: { some: { periodStart: { gte: window.start, lt: window.end } } } },
      ],
    },
    select: {
      id: true,
      createdAt: true,
      subscription: { select: { currentPeriodStart: true, currentPeriodEnd: true } },
    },
    orderBy: { createdAt: "asc" },
  });
  const out: TenantMargin[] = [];
  for (const t of tenants) {
    let p = billingPeriodAt(window.start, t.subscription, t.createdAt);
    if (p.start.getTime() < window.start.getTime()) p = billingPeriodAt(p.end, t.subscription, t.createdAt);
    // Usage is filed under the period it was recorded in; a period the ledger holds wins
    // over the computed one (the anchor may have moved since, e.g. a new subscription).
    const recorded = await platformDb().usageRollup.findFirst({
      where: { tenantId: t.id, periodStart: { gte: window.start, lt: window.end } },
      orderBy: { periodStart: "asc" },
      select: { periodStart: true },
    });
    if (recorded && recorded.periodStart.getTime() !== p.start.getTime()) {
      p = billingPeriodAt(recorded.periodStart, null, recorded.periodStart);
    }
    if (p.start.getTime() >= window.end.getTime()) continue;
    out.push(await getTenantMargin(t.id, p));
  }
  return out;
}

export interface MonthTotals {
  /** "Oct 2026". */
  label: string;
  start: Date;
  end: Date;
  calls: number;
  minutes: number;
  /** Revenue Stripe bills (paid subscriptions only). */
  revenueMinor: number;
  /** What tenants without a paid subscription would pay: projected, not billed. */
  notBilledMinor: number;
  costMinor: Prisma.Decimal;
  /** Billed revenue minus cost. */
  marginMinor: Prisma.Decimal;
}

// Fixed three-letter months: en-AU's Intl "short" month is "June"/"Sept", not "Jun"/"Sep".
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** "Oct 2026" for the UTC month starting at `start`. */
export function monthLabel(start: Date): string {
  return `${MONTHS[start.getUTCMonth()]} ${start.getUTCFullYear()}`;
}

/**
 * Platform totals for the last `months` calendar months (UTC), oldest first:
 * each tenant's billing period starting in the month, from the usage ledger.
 */
export async function platformMonthlyTotals(opts: { months?: number; now?: Date } = {}): Promise<MonthTotals[]> {
  const now = opts.now ?? new Date();
  const months = Math.min(Math.max(opts.months ?? 6, 1), 24);
  const out: MonthTotals[] = [];
  for (let i = months - 1; i >= 0; i--) {
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i + 1, 1));
    const margins = await getTenantMargins({ start, end });
    const totals: MonthTotals = {
      label: monthLabel(start),
      start,
      end,
      calls: 0,
      minutes: 0,
      revenueMinor: 0,
      notBilledMinor: 0,
      costMinor: new Prisma.Decimal(0),
      marginMinor: new Prisma.Decimal(0),
    };
    for (const m of margins) {
      totals.calls += m.calls;
      totals.minutes += m.minutesUsed;
      totals.revenueMinor += m.revenueMinor;
      totals.notBilledMinor += m.notBilledMinor;
      totals.costMinor = totals.costMinor.add(m.costMinor);
    }
    totals.marginMinor = new Prisma.Decimal(totals.revenueMinor).sub(totals.costMinor);
    out.push(totals);
  }
  return out;
}
