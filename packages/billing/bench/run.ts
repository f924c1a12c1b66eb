// pnpm --filter @articulate/billing bench   (BENCH_QUICK=1 for smaller data)
// 1. Period rollup for one tenant with 10M usage rows in the ledger (target p95 ≤ 20 ms).
// 2. Meter-event reporting pipeline against the local Stripe fake (target ≥ 1,000 events/s).
// 3. Stripe webhook endpoint over HTTP with dedupe (target ≥ 500 events/s).
// Each section runs on a scratch database from createTestDatabase(), dropped at the end.

import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { disconnectDb, platformDb } from "@articulate/db";
import { type EmbeddedServer, startEmbeddedPostgres } from "@articulate/db/embedded";
import { createTestDatabase, type TestDatabase } from "@articulate/db/testing";
import { type StripeFake, startStripeFake } from "@articulate/testing/stripe";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import {
  getUsageSummary,
  handleStripeWebhook,
  rateTenantPeriod,
  reportPendingUsage,
  StripeWebhookSignatureError,
  setupStripeCatalog,
  stripeClient,
} from "../src/index";

const QUICK = process.env.BENCH_QUICK === "1";
const LEDGER_ROWS = QUICK ? 1_000_000 : 10_000_000;
const METER_EVENTS = QUICK ? 5_000 : 20_000;
const WEBHOOK_UNIQUE = QUICK ? 1_000 : 4_000;
/** Concurrent webhook deliveries (Stripe delivers in parallel; web runs several workers behind a load balancer). */
const CONCURRENCY = 32;

const failures: string[] = [];
function target(label: string, ok: boolean): string {
  if (!ok) failures.push(label);
  return ok ? "PASS" : "FAIL";
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
function summary(label: string, samples: number[], targetP95?: number): void {
  const s = [...samples].sort((a, b) => a - b);
  const p95 = pct(s, 95);
  const ratio = targetP95
    ? ` | target p95 ≤ ${targetP95} ms → ${(p95 / targetP95).toFixed(2)}× of budget ${target(label, p95 <= targetP95)}`
    : "";
  console.log(
    `${label.padEnd(58)} n=${s.length} p50=${pct(s, 50).toFixed(2)} ms p95=${p95.toFixed(2)} ms p99=${pct(s, 99).toFixed(2)} ms${ratio}`,
  );
}
async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [performance.now() - t0, r];
}
async function sample(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < Math.min(20, n); i++) await fn(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await time(fn))[0]);
  return out;
}

async function useDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  await disconnectDb();
  process.env.DATABASE_URL = db.url;
  return db;
}

// ───────────── 1. period rollup over a 10M-row ledger ─────────────

const MONTHS = 12;
const periodStartOf = (m: number) => new Date(Date.UTC(2026, m, 1));

