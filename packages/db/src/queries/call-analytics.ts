// Call analytics from the CallRollup table: per tenant, local day and local hour
// (the tenant's timezone when the call happened) the finished calls, how many were
// answered or blocked, and their outcomes. The rollup is kept in step with the
// calls in the same transactions that finalize (rollUpFinishedCall) and analyse
// (rollUpCallOutcome) a call, so the overview never scans the call table.
import { sqlPool } from "../client";
import type { Prisma } from "../generated/prisma/client";
import type { CallOutcome } from "../generated/prisma/enums";

type Tx = Pick<Prisma.TransactionClient, "$executeRaw">;

/** The one definition of a call's bucket: its start, in its tenant's timezone. */
const BUCKET = `(c."startedAt" AT TIME ZONE t."timezone")::date, EXTRACT(HOUR FROM c."startedAt" AT TIME ZONE t."timezone")::smallint`;

/** Counts a call that just finished (tests are not counted). Call inside the finalizing transaction, once. */
export async function rollUpFinishedCall(tx: Tx, callId: string): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "CallRollup" ("tenantId", "day", "hour", "calls", "answered", "blocked")
    SELECT c."tenantId",
           (c."startedAt" AT TIME ZONE t."timezone")::date,
           EXTRACT(HOUR FROM c."startedAt" AT TIME ZONE t."timezone")::smallint,
           1,
           CASE WHEN c."answeredAt" IS NOT NULL THEN 1 ELSE 0 END,
           CASE WHEN c."endReason" = 'BLOCKED' THEN 1 ELSE 0 END
      FROM "Call" c JOIN "Tenant" t ON t."id" = c."tenantId"
     WHERE c."id" = ${callId} AND NOT c."isTest"
    ON CONFLICT ("tenantId", "day", "hour") DO UPDATE SET
      "calls" = "CallRollup"."calls" + 1,
      "answered" = "CallRollup"."answered" + EXCLUDED."answered",
      "blocked" = "CallRollup"."blocked" + EXCLUDED."blocked"`;
}

const OUTCOME_COLUMN: Record<CallOutcome, string> = {
  RESOLVED: "resolved",
  MESSAGE_TAKEN: "messageTaken",
  TRANSFERRED: "transferred",
  SPAM: "spam",
  ABANDONED: "abandoned",
  OTHER: "other",
};

/**
 * Counts a finished call's outcome. Call inside the transaction that records the analysis, once.
 * A blocked call is already counted as blocked; its (empty) analysis adds nothing.
 */
export async function rollUpCallOutcome(tx: Tx, callId: string, outcome: CallOutcome): Promise<void> {
  const column = OUTCOME_COLUMN[outcome];
  // The column name comes from the closed map above, never from input.
  const sql = `
    UPDATE "CallRollup" r SET "${column}" = r."${column}" + 1
      FROM "Call" c JOIN "Tenant" t ON t."id" = c."tenantId"
     WHERE c."id" = $1 AND NOT c."isTest" AND c."endedAt" IS NOT NULL
       AND c."endReason" IS DISTINCT FROM 'BLOCKED'::"CallEndReason"
       AND r."tenantId" = c."tenantId" AND (r."day", r."hour") = (${BUCKET})`;
  await (tx as unknown as Prisma.TransactionClient).$executeRawUnsafe(sql, callId);
}

const NOT_BLOCKED = `c."endReason" IS DISTINCT FROM 'BLOCKED'`;
const OUTCOME_COUNTS = (Object.entries(OUTCOME_COLUMN) as [CallOutcome, string][])
  .map(([outcome]) => `count(*) FILTER (WHERE c."outcome" = '${outcome}' AND ${NOT_BLOCKED})`)
  .join(", ");

/** Rebuilds a tenant's rollup from its calls (repairs; benchmarks). Not for request paths: it scans the calls. */
export async function rebuildCallRollup(tenantId: string): Promise<void> {
  const pool = sqlPool();
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query(`DELETE FROM "CallRollup" WHERE "tenantId" = $1`, [tenantId]);
    await client.query(
      `INSERT INTO "CallRollup" ("tenantId", "day", "hour", "calls", "answered", "blocked", "resolved", "messageTaken",
                                 "transferred", "spam", "abandoned", "other")
       SELECT c."tenantId", ${BUCKET},
              count(*), count(*) FILTER (WHERE c."answeredAt" IS NOT NULL), count(*) FILTER (WHERE c."endReason" = 'BLOCKED'),
              ${OUTCOME_COUNTS}
         FROM "Call" c JOIN "Tenant" t ON t."id" = c."tenantId"
        WHERE c."tenantId" = $1 AND c."endedAt" IS NOT NULL AND NOT c."isTest"
        GROUP BY 1, 2, 3`,
      [tenantId],
    );
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export interface CallOutcomeCounts {
  resolved: number;
  messageTaken: number;
  transferred: number;
  /** Analysed as spam, or refused by the block list. */
  spamOrBlocked: number;
  abandoned: number;
  other: number;
  /** Finished but not analysed (yet, or no model configured). */
  notAnalysed: number;
}

export interface CallAnalytics {
  calls: number;
  answered: number;
  outcomes: CallOutcomeCounts;
  /** One entry per local day in [from, to) that had calls (YYYY-MM-DD). */
  daily: { day: string; calls: number; answered: number }[];
  /** Calls by local weekday (0 = Monday … 6 = Sunday) and hour (0–23). */
  heat: number[][];
}

/** The rollup rows a period covers: one indexed range read on the primary key. */
export const CALL_ANALYTICS_SQL = `
SELECT to_char("day", 'YYYY-MM-DD') AS day, "hour", "calls", "answered", "blocked", "resolved", "messageTaken",
       "transferred", "spam", "abandoned", "other"
  FROM "CallRollup"
 WHERE "tenantId" = $1 AND "day" >= $2::date AND "day" < $3::date`;

interface RollupRow {
  day: string;
  hour: number;
  calls: number;
  answered: number;
  blocked: number;
  resolved: number;
  messageTaken: number;
  transferred: number;
  spam: number;
  abandoned: number;
  other: number;
}

/**
 * A tenant's call analytics for local days [fromDay, toDay) (YYYY-MM-DD in the
 * tenant's timezone). At most 24 rows a day are read, however many calls there were.
 */
export async function loadCallAnalytics(tenantId: string, fromDay: string, toDay: string): Promise<CallAnalytics> {
  const { rows } = await sqlPool().query<RollupRow>({
    name: "articulate_call_analytics",
    text: CALL_ANALYTICS_SQL,
    values: [tenantId, fromDay, toDay],
  });
  return summariseRollup(rows);
}

/** Folds rollup rows into the analytics (exported for the benchmark's raw baseline to share it). */
export function summariseRollup(rows: readonly RollupRow[]): CallAnalytics {
  const heat = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const byDay = new Map<string, { calls: number; answered: number }>();
  const outcomes: CallOutcomeCounts = {
    resolved: 0,
    messageTaken: 0,
    transferred: 0,
    spamOrBlocked: 0,
    abandoned: 0,
    other: 0,
    notAnalysed: 0,
  };
  let calls = 0;
  let answered = 0;
  for (const r of rows) {
    calls += r.calls;
    answered += r.answered;
    outcomes.resolved += r.resolved;
    outcomes.messageTaken += r.messageTaken;
    outcomes.transferred += r.transferred;
    outcomes.spamOrBlocked += r.spam + r.blocked;
    outcomes.abandoned += r.abandoned;
    outcomes.other += r.other;
    const d = byDay.get(r.day) ?? { calls: 0, answered: 0 };
    d.calls += r.calls;
    d.answered += r.answered;
    byDay.set(r.day, d);
    // The weekday of a calendar date (no timezone involved: it is already local).
    const [y, m, dd] = r.day.split("-").map(Number) as [number, number, number];
    const weekday = (new Date(Date.UTC(y, m - 1, dd)).getUTCDay() + 6) % 7;
    (heat[weekday] as number[])[r.hour] = ((heat[weekday] as number[])[r.hour] ?? 0) + r.calls;
  }
  const analysed =
    outcomes.resolved +
    outcomes.messageTaken +
    outcomes.transferred +
    outcomes.spamOrBlocked +
    outcomes.abandoned +
    outcomes.other;
  outcomes.notAnalysed = Math.max(0, calls - analysed);
  const daily = [...byDay.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([day, v]) => ({ day, calls: v.calls, answered: v.answered }));
  return { calls, answered, outcomes, daily, heat };
}
