// Time to first byte of the overview under the development server (pnpm --filter @articulate/web bench:dev-ttfb).
// Like `pnpm dev` (tools/dev.ts) minus the jobs process, agent worker and mail catcher: a fresh migrated database
// seeded with the demo tenant by the same seed (`tools/seed/cli.ts --if-empty`), then `next dev` (the web package's
// dev script, with BACKGROUND_JOBS=off as tools/dev.ts sets it) on a free port. Signs in as the demo owner through
// Auth.js's credentials endpoint, then times the overview's first request (the route compiles on demand) and
// REPEATS warm requests, with GET /api/health (one SELECT 1) as the raw baseline in the same run.
// Prints first-compile and warm p50/p95 TTFB, the ratio to the baseline, and the machine's load average.
// Needs TEST_DATABASE_URL or DATABASE_URL (a PostgreSQL server; a throwaway database is created and dropped).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createTestDatabase } from "@articulate/db/testing";

const REPEATS = Number(process.env.DEV_TTFB_REPEATS ?? 20);
const OWNER = { email: "owner@demo.articulate.local", password: "demo-owner-pass" };
const SLUG = "harbour-dental";
const webDir = path.resolve(import.meta.dirname, "..");
const root = path.resolve(webDir, "../..");

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

/** ms until the response's headers arrive (fetch resolves on headers), then the body is drained. */
async function ttfb(url: string, headers: Record<string, string> = {}): Promise<{ ms: number; status: number }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers, redirect: "manual" });
  const ms = performance.now() - t0;
  await res.arrayBuffer();
  return { ms, status: res.status };
}

/** `name=value` pairs from a response's Set-Cookie headers. */
function cookiesOf(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const i = pair?.indexOf("=") ?? -1;
    if (pair && i > 0) out[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return out;
}
const cookieHeader = (c: Record<string, string>) =>
  Object.entries(c)
    .map(([k, v]) => `${k}=${v}`)
    .join("; ");

async function signIn(base: string): Promise<string> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const jar = cookiesOf(csrfRes);
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: base, cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, ...OWNER, callbackUrl: `${base}/t/${SLUG}/overview` }),
  });
  Object.assign(jar, cookiesOf(res));
  if (!jar["authjs.session-token"])
    throw new Error(`sign-in failed (HTTP ${res.status} ${res.headers.get("location")})`);
  return cookieHeader(jar);
}

async function main() {
  const load1 = os.loadavg();
  const testDb = await createTestDatabase();
  let server: ChildProcess | undefined;
  try {
    const env = { ...process.env, DATABASE_URL: testDb.url, NEXT_TELEMETRY_DISABLED: "1" };
    const seed = spawnSync(process.execPath, ["--import", "tsx", "seed/cli.ts", "--if-empty"], {
      cwd: path.join(root, "tools"),
      env,
      stdio: ["ignore", "ignore", "inherit"],
    });
    if (seed.status !== 0) throw new Error(`seed failed (exit ${seed.status})`);

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const started = performance.now();
    server = spawn(path.join(webDir, "node_modules/.bin/next"), ["dev", "-p", String(port), "-H", "127.0.0.1"], {
      cwd: webDir,
      env: { ...env, NODE_ENV: "development", BACKGROUND_JOBS: "off" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    // Ready = the raw baseline answers (its first request also compiles /api/health).
    let healthFirst = 0;
    for (let i = 0; ; i++) {
      const t0 = performance.now();
      const ok = await fetch(`${base}/api/health`).then(
        async (r) => {
          await r.arrayBuffer();
          return r.ok;
        },
        () => false,
      );
      if (ok) {
        healthFirst = performance.now() - t0;
        break;
      }
      if (i > 600) throw new Error("next dev did not start within 5 minutes");
      await new Promise((r) => setTimeout(r, 500));
    }
    const readyMs = performance.now() - started;
    const cookie = await signIn(base);
    const overview = `${base}/t/${SLUG}/overview`;
    const first = await ttfb(overview, { cookie });
    if (first.status !== 200) throw new Error(`overview answered HTTP ${first.status} (not signed in?)`);
    const warm: number[] = [];
    const health: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      health.push((await ttfb(`${base}/api/health`)).ms);
      const r = await ttfb(overview, { cookie });
      if (r.status !== 200) throw new Error(`overview repeat answered HTTP ${r.status}`);
      warm.push(r.ms);
    }
    warm.sort((a, b) => a - b);
    health.sort((a, b) => a - b);
    const load2 = os.loadavg();
    const f = (n: number) => `${Math.round(n)} ms`;
    console.log(
      `next dev ready (first /api/health answered) after ${f(readyMs)}; that first health request ${f(healthFirst)}`,
    );
    console.log(`overview first request (compiles the route): ${f(first.ms)}`);
    console.log(`overview warm x${REPEATS}: p50 ${f(pct(warm, 50))}, p95 ${f(pct(warm, 95))}`);
    console.log(`baseline GET /api/health warm x${REPEATS}: p50 ${f(pct(health, 50))}, p95 ${f(pct(health, 95))}`);
    console.log(
      `ratio to baseline: p50 ${(pct(warm, 50) / Math.max(1, pct(health, 50))).toFixed(1)}x, p95 ${(pct(warm, 95) / Math.max(1, pct(health, 95))).toFixed(1)}x`,
    );
    console.log(
      `machine: ${os.cpus().length} cores; load average before ${load1.map((l) => l.toFixed(2)).join(" ")}, after ${load2.map((l) => l.toFixed(2)).join(" ")}`,
    );
  } finally {
    if (server && server.exitCode === null) {
      server.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 1000));
    }
    await testDb.drop();
  }
}

void main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
