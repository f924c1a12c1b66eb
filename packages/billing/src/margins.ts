// Revenue, platform cost and gross margin per tenant per billing period, for
// the admin console. Revenue is the rated charge; cost is the calls' platform
// cost (from the rollup) plus number rental prorated over the period.
import { Prisma, platformDb } from "@articulate/db";
import { BillingInputError } from "./errors";
import { type BillingPeriod, billingPeriodAt } from "./periods";
import { rateTenantPeriod } from "./rating";

export interface TenantMargin {
  tenantId: string;
  period: BillingPeriod;
  plan: string;
  minutesUsed: number;
  revenueMinor: number;
  callCostMinor: Prisma.Decimal;
  numberRentalCostMinor: Prisma.Decimal;
  costMinor: Prisma.Decimal;
  grossMarginMinor: Prisma.Decimal;
  /** Gross margin as a percentage of revenue (2 dp), null without revenue. */
  grossMarginPercent: Prisma.Decimal | null;
}

async function numberRentalCost(tenantId: string, period: BillingPeriod): Promise<Prisma.Decimal> {
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
  const [row] = await platformDb().$queryRaw<Array<{ cost: Prisma.Decimal | string | null }>>`
    SELECT COALESCE(SUM("platformCostMinor"), 0) AS cost FROM "UsageRollup"
    WHERE "tenantId" = ${tenantId} AND "periodStart" = ${p.start}`;
  const callCostMinor = new Prisma.Decimal(row?.cost ?? 0);
  const numberRentalCostMinor = await numberRentalCost(tenantId, p);
  const costMinor = callCostMinor.add(numberRentalCostMinor);
  const grossMarginMinor = new Prisma.Decimal(rating.totalMinor).sub(costMinor);
  return {
    tenantId,
    period: p,
    plan: rating.plan,
    minutesUsed: rating.minutesUsed,
    revenueMinor: rating.totalMinor,
    callCostMinor,
    numberRentalCostMinor,
    costMinor,
    grossMarginMinor,
    grossMarginPercent:
      rating.totalMinor > 0
        ? grossMarginMinor.mul(100).div(rating.totalMinor).toDecimalPlaces(2, Prisma.Decimal.ROUND_HALF_UP)
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
  const tenants = await platformDb().tenant.findMany({
    where: { createdAt: { lt: window.end } },
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
    if (p.start.getTime() >= window.end.getTime()) continue;
    out.push(await getTenantMargin(t.id, p));
  }
  return out;
}
