// Knowledge benchmarks (`pnpm --filter @articulate/knowledge bench`, or `pnpm bench`).
// 1. Lookup latency: one tenant's agent with 10,000 passages + 500 FAQ entries
//    among 1,000 tenants (the others hold 50 passages + 10 entries each, same
//    vocabulary, so the index holds every tenant's matches). The real path
//    (searchKnowledge: query building, ranked search with coverage re-rank,
//    answer filter, time budget) is timed against a hand-written raw `pg`
//    query doing a plain ranked full-text search of the same rows, alternating
//    call by call. Targets: p95 ≤ 30 ms and ≤ 1.5× raw.
// 2. Import throughput: importWebsite over a local site of 200 pages, pages/s.
// Scratch database per run (TEST_DATABASE_URL's server, else embedded). BENCH_QUICK=1 shrinks it.
import os from "node:os";
import { buildKnowledgeQuery, disconnectDb } from "@articulate/db";
import { createTestDatabase } from "@articulate/db/testing";
import pg from "pg";
import { addWebsiteSource, importWebsite, searchKnowledge } from "../src/index";
import { startSampleSite } from "../test/sample-site";

const quick = process.env.BENCH_QUICK === "1";
const TENANTS = quick ? 100 : 1000;
const PASSAGES = 10_000;
const FAQ = 500;
const OTHER_PASSAGES = 50;
const OTHER_FAQ = 10;
const SAMPLES = quick ? 300 : 2000;

const WORDS = `appointment booking cancel reschedule parking street car park bus train station address level suite
fees price cost payment card cash eftpos invoice receipt refund deposit health fund claim medicare bulk bill
check-up clean scale filling crown root canal extraction implant whitening braces aligner children family
emergency pain swelling bleeding after hours weekend saturday sunday monday tuesday wednesday thursday friday
open close morning afternoon evening holiday public christmas staff dentist hygienist nurse reception team
insurance policy privacy consent form referral x-ray sterilisation equipment wheelchair access lift stairs
toilet waiting room wifi coffee water parking meter voucher gift discount pensioner student concession`
  .split(/\s+/)
  .filter(Boolean);

