// The usage ledger: one UsageRecord per answered call, written inside the
// call-finalization transaction, plus the per-day rollup that rating reads.
import { billingRules } from "@articulate/config";
import type { CallEndReason, Db, NumberProvider, PlanTier, TenantDb, UnbilledReason } from "@articulate/db";
import { lockTenantScope, Prisma } from "@articulate/db";
import { billingPeriodAt, localDay } from "./periods";
import { planTerms } from "./plans";
import { callPlatformCost, loadRateTable } from "./platform-cost";

/** Answer → hang-up, seconds rounded up to the whole second, minutes rounded up to the whole minute. */
export function billableDuration(answeredAt: Date | null, endedAt: Date): { seconds: number; minutes: number } {
  if (!answeredAt) return { seconds: 0, minutes: 0 };
  const ms = endedAt.getTime() - answeredAt.getTime();
  if (!(ms > 0)) return { seconds: 0, minutes: 0 };
  const seconds = Math.ceil(ms / 1000);
  return { seconds, minutes: Math.ceil(seconds / 60) };
}

/** Overage minutes a call of `minutes` adds when `usedBefore` minutes were already used against `included`. */
export function overageMinutesAdded(usedBefore: number, minutes: number, included: number): number {
  return Math.max(0, usedBefore + minutes - included) - Math.max(0, usedBefore - included);
}

type PlanReader = Pick<Prisma.TransactionClient, "planChange">;

// The transaction handle each of @articulate/db's clients passes to $transaction(fn).
type TxOf<C> = C extends { $transaction<R>(fn: (tx: infer T) => Promise<R>, options?: never): Promise<R> } ? T : never;
/** A transaction of platformDb(), db() (guarded) or forTenant() (scoped). */
export type UsageTransaction = Prisma.TransactionClient | TxOf<Db> | TxOf<TenantDb>;

/**
 * The plan in effect at a moment: the newest PlanChange at or before it, else
 * the plan the earliest later change moved away from, else the current plan.
 */
export async function planAt(client: PlanReader, tenantId: string, currentPlan: PlanTier, at: Date): Promise<PlanTier> {
  const before = await client.planChange.findFirst({
    where: { tenantId, changedAt: { lte: at } },
    orderBy: [{ changedAt: "desc" }, { createdAt: "desc" }],
    select: { toPlan: true },
  });
  if (before) return before.toPlan;
  const after = await client.planChange.findFirst({
    where: { tenantId, changedAt: { gt: at } },
    orderBy: [{ changedAt: "asc" }, { createdAt: "asc" }],
    select: { fromPlan: true },
  });
  return after ? after.fromPlan : currentPlan;
}

export interface CallForUsage {
  id: string;
  tenantId: string;
  direction: "INBOUND" | "OUTBOUND";
  answeredAt: Date | null;
  endedAt: Date;
  provider?: NumberProvider | null;
  /** How the call ended: refusals (blocked, suspended, over the cap) are never billed. */
  endReason?: CallEndReason | null;
  /** Test calls (browser, simulate-call) are never billed. */
  isTest?: boolean;
}

/** The platform's rules for what is not billed (from @articulate/config's billingRules()). */
export interface UsageRules {
  /** Answered calls shorter than this are not billed. */
  shortCallSeconds: number;
}

/**
 * Whether a finalized call is billed, and if not, why. One rule for the ledger,
 * the dashboard and Stripe (a call without a UsageRecord is never reported).
 */
export function unbilledReasonFor(
  call: Pick<CallForUsage, "answeredAt" | "endedAt" | "endReason" | "isTest">,
  rules: UsageRules,
): UnbilledReason | null {
  if (call.isTest) return "TEST_CALL";
  if (call.endReason === "BLOCKED") return "BLOCKED_CALLER";
  if (call.endReason === "SUSPENDED") return "SUSPENDED";
  if (call.endReason === "OVER_CAP") return "OVER_CAP";
  if (!call.answeredAt) return "NOT_ANSWERED";
  const ms = call.endedAt.getTime() - call.answeredAt.getTime();
  if (!(ms > 0)) return "NOT_ANSWERED";
  // Compared before rounding: a 9.2 s call is under 10 s.
  if (ms < rules.shortCallSeconds * 1000) return "SHORT_CALL";
  return null;
}

export interface RecordedCallUsage {
  seconds: number;
  minutes: number;
  /** Overage cents this call added (0 while within the included minutes). */
  priceMinor: number;
  platformCostMinor: Prisma.Decimal;
  usageRecordId: string | null;
  created: boolean;
  /** Why no usage was recorded; null when the call is billed. */
  unbilledReason: UnbilledReason | null;
}

export class UsageLedgerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageLedgerError";
  }
}

/**
 * Writes the call's UsageRecord (at most one per call, ever) and adds it to the
 * tenant's rollup, inside the caller's transaction. A repeat for the same call
 * returns the existing record with created=false and changes nothing.
 *
 * Price rule: the overage minutes this call adds beyond the included minutes of
 * the plan in effect at its answer time, given the period's usage recorded
 * before it, times that plan's overage rate. The period charge (rateTenantPeriod)
 * is authoritative; this is the call's share for display.
 */