async function benchRollup(): Promise<void> {
  console.log(`\n## 1. Period rollup, ${LEDGER_ROWS.toLocaleString()} usage rows in the ledger`);
  const testDb = await useDatabase();
  const client = new pg.Client({ connectionString: testDb.url });
  await client.connect();
  try {
    const TENANTS = 1000;
    await client.query(`
      INSERT INTO "Tenant" ("id", "slug", "name", "plan", "timezone", "createdAt", "updatedAt")
      SELECT 't' || g, 'bench-' || g, 'Bench ' || g, 'STARTER', 'Australia/Sydney', '2025-12-01', now()
      FROM generate_series(0, ${TENANTS - 1}) g`);
    await client.query(`
      INSERT INTO "Subscription" ("id", "tenantId", "plan", "status", "currentPeriodStart", "currentPeriodEnd", "updatedAt")
      SELECT 's' || g, 't' || g, 'STARTER', 'ACTIVE', '2026-06-01T00:00:00Z', '2026-07-01T00:00:00Z', now()
      FROM generate_series(0, ${TENANTS - 1}) g`);
    // Bulk load like a restore: no call rows (drop that FK on this scratch copy) and indexes built after the load.
    await client.query(`ALTER TABLE "UsageRecord" DROP CONSTRAINT IF EXISTS "UsageRecord_callId_fkey"`);
    const idx = await client.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'UsageRecord' AND indexname <> 'UsageRecord_pkey'`,
    );
    for (const i of idx.rows) await client.query(`DROP INDEX "${i.indexname}"`);

    // The target tenant t0 holds 10 % of all rows (1/12 of them per monthly period); the rest spread over 999 tenants.
    const [loadMs] = await time(async () => {
      let i = 0;
      const CHUNK = 10_000;
      const source = Readable.from(
        (function* () {
          while (i < LEDGER_ROWS) {
            const lines: string[] = [];
            for (let k = 0; k < CHUNK && i < LEDGER_ROWS; k++, i++) {
              const tenant = i % 10 === 0 ? "t0" : `t${1 + (i % (TENANTS - 1))}`;
              const month = Math.floor(i / 10) % MONTHS;
              const start = periodStartOf(month).getTime();
              const occurred = new Date(start + ((i * 7919) % (28 * 86_400)) * 1000).toISOString();
              const seconds = 20 + ((i * 31) % 600);
              const minutes = Math.ceil(seconds / 60);
              lines.push(
                `u${i}\t${tenant}\tc${i}\t${occurred}\t${periodStartOf(month).toISOString()}\t${seconds}\t${minutes}\t0\t${(minutes * 1.2 + (seconds / 60) * 5.5).toFixed(4)}\tREPORTED\t1\t${occurred}\t\\N\t${occurred}\t${occurred}\n`,
              );
            }
            yield lines.join("");
          }
        })(),
      );
      const sink = client.query(
        copyFrom(
          `COPY "UsageRecord" ("id","tenantId","callId","occurredAt","periodStart","seconds","minutes","priceMinor","platformCostMinor","reportState","reportAttempts","nextAttemptAt","lastReportError","reportedAt","createdAt") FROM STDIN`,
        ),
      );
      await pipeline(source, sink);
    });
    console.log(`loaded ${LEDGER_ROWS.toLocaleString()} rows with COPY in ${(loadMs / 1000).toFixed(1)} s`);
    const [idxMs] = await time(async () => {
      for (const i of idx.rows) await client.query(i.indexdef);
    });
    console.log(`rebuilt ${idx.rows.length} ledger indexes in ${(idxMs / 1000).toFixed(1)} s`);
    // The rollup recordCallUsage maintains row by row, built here in one statement.
    const [rollMs] = await time(() =>
      client.query(`
        INSERT INTO "UsageRollup" ("tenantId","periodStart","day","calls","seconds","minutes","platformCostMinor")
        SELECT "tenantId", "periodStart", ("occurredAt" AT TIME ZONE 'Australia/Sydney')::date, count(*), sum("seconds"), sum("minutes"), sum("platformCostMinor")
        FROM "UsageRecord" GROUP BY 1, 2, 3`),
    );
    await client.query(`ANALYZE`);
    const counts = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM "UsageRecord"`);
    const rollups = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM "UsageRollup"`);
    console.log(
      `built ${rollups.rows[0]?.n} rollup rows in ${(rollMs / 1000).toFixed(1)} s; ledger holds ${Number(counts.rows[0]?.n).toLocaleString()} rows`,
    );

    const june = { start: periodStartOf(5), end: periodStartOf(6) };
    const perPeriod = await client.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM "UsageRecord" WHERE "tenantId" = 't0' AND "periodStart" = $1`,
      [june.start],
    );
    console.log(`target tenant t0: ${Number(perPeriod.rows[0]?.n).toLocaleString()} usage rows in the measured period`);

    const rated = await rateTenantPeriod("t0", june, { now: new Date("2026-06-15T00:00:00Z") });
    const check = await client.query<{ m: string }>(
      `SELECT sum("minutes")::text AS m FROM "UsageRecord" WHERE "tenantId" = 't0' AND "periodStart" = $1`,
      [june.start],
    );
    if (String(rated.minutesUsed) !== check.rows[0]?.m)
      throw new Error(`rollup disagrees with the ledger: ${rated.minutesUsed} vs ${check.rows[0]?.m}`);
    console.log(
      `rated June: ${rated.minutesUsed.toLocaleString()} min, total ${(rated.totalMinor / 100).toFixed(2)} AUD (matches a full ledger scan)`,
    );

    summary(
      "rateTenantPeriod (rollup)",
      await sample(300, () => rateTenantPeriod("t0", june, { now: new Date("2026-06-15T00:00:00Z") })),
      20,
    );
    summary(
      "getUsageSummary (rating + per-day series)",
      await sample(300, () => getUsageSummary("t0", { now: new Date("2026-06-15T00:00:00Z") })),
      20,
    );
    summary(
      "for comparison: SUM over the ledger, (tenantId, periodStart) index",
      await sample(
        30,
        () =>
          platformDb()
            .$queryRaw`SELECT sum("minutes") FROM "UsageRecord" WHERE "tenantId" = 't0' AND "periodStart" = ${june.start}`,
      ),
    );
    await platformDb().planChange.create({
      data: {
        tenantId: "t0",
        fromPlan: "STARTER",
        toPlan: "PROFESSIONAL",
        changedAt: new Date("2026-06-16T00:00:00Z"),
      },
    });
    summary(
      "rateTenantPeriod with a mid-period plan change (+ boundary day)",
      await sample(30, () => rateTenantPeriod("t0", june, { now: new Date("2026-06-20T00:00:00Z") })),
    );
  } finally {
    await client.end();
    await disconnectDb();
    await testDb.drop();
  }
}

