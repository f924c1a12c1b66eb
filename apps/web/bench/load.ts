// Load check against the production build (pnpm --filter @articulate/web bench:load):
// GET /api/v1/calls, the LiveKit webhook and the Stripe webhook, each at a fixed
// rate for LOAD_SECONDS (default 60) on loopback, with a raw baseline (GET
// /api/health, one SELECT 1) at the same rate in the same run. Prints
// p50/p95/p99, the ratio to the baseline, errors, and the machine's load. Not part
// of pnpm test. Needs `next build` first. Exits non-zero when a target is missed.
import { type ChildProcess, spawn } from "node:child_process";
import crypto from "node:crypto";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { disconnectDb, platformDb } from "@articulate/db";
import { createTestDatabase } from "@articulate/db/testing";
import autocannon from "autocannon";
import { AccessToken } from "livekit-server-sdk";
import Stripe from "stripe";

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const LK = { key: "bench-key", secret: "bench-secret-bench-secret-bench-secret" };
const STRIPE_WHSEC = "whsec_bench_secret";

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

interface Scenario {
  label: string;
  rate: number;
  path: string;
  method: "GET" | "POST";
  /** Built per request (fresh event ids; every 10th a duplicate to exercise dedupe). */
  request?: (
    i: number,
  ) => Promise<{ headers: Record<string, string>; body: string }> | { headers: Record<string, string>; body: string };
  headers?: Record<string, string>;
}

interface Outcome {
  label: string;
  sent: number;
  ok: number;
  errors: number;
  non2xx: number;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
}

async function run(base: string, s: Scenario): Promise<Outcome> {
  // Bodies are prepared up front: signing must not sit inside the measured loop.
  const total = s.rate * SECONDS + s.rate * 2;
  const bodies = s.request ? await Promise.all(Array.from({ length: total }, (_, i) => s.request!(i))) : [];
  let next = 0;
  const latencies: number[] = [];
  let instance!: autocannon.Instance;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: base,
        connections: Math.max(4, Math.ceil(s.rate / 25)),
        overallRate: s.rate,
        duration: SECONDS,
        requests: [
          {
            method: s.method,
            path: s.path,
            headers: s.headers,
            setupRequest: (req) => {
              if (!s.request) return req;
              const b = bodies[next++ % bodies.length]!;
              return { ...req, headers: { ...req.headers, ...b.headers }, body: b.body };
            },
          },
        ],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
  });
  instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
  });
  const result = await done;
  latencies.sort((a, b) => a - b);
  return {
    label: s.label,
    sent: result.requests.sent,
    ok: result["2xx"],
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    p50: pct(latencies, 50),
    p95: pct(latencies, 95),
    p99: pct(latencies, 99),
    rps: result.requests.average,
  };
}

