// Dashboard read-path benchmarks (pnpm --filter @articulate/web bench): the
// authorising decision every tenant page/action/route makes, the calls page's
// first page, and transcript search (common and rare terms) over a tenant with
// many calls. Prints p50/p95/p99 and exits non-zero when a target is missed.
// BENCH_QUICK=1 loads a tenth of the data.
import { disconnectDb, listTenantCalls, platformDb } from "@articulate/db";
import { createTestDatabase } from "@articulate/db/testing";

const QUICK = process.env.BENCH_QUICK === "1";
const CALLS = QUICK ? 2_000 : 20_000;
const SEGMENTS_PER_CALL = 10;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

async function time(
  label: string,
  n: number,
  fn: (i: number) => Promise<unknown>,
  target: { p95Ms: number },
): Promise<boolean> {
  for (let i = 0; i < Math.min(20, n); i++) await fn(i); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await fn(i);
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const [p50, p95, p99] = [pct(samples, 50), pct(samples, 95), pct(samples, 99)];
  const ok = p95 <= target.p95Ms;
  console.log(
    `${ok ? "ok  " : "MISS"} ${label.padEnd(52)} n=${n} p50=${p50.toFixed(2)}ms p95=${p95.toFixed(2)}ms p99=${p99.toFixed(2)}ms (target p95 ≤ ${target.p95Ms}ms, ratio ${(p95 / target.p95Ms).toFixed(2)})`,
  );
  return ok;
}

async function main() {
  const testDb = await createTestDatabase();
  process.env.DATABASE_URL = testDb.url;
  const { authorizeTenantAccess } = await import("../src/lib/authz/tenant-access");
  const { loadCallHistory } = await import("../src/modules/calls/lib/history");
  const db = platformDb();
  try {
    const started = Date.now();
    // 200 tenants, one user belonging to 50 of them; the big tenant holds the calls.
    await db.$executeRawUnsafe(
      `INSERT INTO "Tenant" (id, slug, name, "updatedAt") SELECT 't' || g, 'bench-' || g, 'Bench ' || g, now() FROM generate_series(1, 200) g`,
    );
    await db.$executeRawUnsafe(
      `INSERT INTO "User" (id, email, "updatedAt") VALUES ('u1', 'bench@example.test', now())`,
    );
    await db.$executeRawUnsafe(
      `INSERT INTO "Membership" (id, "tenantId", "userId", role) SELECT 'm' || g, 't' || g, 'u1', 'OWNER' FROM generate_series(1, 50) g`,
    );
    await db.$executeRawUnsafe(
      `INSERT INTO "Call" (id, "tenantId", direction, "fromNumber", "toNumber", "roomName", status, "startedAt", "updatedAt")
       SELECT 'c' || g, 't1', 'INBOUND', '+614' || lpad(g::text, 8, '0'), '+61255501234', 'room-' || g, 'COMPLETED',
              now() - (g || ' minutes')::interval, now() FROM generate_series(1, ${CALLS}) g`,
    );
    const words = [
      "opening hours",
      "appointment",
      "parking",
      "invoice",
      "prescription",
      "emergency",
      "price list",
      "directions",
    ];
    await db.$executeRawUnsafe(
      `INSERT INTO "TranscriptSegment" ("tenantId", "callId", sequence, speaker, text)
       SELECT 't1', 'c' || c, s, CASE WHEN s % 2 = 0 THEN 'AGENT'::"Speaker" ELSE 'CALLER'::"Speaker" END,
              CASE WHEN s % 2 = 0 THEN 'Thanks for calling, how can I help you today?'
                   ELSE 'I would like to ask about the ' || (ARRAY['${words.join("','")}'])[1 + (c + s) % ${words.length}] || ' please' END
       FROM generate_series(1, ${CALLS}) c, generate_series(0, ${SEGMENTS_PER_CALL - 1}) s`,
    );
    // One rare phrase, in the oldest call: the search's worst case (no early stop).
    await db.$executeRawUnsafe(
      `UPDATE "TranscriptSegment" SET text = 'my cockatoo swallowed a key' WHERE "callId" = 'c${CALLS}' AND sequence = 1`,
    );
    await db.$executeRawUnsafe(`ANALYZE`);
    console.log(
      `loaded ${CALLS} calls, ${CALLS * SEGMENTS_PER_CALL} transcript segments in ${((Date.now() - started) / 1000).toFixed(1)}s`,
    );

    const user = { id: "u1", email: "bench@example.test", name: null, emailVerified: null, isPlatformAdmin: false };
    const results = [
      await time(
        "authorizeTenantAccess (member of 50 tenants)",
        2_000,
        (i) => authorizeTenantAccess(user, `bench-${1 + (i % 50)}`, { role: "ADMIN" }),
        { p95Ms: 10 },
      ),
      await time(
        "authorizeTenantAccess (not a member → 404)",
        1_000,
        (i) => authorizeTenantAccess(user, `bench-${51 + (i % 150)}`),
        { p95Ms: 10 },
      ),
      await time("calls page: listTenantCalls first page (25)", 500, () => listTenantCalls("t1", { limit: 25 }), {
        p95Ms: 20,
      }),
      await time(
        "transcript search, common term, first page (25)",
        200,
        () => loadCallHistory("t1", "Australia/Sydney", { q: "appointment" }, 25),
        { p95Ms: 50 },
      ),
      // The worst case before the trigram index (a scan of every segment: 2.4 s p50 at 200k segments).
      await time(
        `transcript search, rare term in the oldest call (${CALLS * SEGMENTS_PER_CALL} segments)`,
        100,
        () => loadCallHistory("t1", "Australia/Sydney", { q: "cockatoo" }, 25),
        { p95Ms: 50 },
      ),
      await time(
        'transcript search, stemmed words ("appointments parking")',
        100,
        () => loadCallHistory("t1", "Australia/Sydney", { q: "appointments parking" }, 25),
        { p95Ms: 50 },
      ),
    ];
    if (results.some((ok) => !ok)) process.exitCode = 1;
  } finally {
    await disconnectDb();
    await testDb.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