// ───────────── 2. meter-event reporting pipeline ─────────────

async function withFake<T>(fn: (fake: StripeFake) => Promise<T>): Promise<T> {
  const fake = await startStripeFake();
  process.env.STRIPE_SECRET_KEY = fake.secretKey;
  process.env.STRIPE_WEBHOOK_SECRET = fake.webhookSecret;
  process.env.STRIPE_API_BASE = fake.url;
  try {
    await setupStripeCatalog(stripeClient()!);
    return await fn(fake);
  } finally {
    await fake.close();
  }
}

async function benchReporting(): Promise<void> {
  console.log(
    `\n## 2. Meter-event reporting pipeline, ${METER_EVENTS.toLocaleString()} usage records → local Stripe fake`,
  );
  const testDb = await useDatabase();
  try {
    await withFake(async (fake) => {
      const TENANTS = 100;
      const db = platformDb();
      await db.$executeRawUnsafe(`
        INSERT INTO "Tenant" ("id","slug","name","plan","updatedAt")
        SELECT 'r' || g, 'bench-r-' || g, 'Bench ' || g, 'STARTER', now() FROM generate_series(0, ${TENANTS - 1}) g`);
      for (let t = 0; t < TENANTS; t++) {
        const cus = fake.createCustomer({});
        await db.subscription.create({
          data: { tenantId: `r${t}`, plan: "STARTER", status: "ACTIVE", stripeCustomerId: cus.id as string },
        });
      }
      await db.$executeRawUnsafe(`
        INSERT INTO "Call" ("id","tenantId","direction","fromNumber","toNumber","roomName","status","startedAt","answeredAt","endedAt","updatedAt")
        SELECT 'call' || g, 'r' || (g % ${TENANTS}), 'INBOUND', '+61255501234', '+61255509999', 'call-bench-' || g, 'COMPLETED',
               now() - interval '2 hours', now() - interval '2 hours', now() - interval '1 hour', now()
        FROM generate_series(0, ${METER_EVENTS - 1}) g`);
      await db.$executeRawUnsafe(`
        INSERT INTO "UsageRecord" ("id","tenantId","callId","occurredAt","periodStart","seconds","minutes","reportState","nextAttemptAt")
        SELECT 'ur' || g, 'r' || (g % ${TENANTS}), 'call' || g, now() - interval '2 hours', date_trunc('month', now()), 125, 3, 'PENDING', now() - interval '1 minute'
        FROM generate_series(0, ${METER_EVENTS - 1}) g`);
      const [ms, r] = await time(() =>
        reportPendingUsage({ maxEventsPerSecond: Number.POSITIVE_INFINITY, concurrency: 32, batchSize: 1000 }),
      );
      const rate = (r.reported / ms) * 1000;
      const held = fake.state.meterEvents.size;
      const reported = await db.usageRecord.count({ where: { reportState: "REPORTED" } });
      console.log(
        `reported ${r.reported.toLocaleString()} events in ${(ms / 1000).toFixed(2)} s → ${Math.round(rate).toLocaleString()} events/s | target ≥ 1,000/s → ${(rate / 1000).toFixed(2)}× ${target("meter-event pipeline", rate >= 1000)}`,
      );
      console.log(
        `fake holds ${held.toLocaleString()} meter events (one per call); ledger REPORTED = ${reported.toLocaleString()}; retrying ${r.retrying}, needs attention ${r.needsAttention}`,
      );
      if (held !== METER_EVENTS || reported !== METER_EVENTS) throw new Error("reporting lost or duplicated events");
    });
  } finally {
    await disconnectDb();
    await testDb.drop();
  }
}