async function main() {
  const load1 = os.loadavg();
  const testDb = await createTestDatabase();
  process.env.DATABASE_URL = testDb.url;
  process.env.ENCRYPTION_KEY ??= "0".repeat(64);
  let server: ChildProcess | undefined;
  try {
    const db = platformDb();
    const tenant = await db.tenant.create({ data: { slug: "bench-load", name: "Bench load" } });
    await db.$executeRawUnsafe(
      `INSERT INTO "Call" (id, "tenantId", direction, "fromNumber", "toNumber", "roomName", status, "startedAt", "updatedAt")
       SELECT 'c' || g, $1, 'INBOUND', '+614' || lpad(g::text, 8, '0'), '+61255501234', 'room-' || g, 'COMPLETED',
              now() - (g || ' minutes')::interval, now() FROM generate_series(1, 5000) g`,
      tenant.id,
    );
    const { createApiKey } = await import("../src/modules/api-keys/keys");
    const { secret } = await createApiKey(tenant.id, { name: "bench", createdById: null });

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
      cwd: path.resolve(import.meta.dirname, ".."),
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(port),
        HOST: "127.0.0.1",
        DATABASE_URL: testDb.url,
        LIVEKIT_URL: "http://127.0.0.1:1",
        LIVEKIT_API_KEY: LK.key,
        LIVEKIT_API_SECRET: LK.secret,
        STRIPE_SECRET_KEY: "sk_test_bench",
        STRIPE_WEBHOOK_SECRET: STRIPE_WHSEC,
        API_RATE_LIMIT_BURST: "1000",
        API_RATE_LIMIT_PER_MINUTE: "100000000",
        AUTH_SECRET: crypto.randomBytes(32).toString("base64"),
        NEXT_TELEMETRY_DISABLED: "1",
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    for (let i = 0; ; i++) {
      const ok = await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (i > 240) throw new Error("server did not start");
      await new Promise((r) => setTimeout(r, 500));
    }
    const stripe = new Stripe("sk_test_bench");
    const livekitEvent = async (i: number) => {
      const id = `EV_bench_${i - (i % 10 === 9 ? 1 : 0)}`; // every 10th repeats the previous id
      const body = JSON.stringify({ id, event: "participant_joined", room: { name: `room-x-${i}` }, createdAt: 1 });
      const at = new AccessToken(LK.key, LK.secret);
      at.sha256 = crypto.createHash("sha256").update(body).digest("base64");
      return { headers: { "content-type": "application/webhook+json", authorization: await at.toJwt() }, body };
    };
    const stripeEvent = (i: number) => {
      const id = `evt_bench_${i - (i % 10 === 9 ? 1 : 0)}`;
      const body = JSON.stringify({
        id,
        object: "event",
        type: "customer.created",
        created: Math.floor(Date.now() / 1000),
        data: { object: { id: "cus_x" } },
      });
      const header = stripe.webhooks.generateTestHeaderString({ payload: body, secret: STRIPE_WHSEC });
      return { headers: { "content-type": "application/json", "stripe-signature": header }, body };
    };
    const scenarios: Scenario[] = [
      { label: "baseline GET /api/health (SELECT 1)", rate: 200, path: "/api/health", method: "GET" },
      {
        label: "GET /api/v1/calls (first page of 25)",
        rate: 200,
        path: "/api/v1/calls",
        method: "GET",
        headers: { authorization: `Bearer ${secret}` },
      },
      {
        label: "POST /api/webhooks/livekit (10% duplicates)",
        rate: 500,
        path: "/api/webhooks/livekit",
        method: "POST",
        request: livekitEvent,
      },
      {
        label: "POST /api/webhooks/stripe (10% duplicates)",
        rate: 500,
        path: "/api/webhooks/stripe",
        method: "POST",
        request: stripeEvent,
      },
    ];
    // Warm-up: JIT, connection pool, Next's route compilation cache.
    for (const s of scenarios) {
      const b = s.request ? await s.request(1_000_000_000) : undefined;
      for (let i = 0; i < 50; i++)
        await fetch(`${base}${s.path}`, { method: s.method, headers: { ...s.headers, ...b?.headers }, body: b?.body });
    }
    const results: Outcome[] = [];
    for (const s of scenarios) {
      const r = await run(base, s);
      results.push(r);
      console.log(
        `${r.label.padEnd(46)} sent=${r.sent} 2xx=${r.ok} non2xx=${r.non2xx} errors=${r.errors} ` +
          `p50=${r.p50}ms p95=${r.p95}ms p99=${r.p99}ms rate=${r.rps.toFixed(0)}/s`,
      );
    }
    const [baseline, api, lk, st] = results as [Outcome, Outcome, Outcome, Outcome];
    const dedupedLk = await platformDb().processedWebhookEvent.count({ where: { provider: "livekit" } });
    const dedupedSt = await platformDb().processedWebhookEvent.count({ where: { provider: "stripe" } });
    const load2 = os.loadavg();
    console.log(
      `ratio to baseline p95: api ${(api.p95 / Math.max(1, baseline.p95)).toFixed(2)}×, livekit ${(lk.p95 / Math.max(1, baseline.p95)).toFixed(2)}×, stripe ${(st.p95 / Math.max(1, baseline.p95)).toFixed(2)}×`,
    );
    console.log(`distinct events stored: livekit ${dedupedLk}, stripe ${dedupedSt} (every 10th request a duplicate)`);
    console.log(
      `machine: ${os.cpus().length} cores; load average before ${load1.map((l) => l.toFixed(2)).join(" ")}, after ${load2.map((l) => l.toFixed(2)).join(" ")}`,
    );
    const misses = [
      api.errors + api.non2xx > 0 && "API errors",
      api.p95 > 100 && "API p95 > 100 ms",
      lk.errors + lk.non2xx > 0 && "LiveKit webhook errors",
      lk.rps < 500 * 0.98 && "LiveKit webhook < 500/s",
      st.errors + st.non2xx > 0 && "Stripe webhook errors",
      st.rps < 500 * 0.98 && "Stripe webhook < 500/s",
    ].filter(Boolean);
    console.log(misses.length ? `MISSED: ${misses.join(", ")}` : "all targets met");
    process.exitCode = misses.length ? 1 : 0;
  } finally {
    server?.kill("SIGTERM");
    await disconnectDb();
    await testDb.drop();
  }
}

void main();
