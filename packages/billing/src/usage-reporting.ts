// Usage → Stripe meter events. Every UsageRecord becomes exactly one meter
// event whose identifier is the call id: claimed in batches with a lease (so
// parallel reporters never send the same record at once), sent with bounded
// concurrency under a client-side rate limit, retried with exponential backoff
// until Stripe acknowledges it, and flagged NEEDS_ATTENTION (never dropped)
// when it can no longer be reported.
import { sharedSettings } from "@articulate/config";
import { Prisma, platformDb, writeAudit } from "@articulate/db";
import type Stripe from "stripe";

import { METER_EVENT_NAME, recordedMeterId } from "./catalog";
import { type BillingPeriod, billingPeriodAt } from "./periods";
import { isLiveKey, stripeClient, stripeSettings } from "./stripe-client";

const DAY_S = 86_400;
/** Stripe accepts meter events up to 35 days old; keep an hour of margin. */
const MAX_EVENT_AGE_S = 35 * DAY_S - 3_600;
const LEASE_MS = 2 * 60_000;
export const MAX_REPORT_ATTEMPTS = 25;

export interface ReportOptions {
  stripe?: Stripe;
  batchSize?: number;
  concurrency?: number;
  /** Client-side cap on meter-event requests per second (Stripe live: 1,000/s per account). */
  maxEventsPerSecond?: number;
  now?: () => Date;
}

export interface ReportResult {
  configured: boolean;
  claimed: number;
  reported: number;
  /** Already held by Stripe (identifier seen before): counted as reported. */
  alreadyReported: number;
  retrying: number;
  needsAttention: number;
}

type Outcome =
  | { id: string; kind: "reported"; duplicate: boolean }
  | { id: string; kind: "retry"; error: string; attempts: number }
  | { id: string; kind: "attention"; error: string };

interface ClaimedRecord {
  id: string;
  tenantId: string;
  callId: string;
  occurredAt: Date;
  minutes: number;
  reportAttempts: number;
}

/**
 * Requests per second we allow ourselves: STRIPE_METER_EVENTS_PER_SECOND, else
 * 900/s with a live key (Stripe's meter-event limit is 1,000/s per account) and
 * 20/s with a test key (sandboxes allow 25 operations/s in total).
 */
export function defaultMeterEventRate(): number {
  const configured = sharedSettings().STRIPE_METER_EVENTS_PER_SECOND;
  if (configured !== undefined) return configured;
  const settings = stripeSettings();
  return settings && isLiveKey(settings.secretKey) ? 900 : 20;
}

