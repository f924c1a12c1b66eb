// Rating: the exact charge for a tenant's billing period, in integer cents,
// from the usage ledger. The dashboard shows this figure and Stripe invoices
// the same: base fee + graduated overage beyond the included minutes.
//
// Rules:
// - Usage belongs to the period its answer time falls in (UsageRecord.periodStart).
// - A period is split at each PlanChange inside it. Within a segment the
//   included allowance and overage rate are that plan's; the period's running
//   total carries across segments (an upgrade raises the allowance for later
//   calls; a downgrade never re-charges minutes already used).
// - The base fee is prorated by time across segments (rounded half-up to the
//   cent); without a plan change it is exactly the plan's base.
// - Projection: minutes so far scaled by period length / elapsed time (rounded
//   up), priced with the plan in effect now.
import type { PlanTier } from "@articulate/db";
import { db, forTenant, Prisma, platformDb } from "@articulate/db";
import { BillingInputError } from "./errors";
import { type BillingPeriod, billingPeriodAt, localDay } from "./periods";
import { type PlanTerms, planTerms } from "./plans";
import { overageMinutesAdded } from "./usage-ledger";

export interface RatedSegment {
  plan: PlanTier;
  from: Date;
  to: Date;
  includedMinutes: number;
  overageMinorPerMinute: number;
  minutes: number;
  overageMinutes: number;
  overageMinor: number;
  baseMinor: number;
}

export interface PeriodRating {
  tenantId: string;
  period: BillingPeriod;
  currency: "aud";
  /** Plan in effect at the end of the period (or now, for the current one). */
  plan: PlanTier;
  planLabel: string;
  stripeBilled: boolean;
  includedMinutes: number;
  minutesUsed: number;
  calls: number;
  overageMinutes: number;
  overageMinor: number;
  baseMinor: number;
  totalMinor: number;
  segments: RatedSegment[];
  projected: { minutes: number; overageMinutes: number; overageMinor: number; totalMinor: number };
}

function prorate(amount: number, partMs: number, wholeMs: number): number {
  if (partMs >= wholeMs) return amount;
  // Half-up integer rounding without floats.
  const num = BigInt(amount) * BigInt(partMs) * 2n + BigInt(wholeMs);
  return Number(num / (BigInt(wholeMs) * 2n));
}

type TenantForRating = {
  id: string;
  plan: PlanTier;
  createdAt: Date;
  timezone: string;
  subscription: {
    currentPeriodStart: Date | null;
    currentPeriodEnd: Date | null;
    customBaseMinor: number | null;
    customIncludedMinutes: number | null;
  } | null;
};

async function loadTenantForRating(tenantId: string): Promise<TenantForRating> {
  // platformDb(): The Tenant row itself is not tenant-owned; looked up by its id.
  const t = await platformDb().tenant.findUnique({
    where: { id: tenantId },
    select: {
      id: true,
      plan: true,
      createdAt: true,
      timezone: true,
      subscription: {
        select: {
          currentPeriodStart: true,
          currentPeriodEnd: true,
          customBaseMinor: true,
          customIncludedMinutes: true,
        },
      },
    },
  });
  if (!t) throw new BillingInputError(`tenant ${tenantId} not found`, "tenantId");
  return t;
}

/** The tenant's billing period containing `at` (default now). */
export async function billingPeriodFor(tenantId: string, at: Date = new Date()): Promise<BillingPeriod> {
  const t = await loadTenantForRating(tenantId);
  return billingPeriodAt(at, t.subscription, t.createdAt);
}

interface PeriodFacts {
  tenant: TenantForRating;
  minutes: number;
  calls: number;
  startPlan: PlanTier;
  changes: Array<{ toPlan: PlanTier; changedAt: Date }>;
  days: Array<{ day: string; minutes: number; calls: number }>;
}

/**
 * Everything rating needs for one period in a single round trip: the tenant's
 * plan and terms, the period's totals from the rollup, the plan in effect at
 * its start, the plan changes inside it and (optionally) the per-day series.
 */