let seed = 42;
const rand = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
// Word frequencies follow Zipf's law as in real text: a 4,000-word vocabulary
// of made-up filler words with the business words spread across its ranks
// (rank 20 to 2,000), so a question's terms are in a few percent of passages,
// not in most of them.
const SYLLABLES = ["ka", "lo", "mi", "ren", "tas", "vu", "zor", "pel", "dri", "gon", "sha", "bex", "qui", "nal"];
const VOCAB: string[] = [];
for (let i = 0; VOCAB.length < 4000; i++) {
  const w = `${SYLLABLES[i % 14]}${SYLLABLES[Math.floor(i / 14) % 14]}${SYLLABLES[Math.floor(i / 196) % 14]}`;
  VOCAB.push(w);
}
WORDS.forEach((w, i) => {
  VOCAB[20 + Math.floor((i * 1980) / WORDS.length)] = w;
});
const CUMULATIVE: number[] = [];
{
  let total = 0;
  for (let r = 1; r <= VOCAB.length; r++) {
    total += 1 / r;
    CUMULATIVE.push(total);
  }
  for (let i = 0; i < CUMULATIVE.length; i++) CUMULATIVE[i] = (CUMULATIVE[i] as number) / total;
}
const word = () => {
  const x = rand();
  let lo = 0;
  let hi = CUMULATIVE.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((CUMULATIVE[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return VOCAB[lo] as string;
};
const sentence = (n: number) => `${Array.from({ length: n }, word).join(" ")}.`;
const paragraph = () =>
  Array.from({ length: 4 + Math.floor(rand() * 4) }, () => sentence(8 + Math.floor(rand() * 8))).join(" ");

const QUESTIONS = [
  "is there parking near you",
  "do you bulk bill",
  "what time do you close on friday",
  "how much does a check-up and clean cost",
  "can I claim on my health fund",
  "do you do root canal treatment",
  "are you open on saturday morning",
  "is the practice wheelchair accessible",
  "do you offer payment plans or afterpay",
  "what should I do about tooth pain after hours",
  "can I bring my children",
  "do you have a discount for pensioners",
];

interface Stats {
  p50: number;
  p95: number;
  p99: number;
}
const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
const stats = (samples: number[]): Stats => {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99) };
};
async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

async function load(url: string): Promise<{ tenantId: string; agentId: string }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const started = Date.now();
  try {
    await c.query("BEGIN");
    await c.query(`INSERT INTO "Tenant" ("id", "slug", "name", "updatedAt")
      SELECT 't' || g, 'bench-' || g, 'Bench ' || g, now() FROM generate_series(1, ${TENANTS}) g`);
    await c.query(`INSERT INTO "Agent" ("id", "tenantId", "name", "greeting", "instructions", "updatedAt")
      SELECT 'a' || g, 't' || g, 'Agent', 'Hello', '', now() FROM generate_series(1, ${TENANTS}) g`);
    await c.query(`INSERT INTO "KnowledgeSource" ("id", "tenantId", "agentId", "kind", "title", "status", "updatedAt")
      SELECT 's' || g, 't' || g, 'a' || g, 'TEXT', 'Bench document', 'SUCCEEDED', now() FROM generate_series(1, ${TENANTS}) g`);
    const insertPassages = async (tenant: number, count: number) => {
      for (let start = 0; start < count; start += 1000) {
        const n = Math.min(1000, count - start);
        const values: string[] = [];
        const params: string[] = [];
        for (let i = 0; i < n; i++) {
          params.push(`p${tenant}-${start + i}`, sentence(3), paragraph());
          const b = i * 3;
          values.push(`($${b + 1}, 't${tenant}', 'a${tenant}', 's${tenant}', $${b + 2}, ${start + i}, $${b + 3})`);
        }
        await c.query(
          `INSERT INTO "KnowledgePassage" ("id", "tenantId", "agentId", "sourceId", "title", "position", "text") VALUES ${values.join(",")}`,
          params,
        );
      }
    };
    const insertFaq = async (tenant: number, count: number) => {
      for (let start = 0; start < count; start += 500) {
        const n = Math.min(500, count - start);
        const values: string[] = [];
        const params: string[] = [];
        for (let i = 0; i < n; i++) {
          const q = `${sentence(5)} ${start + i}`;
          params.push(`f${tenant}-${start + i}`, q, q.toLowerCase(), sentence(15));
          const b = i * 4;
          values.push(
            `($${b + 1}, 't${tenant}', 'a${tenant}', $${b + 2}, ARRAY[]::text[], $${b + 4}, $${b + 3}, ${start + i}, now())`,
          );
        }
        await c.query(
          `INSERT INTO "FaqEntry" ("id", "tenantId", "agentId", "question", "alternatives", "answer", "questionKey", "position", "updatedAt") VALUES ${values.join(",")}`,
          params,
        );
      }
    };
    await insertPassages(1, PASSAGES);
    await insertFaq(1, FAQ);
    for (let t = 2; t <= TENANTS; t++) {
      await insertPassages(t, OTHER_PASSAGES);
      await insertFaq(t, OTHER_FAQ);
    }
    await c.query("COMMIT");
    await c.query("VACUUM ANALYZE");
  } finally {
    await c.end();
  }
  console.log(
    `[bench] loaded ${TENANTS} tenants: ${PASSAGES + (TENANTS - 1) * OTHER_PASSAGES} passages, ${FAQ + (TENANTS - 1) * OTHER_FAQ} FAQ entries in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return { tenantId: "t1", agentId: "a1" };
}

// The plain ranked full-text search a developer would write by hand, same rows and tsquery.
const RAW_SQL = `
WITH q AS (SELECT to_tsquery('english', $3) AS query)
SELECT * FROM (
  (SELECT 'faq' AS kind, f."id", f."question" AS title, f."answer" AS text, NULL::text AS url,
          ts_rank(f."searchVector", q.query, 1) AS score
     FROM "FaqEntry" f, q WHERE f."agentId" = $2 AND f."tenantId" = $1 AND f."enabled" AND f."searchVector" @@ q.query)
  UNION ALL
  (SELECT 'passage', p."id", p."title", p."text", p."url", ts_rank(p."searchVector", q.query, 1)
     FROM "KnowledgePassage" p, q WHERE p."agentId" = $2 AND p."tenantId" = $1 AND p."searchVector" @@ q.query)
) hits ORDER BY score DESC, id LIMIT 3`;

async function main() {
  const scratch = await createTestDatabase();
  process.env.DATABASE_URL = scratch.url;
  let failed = false;
  const raw = new pg.Pool({ connectionString: scratch.url, max: 2 });
  try {
    const { tenantId, agentId } = await load(scratch.url);
    const rawSearch = (q: string) =>
      raw.query({ name: "bench_raw_search", text: RAW_SQL, values: [tenantId, agentId, buildKnowledgeQuery(q).query] });
    const realSearch = (q: string) => searchKnowledge(tenantId, agentId, q, { timeoutMs: 10_000 });
    for (let i = 0; i < 100; i++) {
      const q = QUESTIONS[i % QUESTIONS.length] as string;
      await realSearch(q);
      await rawSearch(q);
    }
    if (process.env.BENCH_EXPLAIN === "1") {
      const plan = await raw.query(
        `EXPLAIN (ANALYZE, BUFFERS) ${RAW_SQL.replaceAll("$1", "'t1'").replaceAll("$2", "'a1'").replaceAll("$3", "$1")}`,
        [buildKnowledgeQuery(QUESTIONS[0] as string).query],
      );
      console.log(plan.rows.map((r) => r["QUERY PLAN"]).join("\n"));
    }
    const real: number[] = [];
    const rawT: number[] = [];
    let answered = 0;
    for (let i = 0; i < SAMPLES; i++) {
      const q = QUESTIONS[i % QUESTIONS.length] as string;
      if (i % 2 === 0) {
        real.push(
          await time(async () => {
            if ((await realSearch(q)).outcome === "ANSWERED") answered++;
          }),
        );
        rawT.push(await time(() => rawSearch(q)));
      } else {
        rawT.push(await time(() => rawSearch(q)));
        real.push(await time(() => realSearch(q)));
      }
    }
    const r = stats(real);
    const b = stats(rawT);
    const ratio = r.p95 / b.p95;
    const ok = r.p95 <= 30 && ratio <= 1.5;
    failed ||= !ok;
    const f = (n: number) => n.toFixed(2).padStart(7);
    console.log(
      `\nlookup (${SAMPLES} samples, ${QUESTIONS.length} questions; ${answered}/${SAMPLES / 2} answered)\n` +
        `            p50      p95      p99\n` +
        `  real  ${f(r.p50)}  ${f(r.p95)}  ${f(r.p99)} ms\n` +
        `  raw   ${f(b.p50)}  ${f(b.p95)}  ${f(b.p99)} ms\n` +
        `  ratio ${f(r.p50 / b.p50)}  ${f(ratio)}  ${f(r.p99 / b.p99)}   target p95 ≤ 30 ms and ≤ 1.5× raw: ${ok ? "met" : "MISSED"}`,
    );

    // Import throughput from the local sample site (200 article pages + the sample pages).
    const site = await startSampleSite({ extraPages: 200 });
    try {
      const source = await addWebsiteSource(tenantId, agentId, { url: site.url });
      const t0 = performance.now();
      const done = await importWebsite(tenantId, source.id, {
        allowPrivateAddresses: true,
        maxPages: 200,
        maxPageBytes: 1024 * 1024,
      });
      const seconds = (performance.now() - t0) / 1000;
      const pages = (done.progress?.fetched ?? 0) + (done.progress?.skipped.length ?? 0);
      console.log(
        `\nimport: ${pages} pages (${done.progress?.fetched} read, ${done.progress?.skipped.length} skipped, ${done.progress?.passages} passages) in ${seconds.toFixed(2)} s = ${(pages / seconds).toFixed(1)} pages/s (incl. a 10 MB page cut at 1 MB)`,
      );
    } finally {
      await site.close();
    }
    console.log(
      `\nload average at end: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")} (${os.cpus().length} CPUs)`,
    );
  } finally {
    await raw.end();
    await disconnectDb();
    await scratch.drop();
  }
  if (failed) process.exitCode = 1;
}

await main();