/** Exponential backoff: 15 s, 30 s, 1 min … capped at 1 h, with ±20 % jitter. */
export function reportBackoffMs(attempts: number): number {
  const base = Math.min(15_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

class RateLimiter {
  private next = 0;
  constructor(private readonly perSecond: number) {}
  async take(): Promise<void> {
    if (!Number.isFinite(this.perSecond) || this.perSecond <= 0) return;
    const now = Date.now();
    const slot = Math.max(now, this.next);
    this.next = slot + 1000 / this.perSecond;
    if (slot > now) await new Promise((r) => setTimeout(r, slot - now));
  }
}

function errorInfo(err: unknown): { status?: number; type?: string; message: string; code?: string } {
  const e = err as { statusCode?: number; type?: string; message?: string; code?: string };
  return { status: e.statusCode, type: e.type, message: e.message ?? String(err), code: e.code };
}

function classify(rec: ClaimedRecord, err: unknown): Outcome {
  const info = errorInfo(err);
  // Stripe rejects a repeated identifier ("An event already exists with identifier …"):
  // it already holds this call's usage, which is the acknowledgement we wanted.
  if (info.status === 400 && /already exists with identifier/i.test(info.message)) {
    return { id: rec.id, kind: "reported", duplicate: true };
  }
  const retryable =
    info.status === undefined ||
    info.status === 429 ||
    info.status >= 500 ||
    info.status === 401 ||
    info.status === 409;
  if (!retryable)
    return { id: rec.id, kind: "attention", error: `Stripe ${info.status}: ${info.message}`.slice(0, 1000) };
  if (rec.reportAttempts >= MAX_REPORT_ATTEMPTS) {
    return {
      id: rec.id,
      kind: "attention",
      error: `gave up after ${rec.reportAttempts} attempts: ${info.message}`.slice(0, 1000),
    };
  }
  return {
    id: rec.id,
    kind: "retry",
    error: `${info.status ?? "network"}: ${info.message}`.slice(0, 1000),
    attempts: rec.reportAttempts,
  };
}

async function claimBatch(now: Date, batchSize: number): Promise<ClaimedRecord[]> {
  const leaseUntil = new Date(now.getTime() + LEASE_MS);
  // platformDb(): Usage reporting job: claims unreported usage across every tenant.
  return platformDb().$queryRaw<ClaimedRecord[]>`
    UPDATE "UsageRecord" u SET "nextAttemptAt" = ${leaseUntil}, "reportAttempts" = u."reportAttempts" + 1
    WHERE u."id" IN (
      SELECT "id" FROM "UsageRecord"
      WHERE "reportState" = 'PENDING' AND "nextAttemptAt" <= ${now}
      ORDER BY "nextAttemptAt"
      LIMIT ${batchSize}
      FOR UPDATE SKIP LOCKED)
    RETURNING u."id", u."tenantId", u."callId", u."occurredAt", u."minutes", u."reportAttempts"`;
}

async function customersFor(tenantIds: string[]): Promise<Map<string, string>> {
  // platformDb(): Usage reporting job: Stripe customers of the tenants in this batch.
  const subs = await platformDb().subscription.findMany({
    where: { tenantId: { in: tenantIds }, stripeCustomerId: { not: null } },
    select: { tenantId: true, stripeCustomerId: true },
  });
  return new Map(subs.map((s) => [s.tenantId, s.stripeCustomerId!]));
}

async function applyOutcomes(outcomes: Outcome[], now: Date): Promise<void> {
  // platformDb(): Usage reporting job: outcomes of one batch span tenants (each row by its own id).
  const db = platformDb();
  const reported = outcomes.filter((o) => o.kind === "reported").map((o) => o.id);
  if (reported.length > 0) {
    await db.$executeRaw`
      UPDATE "UsageRecord" SET "reportState" = 'REPORTED', "reportedAt" = ${now}, "lastReportError" = NULL
      WHERE "id" = ANY(${reported}::text[]) AND "reportState" = 'PENDING'`;
  }
  const retries = outcomes.filter((o): o is Extract<Outcome, { kind: "retry" }> => o.kind === "retry");
  if (retries.length > 0) {
    const ids = retries.map((r) => r.id);
    const next = retries.map((r) => new Date(now.getTime() + reportBackoffMs(r.attempts)).toISOString());
    const errs = retries.map((r) => r.error);
    await db.$executeRaw`
      UPDATE "UsageRecord" u SET "nextAttemptAt" = v.next, "lastReportError" = v.err
      FROM unnest(${ids}::text[], ${next}::timestamptz[], ${errs}::text[]) AS v(id, next, err)
      WHERE u."id" = v.id AND u."reportState" = 'PENDING'`;
  }
  const attention = outcomes.filter((o): o is Extract<Outcome, { kind: "attention" }> => o.kind === "attention");
  if (attention.length > 0) {
    const ids = attention.map((r) => r.id);
    const errs = attention.map((r) => r.error);
    const rows = await db.$queryRaw<Array<{ tenantId: string; callId: string; err: string }>>`
      UPDATE "UsageRecord" u SET "reportState" = 'NEEDS_ATTENTION', "lastReportError" = v.err
      FROM unnest(${ids}::text[], ${errs}::text[]) AS v(id, err)
      WHERE u."id" = v.id AND u."reportState" = 'PENDING'
      RETURNING u."tenantId", u."callId", v.err`;
    for (const r of rows) {
      await writeAudit(db, {
        tenantId: r.tenantId,
        action: "billing.usage_needs_attention",
        actorType: "system",
        targetType: "Call",
        targetId: r.callId,
        data: { error: r.err },
      });
    }
  }
}

async function sendRecord(
  stripe: Stripe,
  rec: ClaimedRecord,
  customer: string | undefined,
  nowS: number,
  limiter: RateLimiter,
): Promise<Outcome> {
  if (!customer)
    return { id: rec.id, kind: "attention", error: "tenant has no Stripe customer (no subscription to bill)" };
  const occurredS = Math.floor(rec.occurredAt.getTime() / 1000);
  if (nowS - occurredS > MAX_EVENT_AGE_S) {
    return { id: rec.id, kind: "attention", error: "older than Stripe's 35-day meter event window" };
  }
  await limiter.take();
  try {
    await stripe.billing.meterEvents.create(
      {
        event_name: METER_EVENT_NAME,
        identifier: rec.callId,
        // Clock skew must not push an event past Stripe's 5-minute future limit.
        timestamp: Math.min(occurredS, nowS),
        payload: { stripe_customer_id: customer, value: String(rec.minutes) },
      },
      // Our own backoff governs retries; the identifier makes a resend harmless anyway.
      { maxNetworkRetries: 0 },
    );
    return { id: rec.id, kind: "reported", duplicate: false };
  } catch (err) {
    return classify(rec, err);
  }
}

/** One reporting pass: claims due records in batches until none are due. */
export async function reportPendingUsage(opts: ReportOptions = {}): Promise<ReportResult> {
  const stripe = opts.stripe ?? stripeClient();
  const result: ReportResult = {
    configured: !!stripe,
    claimed: 0,
    reported: 0,
    alreadyReported: 0,
    retrying: 0,
    needsAttention: 0,
  };
  if (!stripe) return result;
  if (!(await recordedMeterId()))
    throw new Error("The Stripe catalogue is not set up (run `pnpm --filter @articulate/billing stripe:setup`)");
  const now = opts.now ?? (() => new Date());
  const batchSize = opts.batchSize ?? 500;
  const concurrency = opts.concurrency ?? 16;
  const limiter = new RateLimiter(opts.maxEventsPerSecond ?? defaultMeterEventRate());

  for (;;) {
    const started = now();
    const batch = await claimBatch(started, batchSize);
    if (batch.length === 0) break;
    result.claimed += batch.length;
    const customers = await customersFor([...new Set(batch.map((r) => r.tenantId))]);
    const nowS = Math.floor(started.getTime() / 1000);
    const outcomes: Outcome[] = new Array(batch.length);
    let cursor = 0;
    let rateLimited = false;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, batch.length) }, async () => {
        for (;;) {
          const i = cursor++;
          const rec = batch[i];
          if (!rec) return;
          // After a 429, leave the rest of the batch for the next attempt instead of hammering Stripe.
          outcomes[i] = rateLimited
            ? { id: rec.id, kind: "retry", error: "deferred after rate limit", attempts: rec.reportAttempts }
            : await sendRecord(stripe, rec, customers.get(rec.tenantId), nowS, limiter);
          const o = outcomes[i];
          if (o?.kind === "retry" && /^429/.test(o.error)) rateLimited = true;
        }
      }),
    );
    await applyOutcomes(outcomes, now());
    for (const o of outcomes) {
      if (o.kind === "reported") {
        result.reported++;
        if (o.duplicate) result.alreadyReported++;
      } else if (o.kind === "retry") result.retrying++;
      else result.needsAttention++;
    }
    if (outcomes.some((o) => o.kind === "retry")) break; // Stripe is struggling: let backoff work.
  }
  return result;
}