// ───────────── 3. Stripe webhook endpoint ─────────────

async function benchWebhooks(): Promise<void> {
  const deliveries = Math.round(WEBHOOK_UNIQUE * 1.25);
  console.log(
    `\n## 3. Stripe webhooks over HTTP: ${deliveries.toLocaleString()} deliveries (${WEBHOOK_UNIQUE.toLocaleString()} unique, 20 % resends)`,
  );
  const testDb = await useDatabase();
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    try {
      const r = await handleStripeWebhook(
        Buffer.concat(chunks).toString("utf8"),
        (req.headers["stripe-signature"] as string) ?? null,
      );
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ outcome: r.outcome }));
    } catch (err) {
      res.writeHead(err instanceof StripeWebhookSignatureError ? 400 : 500).end(String(err));
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/stripe`;
  try {
    await withFake(async (fake) => {
      const TENANTS = 200;
      const db = platformDb();
      await db.$executeRawUnsafe(`
        INSERT INTO "Tenant" ("id","slug","name","plan","updatedAt")
        SELECT 'w' || g, 'bench-w-' || g, 'Bench ' || g, 'STARTER', now() FROM generate_series(0, ${TENANTS - 1}) g`);
      const prices = await db.stripeCatalogEntry.findMany({
        where: { key: { in: ["price:STARTER:base", "price:STARTER:minutes"] } },
      });
      const subs: Record<string, unknown>[] = [];
      for (let t = 0; t < TENANTS; t++) {
        const cus = fake.createCustomer({});
        const sub = fake.createSubscriptionObject(
          cus.id as string,
          prices.map((p) => ({ price: p.stripeId })),
        );
        subs.push(sub);
        await db.subscription.create({
          data: { tenantId: `w${t}`, plan: "STARTER", status: "ACTIVE", stripeCustomerId: cus.id as string },
        });
      }
      const now = Math.floor(Date.now() / 1000);
      const unique = Array.from({ length: WEBHOOK_UNIQUE }, (_, i) =>
        fake.event("customer.subscription.updated", subs[i % TENANTS]!, { created: now - WEBHOOK_UNIQUE + i }),
      );
      const queue = unique
        .flatMap((e, i) => (i % 4 === 3 ? [e, unique[i - 1]!] : [e]))
        .map((e) => fake.signedDelivery(e));
      const latencies: number[] = [];
      const outcomes = new Map<string, number>();
      const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
      const post = (d: { payload: string; header: string }) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = http.request(url, {
            method: "POST",
            agent,
            headers: {
              "stripe-signature": d.header,
              "content-type": "application/json",
              "content-length": Buffer.byteLength(d.payload),
            },
          });
          req.on("response", (res) => {
            const parts: Buffer[] = [];
            res.on("data", (c: Buffer) => parts.push(c));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString("utf8") }));
          });
          req.on("error", reject);
          req.end(d.payload);
        });
      let next = 0;
      const cpu0 = process.cpuUsage();
      const [ms] = await time(() =>
        Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            for (;;) {
              const d = queue[next++];
              if (!d) return;
              const t0 = performance.now();
              const res = await post(d);
              if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${res.body}`);
              latencies.push(performance.now() - t0);
              const outcome = (JSON.parse(res.body) as { outcome: string }).outcome;
              outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
            }
          }),
        ),
      );
      agent.destroy();
      const cpu = process.cpuUsage(cpu0);
      console.log(
        `bench process CPU: ${((cpu.user + cpu.system) / 1000 / queue.length).toFixed(2)} ms per delivery (server + handler + Prisma + Stripe fake + load generator, one Node thread), ${(((cpu.user + cpu.system) / 1000 / ms) * 100).toFixed(0)} % of one core`,
      );
      const rate = (queue.length / ms) * 1000;
      const processed = await db.processedWebhookEvent.count();
      console.log(
        `${queue.length.toLocaleString()} deliveries in ${(ms / 1000).toFixed(2)} s → ${Math.round(rate).toLocaleString()} events/s | target ≥ 500/s → ${(rate / 500).toFixed(2)}× ${target("webhook endpoint", rate >= 500)}`,
      );
      console.log(
        `outcomes ${JSON.stringify(Object.fromEntries(outcomes))}; ProcessedWebhookEvent rows = ${processed.toLocaleString()} (unique events)`,
      );
      summary(`webhook delivery latency (HTTP round trip, ${CONCURRENCY} concurrent)`, latencies);
      if (processed !== WEBHOOK_UNIQUE) throw new Error("dedupe failed");

      // The same work without HTTP: the handler function called directly.
      const later = now + 10;
      const direct = Array.from({ length: WEBHOOK_UNIQUE }, (_, i) =>
        fake.event("customer.subscription.updated", subs[i % TENANTS]!, { created: later + i }),
      );
      const directQueue = direct
        .flatMap((e, i) => (i % 4 === 3 ? [e, direct[i - 1]!] : [e]))
        .map((e) => fake.signedDelivery(e));
      let d = 0;
      const [directMs] = await time(() =>
        Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            for (;;) {
              const item = directQueue[d++];
              if (!item) return;
              await handleStripeWebhook(item.payload, item.header);
            }
          }),
        ),
      );
      console.log(
        `direct handler calls (no HTTP): ${directQueue.length.toLocaleString()} in ${(directMs / 1000).toFixed(2)} s → ${Math.round((directQueue.length / directMs) * 1000).toLocaleString()} events/s (informational)`,
      );
    });
  } finally {
    server.close();
    await disconnectDb();
    await testDb.drop();
  }
}