export async function recordCallUsage(
  client: UsageTransaction,
  call: CallForUsage,
  rules: UsageRules = billingRules(),
): Promise<RecordedCallUsage> {
  // Same runtime API for every client kind; a guarded/scoped client keeps enforcing tenancy (all queries name it).
  const tx = client as unknown as Prisma.TransactionClient;
  // Serialize a tenant's usage writes so running totals (and per-call prices) are exact.
  await lockTenantScope(tx, call.tenantId, "usage");

  const existing = await tx.usageRecord.findUnique({
    // tenantId as well: callers may pass a transaction of the tenant-guarded client.
    where: { callId: call.id, tenantId: call.tenantId },
    select: { id: true, tenantId: true, seconds: true, minutes: true, priceMinor: true, platformCostMinor: true },
  });
  if (existing) {
    return {
      seconds: existing.seconds,
      minutes: existing.minutes,
      priceMinor: existing.priceMinor,
      platformCostMinor: existing.platformCostMinor,
      usageRecordId: existing.id,
      created: false,
      unbilledReason: null,
    };
  }

  const unbilledReason = unbilledReasonFor(call, rules);
  const { seconds, minutes } = billableDuration(call.answeredAt, call.endedAt);
  if (unbilledReason || !call.answeredAt || minutes === 0) {
    return {
      seconds: 0,
      minutes: 0,
      priceMinor: 0,
      platformCostMinor: new Prisma.Decimal(0),
      usageRecordId: null,
      created: false,
      unbilledReason: unbilledReason ?? "NOT_ANSWERED",
    };
  }
  const answeredAt = call.answeredAt;

  const tenant = await tx.tenant.findUnique({
    where: { id: call.tenantId },
    select: {
      createdAt: true,
      timezone: true,
      plan: true,
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
  if (!tenant) throw new UsageLedgerError(`tenant ${call.tenantId} not found`);

  const period = billingPeriodAt(answeredAt, tenant.subscription, tenant.createdAt);
  const plan = await planAt(tx, call.tenantId, tenant.plan, answeredAt);
  const terms = planTerms(plan, tenant.subscription);

  const [used] = await tx.$queryRaw<Array<{ minutes: bigint | number | null }>>`
    SELECT COALESCE(SUM("minutes"), 0)::bigint AS minutes FROM "UsageRollup"
    WHERE "tenantId" = ${call.tenantId} AND "periodStart" = ${period.start}`;
  const usedBefore = Number(used?.minutes ?? 0);
  const priceMinor = overageMinutesAdded(usedBefore, minutes, terms.includedMinutes) * terms.overageMinorPerMinute;

  const rates = await loadRateTable(tx);
  const platformCostMinor = callPlatformCost(rates, {
    provider: call.provider,
    direction: call.direction,
    seconds,
    minutes,
  });

  const created = await tx.usageRecord.createManyAndReturn({
    data: [
      {
        tenantId: call.tenantId,
        callId: call.id,
        occurredAt: answeredAt,
        periodStart: period.start,
        seconds,
        minutes,
        priceMinor,
        platformCostMinor,
        // Trial usage is never sent to Stripe.
        reportState: terms.stripeBilled ? "PENDING" : "SKIPPED",
      },
    ],
    skipDuplicates: true,
    select: { id: true },
  });
  const row = created[0];
  // Only possible when the call's record exists under another tenant (the per-tenant lock rules out a race).
  if (!row) throw new UsageLedgerError(`call ${call.id} already has a usage record under another tenant`);

  const day = localDay(answeredAt, tenant.timezone);
  await tx.$executeRaw`
    INSERT INTO "UsageRollup" ("tenantId", "periodStart", "day", "calls", "seconds", "minutes", "platformCostMinor")
    VALUES (${call.tenantId}, ${period.start}, ${day}::date, 1, ${seconds}, ${minutes}, ${platformCostMinor.toString()}::numeric)
    ON CONFLICT ("tenantId", "periodStart", "day") DO UPDATE SET
      "calls" = "UsageRollup"."calls" + 1,
      "seconds" = "UsageRollup"."seconds" + EXCLUDED."seconds",
      "minutes" = "UsageRollup"."minutes" + EXCLUDED."minutes",
      "platformCostMinor" = "UsageRollup"."platformCostMinor" + EXCLUDED."platformCostMinor"`;

  return {
    seconds,
    minutes,
    priceMinor,
    platformCostMinor,
    usageRecordId: row.id,
    created: true,
    unbilledReason: null,
  };
}

/** "0:32", "12:05": whole seconds as m:ss. */
function minutesSeconds(totalSeconds: number): string {
  return `${Math.floor(totalSeconds / 60)}:${String(totalSeconds % 60).padStart(2, "0")}`;
}

/**
 * Why a call was billed or not, in the owner's words: "1 min: 0:32 answered,
 * rounded up", "Not billed: test call", "Not billed: under 10 s".
 */
export function describeCallBilling(
  call: {
    endedAt: Date | null;
    billableSeconds: number;
    billableMinutes: number;
    unbilledReason: UnbilledReason | null;
    isTest?: boolean;
  },
  rules: UsageRules,
): string {
  if (call.unbilledReason === "TEST_CALL" || (call.isTest && !call.endedAt)) return "Not billed: test call";
  if (!call.endedAt) return "Not billed yet: call in progress";
  switch (call.unbilledReason) {
    case "BLOCKED_CALLER":
      return "Not billed: blocked caller";
    case "SHORT_CALL":
      return `Not billed: under ${rules.shortCallSeconds} s`;
    case "SUSPENDED":
      return "Not billed: refused while the account was suspended";
    case "OVER_CAP":
      return "Not billed: refused over the usage cap";
    case "NOT_ANSWERED":
      return "Not billed: not answered";
  }
  if (call.billableMinutes === 0) return "Not billed: not answered";
  const exact = call.billableSeconds === call.billableMinutes * 60;
  return `${call.billableMinutes} min: ${minutesSeconds(call.billableSeconds)} answered${exact ? "" : ", rounded up"}`;
}