export interface UsageReconciliation {
  tenantId: string;
  stripeCustomerId: string | null;
  period: BillingPeriod;
  ledgerMinutes: number;
  reportedMinutes: number;
  pendingMinutes: number;
  needsAttentionMinutes: number;
  stripeMinutes: number | null;
  /** stripeMinutes − reportedMinutes (Stripe aggregates asynchronously: a small lag right after reporting is normal). */
  difference: number | null;
  status:
    | "match"
    | "stripe_missing_usage"
    | "stripe_has_extra_usage"
    | "not_reported_yet"
    | "not_billed"
    | "stripe_not_configured";
}

/**
 * Compares the ledger with what Stripe holds for each Stripe-billed tenant's
 * period starting `period.start` (meter event summaries over that period).
 */
export async function reconcileUsage(opts: {
  periodStart: Date;
  tenantId?: string;
  stripe?: Stripe;
}): Promise<UsageReconciliation[]> {
  const stripe = opts.stripe ?? stripeClient();
  const meterId = stripe ? await recordedMeterId() : null;
  // platformDb(): Reconciliation (operator CLI/job): compares usage across tenants with Stripe.
  const db = platformDb();
  const rows = await db.$queryRaw<
    Array<{ tenantId: string; state: string; minutes: bigint; maxAt: Date }>
  >`SELECT "tenantId", "reportState"::text AS state, SUM("minutes")::bigint AS minutes, MAX("occurredAt") AS "maxAt"
    FROM "UsageRecord" WHERE "periodStart" = ${opts.periodStart}
    ${opts.tenantId ? Prisma.sql`AND "tenantId" = ${opts.tenantId}` : Prisma.empty}
    GROUP BY "tenantId", "reportState"`;
  const byTenant = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const m = byTenant.get(r.tenantId) ?? {};
    m[r.state] = Number(r.minutes);
    byTenant.set(r.tenantId, m);
  }
  const tenantIds = [...byTenant.keys()];
  const subs = await db.subscription.findMany({
    where: { tenantId: { in: tenantIds } },
    select: { tenantId: true, stripeCustomerId: true, currentPeriodStart: true, currentPeriodEnd: true },
  });
  const subByTenant = new Map(subs.map((s) => [s.tenantId, s]));
  const tenants = await db.tenant.findMany({ where: { id: { in: tenantIds } }, select: { id: true, createdAt: true } });
  const out: UsageReconciliation[] = [];
  for (const t of tenants) {
    const m = byTenant.get(t.id) ?? {};
    const sub = subByTenant.get(t.id) ?? null;
    const period = billingPeriodAt(opts.periodStart, sub, t.createdAt);
    const reported = m.REPORTED ?? 0;
    const pending = m.PENDING ?? 0;
    const attention = m.NEEDS_ATTENTION ?? 0;
    const ledger = reported + pending + attention + (m.SKIPPED ?? 0);
    const base = {
      tenantId: t.id,
      stripeCustomerId: sub?.stripeCustomerId ?? null,
      period,
      ledgerMinutes: ledger,
      reportedMinutes: reported,
      pendingMinutes: pending,
      needsAttentionMinutes: attention,
    };
    if (!stripe || !meterId) {
      out.push({ ...base, stripeMinutes: null, difference: null, status: "stripe_not_configured" });
      continue;
    }
    if (!sub?.stripeCustomerId) {
      out.push({
        ...base,
        stripeMinutes: null,
        difference: null,
        status: reported + pending + attention === 0 ? "not_billed" : "stripe_missing_usage",
      });
      continue;
    }
    // Summaries need minute-aligned bounds.
    const startS = Math.floor(period.start.getTime() / 60_000) * 60;
    const endS = Math.ceil(period.end.getTime() / 60_000) * 60;
    const summaries = await stripe.billing.meters.listEventSummaries(meterId, {
      customer: sub.stripeCustomerId,
      start_time: startS,
      end_time: endS,
    });
    const stripeMinutes = summaries.data.reduce((s, x) => s + x.aggregated_value, 0);
    const difference = stripeMinutes - reported;
    const status =
      difference === 0
        ? pending + attention > 0
          ? "not_reported_yet"
          : "match"
        : difference < 0
          ? "stripe_missing_usage"
          : "stripe_has_extra_usage";
    out.push({ ...base, stripeMinutes, difference, status });
  }
  return out;
}