async function loadPeriodFacts(tenantId: string, p: BillingPeriod, withDays: boolean): Promise<PeriodFacts | null> {
  // platformDb(): Raw SQL (the guard does not see it): every clause names the tenant.
  const [row] = await platformDb().$queryRaw<
    Array<{
      plan: PlanTier;
      createdAt: Date;
      timezone: string;
      currentPeriodStart: Date | null;
      currentPeriodEnd: Date | null;
      customBaseMinor: number | null;
      customIncludedMinutes: number | null;
      minutes: bigint;
      calls: bigint;
      planBefore: PlanTier | null;
      planAfterFrom: PlanTier | null;
      changes: Array<{ toPlan: PlanTier; changedAt: string }> | null;
      days: Array<{ day: string; minutes: number; calls: number }> | null;
    }>
  >`
    SELECT t."plan", t."createdAt", t."timezone", s."currentPeriodStart", s."currentPeriodEnd", s."customBaseMinor", s."customIncludedMinutes",
      COALESCE(r."minutes", 0)::bigint AS "minutes", COALESCE(r."calls", 0)::bigint AS "calls",
      (SELECT pc."toPlan"::text FROM "PlanChange" pc WHERE pc."tenantId" = t."id" AND pc."changedAt" <= ${p.start}
         ORDER BY pc."changedAt" DESC, pc."createdAt" DESC LIMIT 1) AS "planBefore",
      (SELECT pc."fromPlan"::text FROM "PlanChange" pc WHERE pc."tenantId" = t."id" AND pc."changedAt" > ${p.start}
         ORDER BY pc."changedAt" ASC, pc."createdAt" ASC LIMIT 1) AS "planAfterFrom",
      (SELECT json_agg(json_build_object('toPlan', pc."toPlan", 'changedAt', pc."changedAt") ORDER BY pc."changedAt", pc."createdAt")
         FROM "PlanChange" pc WHERE pc."tenantId" = t."id" AND pc."changedAt" > ${p.start} AND pc."changedAt" < ${p.end}) AS "changes",
      ${
        withDays
          ? Prisma.sql`(SELECT json_agg(json_build_object('day', to_char(d."day", 'YYYY-MM-DD'), 'minutes', d."minutes", 'calls', d."calls") ORDER BY d."day")
               FROM "UsageRollup" d WHERE d."tenantId" = t."id" AND d."periodStart" = ${p.start})`
          : Prisma.sql`NULL::json`
      } AS "days"
    FROM "Tenant" t
    LEFT JOIN "Subscription" s ON s."tenantId" = t."id"
    LEFT JOIN LATERAL (
      SELECT SUM(u."minutes") AS "minutes", SUM(u."calls") AS "calls" FROM "UsageRollup" u
      WHERE u."tenantId" = t."id" AND u."periodStart" = ${p.start}) r ON true
    WHERE t."id" = ${tenantId}`;
  if (!row) return null;
  return {
    tenant: {
      id: tenantId,
      plan: row.plan,
      createdAt: row.createdAt,
      timezone: row.timezone,
      subscription:
        row.currentPeriodStart ||
        row.currentPeriodEnd ||
        row.customBaseMinor !== null ||
        row.customIncludedMinutes !== null
          ? {
              currentPeriodStart: row.currentPeriodStart,
              currentPeriodEnd: row.currentPeriodEnd,
              customBaseMinor: row.customBaseMinor,
              customIncludedMinutes: row.customIncludedMinutes,
            }
          : null,
    },
    minutes: Number(row.minutes),
    calls: Number(row.calls),
    // Same rule as planAt(): newest change at or before the start, else what the first later change moved away from.
    startPlan: row.planBefore ?? row.planAfterFrom ?? row.plan,
    changes: (row.changes ?? []).map((c) => ({ toPlan: c.toPlan, changedAt: new Date(c.changedAt) })),
    days: row.days ?? [],
  };
}

/**
 * Minutes in the period answered before `at`: whole local days from the rollup,
 * plus a ledger scan of only the part of `at`'s own day before it.
 */
async function minutesBefore(tenantId: string, periodStart: Date, at: Date, timeZone: string): Promise<number> {
  const day = localDay(at, timeZone);
  // platformDb(): Raw SQL (the guard does not see it): every clause names the tenant.
  const [row] = await platformDb().$queryRaw<Array<{ minutes: bigint }>>`
    SELECT (
      (SELECT COALESCE(SUM("minutes"), 0) FROM "UsageRollup"
        WHERE "tenantId" = ${tenantId} AND "periodStart" = ${periodStart} AND "day" < ${day}::date)
      + (SELECT COALESCE(SUM("minutes"), 0) FROM "UsageRecord"
        WHERE "tenantId" = ${tenantId} AND "periodStart" = ${periodStart}
          AND "occurredAt" >= (${day}::date::timestamp AT TIME ZONE ${timeZone}) AND "occurredAt" < ${at})
    )::bigint AS minutes`;
  return Number(row?.minutes ?? 0);
}

/** Rates one billing period (default: the current one). `now` only affects the projection. */
export async function rateTenantPeriod(
  tenantId: string,
  period?: BillingPeriod,
  opts: { now?: Date } = {},
): Promise<PeriodRating> {
  return (await rateWithFacts(tenantId, period, opts.now ?? new Date(), false)).rating;
}

/** Rating plus the per-day series, for the dashboard (same single read). */
export async function rateTenantPeriodWithDays(
  tenantId: string,
  now: Date,
): Promise<{ rating: PeriodRating; days: PeriodFacts["days"] }> {
  return rateWithFacts(tenantId, undefined, now, true);
}

