// Database benchmarks (`pnpm --filter @articulate/db bench`, or `pnpm bench`).
// Each run makes its own scratch database (TEST_DATABASE_URL's server if set,
// else an embedded PostgreSQL), bulk-loads it with the generator, warms up,
// then times the real read models against hand-written raw `pg` queries doing
// the same work on the same data (as named prepared statements, like the read
// models that use hand-written SQL, so the ratio is the mapping and validation
// overhead, not planning), alternating the two so machine noise hits
// both alike. Prints p50/p95/p99 and ratios; exits 1 if a target is missed.
// BENCH_QUICK=1 shrinks the data for a fast smoke run (targets still checked).
import os from "node:os";
import pg from "pg";
import {
  disconnectDb,
  getCallWithTranscript,
  listTenantCalls,
  listTenantMessages,
  loadCallAnalytics,
  loadInboundCallConfig,
  rebuildCallRollup,
} from "../src/index";
import { CALL_ANALYTICS_SQL, summariseRollup } from "../src/queries/call-analytics";
import { encodeCallCursor } from "../src/queries/calls";
import { createTestDatabase } from "../src/testing/index";
import { defaultOptions, type GenerateOptions, generateBenchData } from "./generate";

const quick = process.env.BENCH_QUICK === "1";
const sizes: Partial<GenerateOptions> = quick
  ? { tenants: 100, numbers: 10_000, calls: 50_000, otherCalls: 10_000, segments: 10_000, usage: 10_000 }
  : defaultOptions;
const PAGE = 50;

interface Stats {
  p50: number;
  p95: number;
  p99: number;
}
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99) };
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

interface Target {
  /** Which percentile the targets apply to. */
  at: keyof Stats;
  maxMs: number;
  /** Max real/raw ratio at that percentile; undefined = reported only. */
  maxRatio?: number;
}

interface Result {
  name: string;
  n: number;
  real: Stats;
  raw: Stats;
  target: Target;
  ok: boolean;
  note: string;
}

async function compare(
  name: string,
  n: number,
  target: Target,
  real: (i: number) => Promise<unknown>,
  raw: (i: number) => Promise<unknown>,
): Promise<Result> {
  const warm = Math.min(200, Math.ceil(n / 5));
  for (let i = 0; i < warm; i++) {
    await real(i);
    await raw(i);
  }
  const rs: number[] = [];
  const ws: number[] = [];
  for (let i = 0; i < n; i++) {
    // Alternate which goes first so neither always runs on a "hot" connection.
    if (i % 2 === 0) {
      rs.push(await time(() => real(i)));
      ws.push(await time(() => raw(i)));
    } else {
      ws.push(await time(() => raw(i)));
      rs.push(await time(() => real(i)));
    }
  }
  const r = stats(rs);
  const w = stats(ws);
  const ratio = r[target.at] / w[target.at];
  const misses: string[] = [];
  if (r[target.at] > target.maxMs) misses.push(`${target.at} ${r[target.at].toFixed(2)} ms > ${target.maxMs} ms`);
  if (target.maxRatio !== undefined && ratio > target.maxRatio)
    misses.push(`ratio ${ratio.toFixed(2)} > ${target.maxRatio}`);
  return { name, n, real: r, raw: w, target, ok: misses.length === 0, note: misses.join("; ") };
}

function expectSame(what: string, a: unknown, b: unknown) {
  const ja = JSON.stringify(a);
  const jb = JSON.stringify(b);
  if (ja !== jb)
    throw new Error(`${what}: real and raw results differ\nreal: ${ja.slice(0, 400)}\nraw:  ${jb.slice(0, 400)}`);
}

