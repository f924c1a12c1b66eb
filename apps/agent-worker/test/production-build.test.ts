// The worker's production build (scripts/bundle-worker.ts → `node dist/main.mjs`):
// the job processes it forks run plain node (no TypeScript loader), with the
// job-process environment, and load the built job module and its prewarm.
// LiveKit is an address nobody answers: the worker keeps retrying, and its
// pool of warm job processes starts regardless, which is what is checked.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleWorkerEntries, WORKER_ROOT } from "../scripts/bundle-worker";
import { applyJobProcessEnv, JOB_PROCESS_ENV } from "../src/env";

const BUILD_DIR = ".artifacts/build-test";

/** A TCP port that was free a moment ago (for the health server, and as a LiveKit address that refuses). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

interface ProcInfo {
  pid: number;
  argv: string[];
  env: Record<string, string>;
}

/** Processes whose parent is `ppid`, read from /proc (Linux). */
function childrenOf(ppid: number): ProcInfo[] {
  const found: ProcInfo[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // stat: "pid (comm) state ppid …"; comm may hold spaces, so read after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (parent !== ppid) continue;
      const argv = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").filter(Boolean);
      const env = Object.fromEntries(
        readFileSync(`/proc/${entry}/environ`, "utf8")
          .split("\0")
          .filter(Boolean)
          .map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
      );
      found.push({ pid: Number(entry), argv, env });
    } catch {
      // Gone between readdir and read.
    }
  }
  return found;
}

describe("job-process environment", () => {
  it("sets what is unset and keeps an operator's own value", () => {
    const operator: NodeJS.ProcessEnv = { MALLOC_ARENA_MAX: "4" };
    applyJobProcessEnv(operator);
    expect(operator.MALLOC_ARENA_MAX).toBe("4");
    const fresh: NodeJS.ProcessEnv = {};
    applyJobProcessEnv(fresh);
    expect(fresh).toEqual(JOB_PROCESS_ENV);
  });
});

describe("production build", () => {
  let outputs: Record<string, string>;
  let worker: ChildProcess | undefined;
  let out = "";

  beforeAll(async () => {
    ({ outputs } = await bundleWorkerEntries(["src/main.ts", "src/job.ts"], BUILD_DIR));
  }, 60_000);

  afterAll(async () => {
    if (!worker?.pid || worker.exitCode !== null) return;
    // SIGTERM: the worker drains (no calls) and closes its job and inference processes; the group kill after
    // 15 s makes sure none outlives the test.
    const exited = new Promise((r) => worker?.once("exit", r));
    worker.kill("SIGTERM");
    const timer = setTimeout(() => worker?.pid && process.kill(-worker.pid, "SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  }, 30_000);

  it("runs job processes on plain node with the job-process environment, and they load the built job module", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.MALLOC_ARENA_MAX;
    delete env.NODE_OPTIONS;
    Object.assign(env, {
      LIVEKIT_URL: `ws://127.0.0.1:${await freePort()}`,
      LIVEKIT_API_KEY: "build-test-key",
      LIVEKIT_API_SECRET: "build-test-secret-build-test-secret",
      OPENAI_API_KEY: "sk-build-test",
      AGENT_IDLE_PROCESSES: "1",
      AGENT_WORKER_PORT: String(await freePort()),
    });
    // Plain node, as `pnpm start` and the image run it; debug logs show the job process's prewarm finishing.
    worker = spawn(process.execPath, [outputs.main as string, "start", "--log-level", "debug"], {
      cwd: WORKER_ROOT,
      env,
      detached: true, // its own process group, so cleanup can reach the processes it forks
    });
    worker.stdout?.on("data", (d) => (out += d));
    worker.stderr?.on("data", (d) => (out += d));
    const pid = worker.pid as number;

    let job: ProcInfo | undefined;
    await expect
      .poll(
        () => {
          job = childrenOf(pid).find((p) => p.argv.some((a) => a.endsWith("job_proc_lazy_main.js")));
          return job;
        },
        { timeout: 30_000, interval: 200 },
      )
      .toBeDefined();
    const argv = job?.argv ?? [];
    expect(argv.at(-1)).toBe(path.resolve(WORKER_ROOT, BUILD_DIR, "job.mjs"));
    expect(argv.join(" ")).not.toMatch(/tsx|--import|--loader/);
    expect(job?.env.MALLOC_ARENA_MAX).toBe(JOB_PROCESS_ENV.MALLOC_ARENA_MAX);

    // The job process imported dist's job module (a valid agent) and ran its prewarm (Silero VAD).
    await expect.poll(() => out, { timeout: 60_000, interval: 250 }).toContain("job runner initialized");
    expect(out).not.toContain("Unable to load agent");
    // Native libraries it has mapped: the VAD's onnxruntime, and not sharp (libvips), which @livekit/agents
    // imports for video frames only; patches/@livekit__agents@1.9.0.patch makes that import lazy (~17 MB a call).
    const maps = readFileSync(`/proc/${job?.pid}/maps`, "utf8");
    expect(maps).toMatch(/onnxruntime/);
    expect(maps).not.toMatch(/sharp|libvips/);

    // And it stops on SIGTERM (agents exits 143 = 128 + SIGTERM once drained), taking its processes with it.
    const children = childrenOf(pid).map((p) => p.pid);
    const code = await new Promise<number | null>((r) => {
      worker?.once("exit", (c) => r(c));
      worker?.kill("SIGTERM");
    });
    expect([0, 143]).toContain(code);
    await expect.poll(() => children.filter((c) => existsSync(`/proc/${c}`)), { timeout: 15_000 }).toEqual([]);
  }, 120_000);
});