async function rateWithFacts(
  tenantId: string,
  period: BillingPeriod | undefined,
  now: Date,
  withDays: boolean,
): Promise<{ rating: PeriodRating; days: PeriodFacts["days"] }> {
  if (!tenantId) throw new BillingInputError("tenantId is required", "tenantId");
  let p = period;
  if (!p) {
    const t = await loadTenantForRating(tenantId);
    p = billingPeriodAt(now, t.subscription, t.createdAt);
  }
  if (!(p.end.getTime() > p.start.getTime()))
    throw new BillingInputError("period end must be after its start", "period");
  const facts = await loadPeriodFacts(tenantId, p, withDays);
  if (!facts) throw new BillingInputError(`tenant ${tenantId} not found`, "tenantId");
  const { tenant, changes } = facts;
  const totals = { minutes: facts.minutes, calls: facts.calls };

  const bounds: Array<{ plan: PlanTier; from: Date; to: Date }> = [];
  let cursor = { plan: facts.startPlan, from: p.start };
  for (const c of changes) {
    bounds.push({ ...cursor, to: c.changedAt });
    cursor = { plan: c.toPlan, from: c.changedAt };
  }
  bounds.push({ ...cursor, to: p.end });

  const periodMs = p.end.getTime() - p.start.getTime();
  const segments: RatedSegment[] = [];
  let used = 0;
  for (const b of bounds) {
    const terms: PlanTerms = planTerms(b.plan, tenant.subscription);
    const upTo =
      b.to.getTime() === p.end.getTime()
        ? totals.minutes
        : await minutesBefore(tenantId, p.start, b.to, tenant.timezone);
    const minutes = upTo - used;
    const overageMinutes = overageMinutesAdded(used, minutes, terms.includedMinutes);
    used += minutes;
    segments.push({
      plan: b.plan,
      from: b.from,
      to: b.to,
      includedMinutes: terms.includedMinutes,
      overageMinorPerMinute: terms.overageMinorPerMinute,
      minutes,
      overageMinutes,
      overageMinor: overageMinutes * terms.overageMinorPerMinute,
      baseMinor: prorate(terms.baseMinor, b.to.getTime() - b.from.getTime(), periodMs),
    });
  }
  const last = segments[segments.length - 1]!;
  const lastTerms = planTerms(last.plan, tenant.subscription);
  const overageMinutes = segments.reduce((s, x) => s + x.overageMinutes, 0);
  const overageMinor = segments.reduce((s, x) => s + x.overageMinor, 0);
  const baseMinor = segments.reduce((s, x) => s + x.baseMinor, 0);
  const totalMinor = baseMinor + overageMinor;

  // Run-rate projection to the end of the period.
  const elapsedMs = Math.min(Math.max(now.getTime() - p.start.getTime(), 0), periodMs);
  let projectedMinutes = used;
  if (elapsedMs > 0 && elapsedMs < periodMs) {
    projectedMinutes = Number((BigInt(used) * BigInt(periodMs) + BigInt(elapsedMs) - 1n) / BigInt(elapsedMs));
  }
  const extra = projectedMinutes - used;
  const extraOverage = overageMinutesAdded(used, extra, lastTerms.includedMinutes);
  const projectedOverageMinor = overageMinor + extraOverage * lastTerms.overageMinorPerMinute;

  const rating: PeriodRating = {
    tenantId,
    period: p,
    currency: "aud",
    plan: last.plan,
    planLabel: lastTerms.label,
    stripeBilled: lastTerms.stripeBilled,
    includedMinutes: lastTerms.includedMinutes,
    minutesUsed: used,
    calls: totals.calls,
    overageMinutes,
    overageMinor,
    baseMinor,
    totalMinor,
    segments,
    projected: {
      minutes: projectedMinutes,
      overageMinutes: overageMinutes + extraOverage,
      overageMinor: projectedOverageMinor,
      totalMinor: baseMinor + projectedOverageMinor,
    },
  };
  return { rating, days: facts.days };
}

/**
 * Billable minutes the ledger holds for the tenant's billing period containing
 * `at` (the same period rating bills and the dashboard shows). Hard caps read
 * this, so a cap and an invoice can never disagree about which month it is.
 */
export async function periodMinutesUsed(
  tenantId: string,
  at: Date = new Date(),
): Promise<{ period: BillingPeriod; minutes: number }> {
  const tdb = forTenant(tenantId);
  const [tenant, sub] = await Promise.all([
    // The Tenant row is the tenant itself (not tenant-owned), read by its id.
    db().tenant.findUnique({ where: { id: tenantId }, select: { createdAt: true } }),
    tdb.subscription.findFirst({ where: {}, select: { currentPeriodStart: true, currentPeriodEnd: true } }),
  ]);
  if (!tenant) throw new BillingInputError(`tenant ${tenantId} not found`, "tenantId");
  const period = billingPeriodAt(at, sub, tenant.createdAt);
  const agg = await tdb.usageRollup.aggregate({ where: { periodStart: period.start }, _sum: { minutes: true } });
  return { period, minutes: agg._sum.minutes ?? 0 };
}