// ─── the raw baselines: what a hand-written pg data layer would run ───
const RAW_CONFIG = `
SELECT p.id, p."tenantId", p.e164, p.status,
       t.slug, t.name, t.status AS "tenantStatus", t."suspendedReason", t.plan, t.timezone, t."concurrencyCap", t."hardCapMinutes", t."overCapBehaviour",
       a.id AS "agentId", a.name AS "agentName", a.template, a.greeting, a.instructions, a.language, a.voice, a."sttModel", a."llmModel", a."ttsModel",
       a."businessHours", a.timezone AS "agentTimezone", a."holidayRegion", a."afterHoursBehaviour", a."afterHoursMessage", a."transferNumber",
       a."maxCallSeconds", a."aiDisclosure", a."recordingEnabled", a."transcriptRetentionDays", a."callingHours", a."updatedAt"
  FROM "PhoneNumber" p JOIN "Tenant" t ON t.id = p."tenantId"
  LEFT JOIN "Agent" a ON a.id = p."agentId" AND a."tenantId" = p."tenantId" AND a."archivedAt" IS NULL
 WHERE p."e164Active" = $1 AND p.status = 'ACTIVE'`;
const LIST_COLUMNS = `id, direction, status, "fromNumber", "toNumber", "agentId", "phoneNumberId", "startedAt", "answeredAt", "endedAt", "endReason", "billableSeconds", "billableMinutes", "priceMinor", outcome`;
const RAW_FIRST_PAGE = `SELECT ${LIST_COLUMNS} FROM "Call" WHERE "tenantId" = $1 ORDER BY "startedAt" DESC, id DESC LIMIT $2`;
const RAW_AFTER_PAGE = `SELECT ${LIST_COLUMNS} FROM "Call" WHERE "tenantId" = $1 AND ("startedAt", id) < ($2, $3) ORDER BY "startedAt" DESC, id DESC LIMIT $4`;
const RAW_CALL = `SELECT * FROM "Call" WHERE id = $1 AND "tenantId" = $2`; // every column, like the read model
const RAW_SEGMENTS = `SELECT sequence, speaker, text, "startMs", "endMs" FROM "TranscriptSegment" WHERE "callId" = $1 AND "tenantId" = $2 ORDER BY sequence`;
const RAW_MESSAGES = `SELECT id, "callerName", "callbackNumber", reason, status, "createdAt" FROM "Message" WHERE "callId" = $1 AND "tenantId" = $2 ORDER BY "createdAt"`;