async function main(): Promise<void> {
  console.log(
    `# @articulate/billing benchmarks${QUICK ? " (BENCH_QUICK=1)" : ""} on ${new Date().toISOString()}, ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  // One PostgreSQL server for every section (an embedded one unless TEST_DATABASE_URL names a server).
  let embedded: EmbeddedServer | undefined;
  let embeddedDir: string | undefined;
  if (!process.env.TEST_DATABASE_URL) {
    embeddedDir = fs.mkdtempSync(path.join(os.tmpdir(), "articulate-billing-bench-"));
    fs.chmodSync(embeddedDir, 0o777);
    embedded = await startEmbeddedPostgres({ dataDir: path.join(embeddedDir, "data"), persistent: false });
    process.env.TEST_DATABASE_URL = embedded.adminUrl;
  }
  try {
    await runSections();
  } finally {
    if (embedded) await embedded.stop();
    if (embeddedDir) fs.rmSync(embeddedDir, { recursive: true, force: true });
  }
}

async function runSections(): Promise<void> {
  const only = process.env.BENCH_ONLY;
  if (!only || only === "rollup") await benchRollup();
  if (!only || only === "reporting") await benchReporting();
  if (!only || only === "webhooks") await benchWebhooks();
  console.log(
    `\nload average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  if (failures.length > 0) {
    console.log(`targets missed: ${failures.join(", ")}`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