async function main() {
  // Benchmarks never touch the dev database: TEST_DATABASE_URL's server, else embedded.
  if (!process.env.TEST_DATABASE_URL) delete process.env.DATABASE_URL;
  const scratch = await createTestDatabase();
  process.env.DATABASE_URL = scratch.url;
  const pool = new pg.Pool({ connectionString: scratch.url, max: 10 });
  const results: Result[] = [];
  try {
    console.log(`[bench] database ${scratch.name}${quick ? " (BENCH_QUICK: reduced sizes)" : ""}`);
    const loadStart = Date.now();
    const data = await generateBenchData(scratch.url, sizes);
    const loadSeconds = (Date.now() - loadStart) / 1000;
    const version = (await pool.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v;
    const counts = (
      await pool.query<{ t: string; c: string }>(
        `SELECT 'numbers' t, count(*)::text c FROM "PhoneNumber" UNION ALL SELECT 'calls', count(*)::text FROM "Call"
         UNION ALL SELECT 'big tenant calls', count(*)::text FROM "Call" WHERE "tenantId" = $1
         UNION ALL SELECT 'segments', count(*)::text FROM "TranscriptSegment" UNION ALL SELECT 'usage', count(*)::text FROM "UsageRecord"`,
        [data.bigTenantId],
      )
    ).rows;
    console.log(`[bench] loaded in ${loadSeconds.toFixed(1)} s: ${counts.map((r) => `${r.t} ${r.c}`).join(", ")}`);
    const tenant = data.bigTenantId;

    // Random dialed numbers, fixed per run so real and raw look up the same ones.
    const pick = Array.from(
      { length: 5000 },
      () => data.numbers[Math.floor(Math.random() * data.numbers.length)] as string,
    );
    const cfgReal = await loadInboundCallConfig(pick[0] as string);
    const cfgRaw = (await pool.query(RAW_CONFIG, [pick[0]])).rows[0];
    expectSame(
      "inbound config",
      [cfgReal?.phoneNumber.id, cfgReal?.agent?.id, cfgReal?.tenant.status],
      [cfgRaw?.id, cfgRaw?.agentId, cfgRaw?.tenantStatus],
    );
    results.push(
      await compare(
        `loadInboundCallConfig (${data.numbers.length.toLocaleString("en")} numbers)`,
        5000,
        { at: "p99", maxMs: 2, maxRatio: 1.5 },
        (i) => loadInboundCallConfig(pick[i % pick.length] as string),
        (i) => pool.query({ name: "raw_config", text: RAW_CONFIG, values: [pick[i % pick.length]] }),
      ),
    );

    const first = await listTenantCalls(tenant, { limit: PAGE });
    const firstRaw = await pool.query(RAW_FIRST_PAGE, [tenant, PAGE + 1]);
    expectSame(
      "first page",
      first.items.map((c) => c.id),
      firstRaw.rows.slice(0, PAGE).map((r) => r.id),
    );
    results.push(
      await compare(
        `listTenantCalls first page (${PAGE} of ${counts.find((c) => c.t === "big tenant calls")?.c} calls)`,
        2000,
        { at: "p95", maxMs: 50, maxRatio: 1.5 },
        () => listTenantCalls(tenant, { limit: PAGE }),
        () => pool.query({ name: "raw_first", text: RAW_FIRST_PAGE, values: [tenant, PAGE + 1] }),
      ),
    );

    // Deep cursors: every k-th row of the tenant's history, past the halfway mark.
    const step = Math.max(1, Math.floor((sizes.calls ?? defaultOptions.calls) / 100));
    const deep = (
      await pool.query<{ startedAt: Date; id: string; rn: string }>(
        `SELECT "startedAt", id, rn FROM (SELECT "startedAt", id, row_number() OVER (ORDER BY "startedAt" DESC, id DESC) rn FROM "Call" WHERE "tenantId" = $1) x
          WHERE rn % $2 = 0 AND rn > $3 ORDER BY rn`,
        [tenant, step, Math.floor((sizes.calls ?? defaultOptions.calls) / 2)],
      )
    ).rows;
    if (deep.length === 0) throw new Error("no deep cursors");
    const cursors = deep.map((d) => encodeCallCursor(d.startedAt, d.id));
    const deepReal = await listTenantCalls(tenant, { limit: PAGE, after: cursors[0] });
    const deepRaw = await pool.query(RAW_AFTER_PAGE, [tenant, deep[0]?.startedAt, deep[0]?.id, PAGE + 1]);
    expectSame(
      "deep page",
      deepReal.items.map((c) => c.id),
      deepRaw.rows.slice(0, PAGE).map((r) => r.id),
    );
    results.push(
      await compare(
        `listTenantCalls deep page (rows ${deep[0]?.rn}–${deep[deep.length - 1]?.rn})`,
        2000,
        { at: "p95", maxMs: 50, maxRatio: 1.5 },
        (i) => listTenantCalls(tenant, { limit: PAGE, after: cursors[i % cursors.length] }),
        (i) => {
          const d = deep[i % deep.length] as (typeof deep)[number];
          return pool.query({ name: "raw_after", text: RAW_AFTER_PAGE, values: [tenant, d.startedAt, d.id, PAGE + 1] });
        },
      ),
    );

    // Messages inbox: 100k messages in the big tenant (always the issue's size), a fifth of them open.
    const MESSAGES = 100_000;
    await pool.query(
      `INSERT INTO "Message" (id, "tenantId", "callerName", "callbackNumber", reason, urgency, status, "createdAt", "updatedAt", "notifiedAt")
       SELECT 'bm' || g, $1, 'Caller ' || g, '04' || lpad((g % 100000000)::text, 8, '0'), 'Please call back about job ' || g,
              (CASE WHEN g % 7 = 0 THEN 'URGENT' ELSE 'NORMAL' END)::"MessageUrgency",
              (CASE WHEN g % 5 = 0 THEN 'NEW' WHEN g % 5 = 1 THEN 'SEEN' ELSE 'DONE' END)::"MessageStatus",
              now() - (g || ' minutes')::interval, now(), now()
       FROM generate_series(1, $2::int) g`,
      [tenant, MESSAGES],
    );
    await pool.query(`ANALYZE "Message"`);
    const RAW_INBOX = `SELECT "id", "callId", "agentId", "callerName", "callbackNumber", "reason", "urgency", "status", "assigneeId", "note", "createdAt", "updatedAt"
      FROM "Message" WHERE "tenantId" = $1 AND "status" IN ('NEW', 'SEEN') ORDER BY "createdAt" DESC, "id" DESC LIMIT $2`;
    const inbox = await listTenantMessages(tenant, { limit: PAGE, open: true });
    const inboxRaw = await pool.query(RAW_INBOX, [tenant, PAGE + 1]);
    expectSame(
      "inbox page",
      inbox.items.map((m) => m.id),
      inboxRaw.rows.slice(0, PAGE).map((r) => r.id),
    );
    results.push(
      await compare(
        `listTenantMessages open inbox page (${PAGE} of ${MESSAGES.toLocaleString("en")} messages)`,
        2000,
        { at: "p95", maxMs: 50, maxRatio: 1.5 },
        () => listTenantMessages(tenant, { limit: PAGE, open: true }),
        () => pool.query({ name: "raw_inbox", text: RAW_INBOX, values: [tenant, PAGE + 1] }),
      ),
    );

    // Overview analytics (#13): a month of the 1M-call tenant from the call rollup, against the same
    // query and fold on raw pg; and, reported beside it, the scan of the calls the rollup replaces.
    const rollupStart = Date.now();
    await rebuildCallRollup(tenant);
    await pool.query(`ANALYZE "CallRollup"`);
    const rollupRows = (
      await pool.query<{ n: string }>(`SELECT count(*)::text n FROM "CallRollup" WHERE "tenantId" = $1`, [tenant])
    ).rows[0]?.n;
    console.log(`[bench] call rollup built in ${((Date.now() - rollupStart) / 1000).toFixed(1)} s: ${rollupRows} rows`);
    // Month-long periods ending on each of the last 60 days (local dates in the tenant's timezone).
    const periods = Array.from({ length: 60 }, (_, k) => {
      const end = new Date(Date.now() - k * 86_400_000);
      const start = new Date(end.getTime() - 30 * 86_400_000);
      return [start.toISOString().slice(0, 10), end.toISOString().slice(0, 10)] as const;
    });
    const [p0from, p0to] = periods[0] as readonly [string, string];
    const analyticsReal = await loadCallAnalytics(tenant, p0from, p0to);
    const analyticsRaw = summariseRollup((await pool.query(CALL_ANALYTICS_SQL, [tenant, p0from, p0to])).rows);
    expectSame("call analytics", analyticsReal, analyticsRaw);
    const RAW_SCAN = `
      SELECT to_char(("startedAt" AT TIME ZONE t.timezone)::date, 'YYYY-MM-DD') AS day,
             EXTRACT(HOUR FROM "startedAt" AT TIME ZONE t.timezone)::int AS hour,
             count(*)::int AS calls, (count(*) FILTER (WHERE "answeredAt" IS NOT NULL))::int AS answered,
             (count(*) FILTER (WHERE "endReason" = 'BLOCKED'))::int AS blocked,
             (count(*) FILTER (WHERE outcome = 'RESOLVED' AND "endReason" IS DISTINCT FROM 'BLOCKED'))::int AS resolved,
             (count(*) FILTER (WHERE outcome = 'MESSAGE_TAKEN' AND "endReason" IS DISTINCT FROM 'BLOCKED'))::int AS "messageTaken",
             (count(*) FILTER (WHERE outcome = 'TRANSFERRED' AND "endReason" IS DISTINCT FROM 'BLOCKED'))::int AS transferred,
             (count(*) FILTER (WHERE outcome = 'SPAM' AND "endReason" IS DISTINCT FROM 'BLOCKED'))::int AS spam,
             (count(*) FILTER (WHERE outcome = 'ABANDONED' AND "endReason" IS DISTINCT FROM 'BLOCKED'))::int AS abandoned,
             (count(*) FILTER (WHERE outcome = 'OTHER' AND "endReason" IS DISTINCT FROM 'BLOCKED'))::int AS other
        FROM "Call" c JOIN "Tenant" t ON t.id = c."tenantId"
       WHERE c."tenantId" = $1 AND c."endedAt" IS NOT NULL AND NOT c."isTest"
         AND c."startedAt" >= ($2::date::timestamp AT TIME ZONE t.timezone)
         AND c."startedAt" < ($3::date::timestamp AT TIME ZONE t.timezone)
       GROUP BY 1, 2`;
    expectSame(
      "call analytics vs a scan of the calls",
      analyticsReal,
      summariseRollup((await pool.query(RAW_SCAN, [tenant, p0from, p0to])).rows),
    );
    results.push(
      await compare(
        `loadCallAnalytics, a month of a ${counts.find((c) => c.t === "big tenant calls")?.c}-call tenant (rollup)`,
        2000,
        { at: "p95", maxMs: 150, maxRatio: 1.5 },
        (i) => {
          const [from, to] = periods[i % periods.length] as readonly [string, string];
          return loadCallAnalytics(tenant, from, to);
        },
        async (i) => {
          const [from, to] = periods[i % periods.length] as readonly [string, string];
          const r = await pool.query({ name: "raw_analytics", text: CALL_ANALYTICS_SQL, values: [tenant, from, to] });
          return summariseRollup(r.rows);
        },
      ),
    );
    results.push(
      await compare(
        "loadCallAnalytics vs scanning the month's calls (reported)",
        40,
        { at: "p95", maxMs: 150 },
        (i) => {
          const [from, to] = periods[i % periods.length] as readonly [string, string];
          return loadCallAnalytics(tenant, from, to);
        },
        async (i) => {
          const [from, to] = periods[i % periods.length] as readonly [string, string];
          const r = await pool.query({ name: "raw_scan", text: RAW_SCAN, values: [tenant, from, to] });
          return summariseRollup(r.rows);
        },
      ),
    );

    const calls = data.transcriptCallIds;
    const tr = await getCallWithTranscript(tenant, calls[0] as string);
    const trRaw = await pool.query(RAW_SEGMENTS, [calls[0], tenant]);
    expectSame(
      "transcript",
      tr?.segments.map((s) => s.sequence),
      trRaw.rows.map((r) => r.sequence),
    );
    results.push(
      await compare(
        `getCallWithTranscript (${tr?.segments.length}-segment transcript)`,
        500,
        { at: "p95", maxMs: 20 },
        (i) => getCallWithTranscript(tenant, calls[i % calls.length] as string),
        async (i) => {
          const id = calls[i % calls.length];
          const [call, segments, messages] = await Promise.all([
            pool.query({ name: "raw_call", text: RAW_CALL, values: [id, tenant] }),
            pool.query({ name: "raw_segments", text: RAW_SEGMENTS, values: [id, tenant] }),
            pool.query({ name: "raw_messages", text: RAW_MESSAGES, values: [id, tenant] }),
          ]);
          if (call.rowCount === 0) return null;
          return { ...call.rows[0], segments: segments.rows, messages: messages.rows };
        },
      ),
    );

    const cpu = os.cpus();
    console.log(
      `\n[bench] machine: ${cpu.length} × ${cpu[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, PostgreSQL ${version}` +
        `, load average ${os
          .loadavg()
          .map((l) => l.toFixed(2))
          .join(" ")}`,
    );
    console.log(
      "\n| benchmark | n | real p50 / p95 / p99 (ms) | raw pg p50 / p95 / p99 (ms) | ratio at target pct | target | result |",
    );
    console.log("|---|---|---|---|---|---|---|");
    for (const r of results) {
      const f = (s: Stats) => `${s.p50.toFixed(2)} / ${s.p95.toFixed(2)} / ${s.p99.toFixed(2)}`;
      const ratio = (r.real[r.target.at] / r.raw[r.target.at]).toFixed(2);
      const target = `${r.target.at} ≤ ${r.target.maxMs} ms${r.target.maxRatio ? `, ≤ ${r.target.maxRatio}× raw` : ""}`;
      console.log(
        `| ${r.name} | ${r.n} | ${f(r.real)} | ${f(r.raw)} | ${ratio}× | ${target} | ${r.ok ? "pass" : `FAIL: ${r.note}`} |`,
      );
    }
  } finally {
    await pool.end();
    await disconnectDb();
    await scratch.drop();
  }
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) {
    console.error(`\n[bench] ${failed.length} target(s) missed`);
    process.exitCode = 1;
  } else {
    console.log("\n[bench] all targets met");
  }
}

await main();
