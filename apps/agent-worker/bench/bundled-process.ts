// The benchmarks' child processes (a fresh job process, a job process on a
// call, the inference process) run as production runs a job: compiled by the
// worker's production build (scripts/bundle-worker.ts), started with plain
// node (no TypeScript loader) and the environment the worker gives its job
// processes. Built once per benchmark run.
import { spawn } from "node:child_process";
import path from "node:path";
import { bundleWorkerEntries, WORKER_ROOT } from "../scripts/bundle-worker";
import { applyJobProcessEnv } from "../src/env";

const BENCH_BUILD_DIR = ".artifacts/bench-build";
const ENTRIES = [
  "bench/job-start.ts",
  "bench/raw-job-process.ts",
  "bench/voice-job-process.ts",
  "bench/eot-inference-process.ts",
  "bench/job-memory.ts",
];

let built: Promise<Record<string, string>> | undefined;

/** The bench entry points, bundled (once) like the worker's dist/: base name → .mjs path. */
export function benchBuild(): Promise<Record<string, string>> {
  built ??= bundleWorkerEntries(ENTRIES, BENCH_BUILD_DIR).then((r) => r.outputs);
  return built;
}

/** Runs a bundled bench entry with plain node and returns the JSON object on its last stdout line. */
export async function runBundled<T>(
  entry: string,
  options: { args?: string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<T> {
  const file = (await benchBuild())[entry];
  if (!file) throw new Error(`bench entry ${entry} is not built (known: ${ENTRIES.join(", ")})`);
  // The environment the worker gives its job processes (JOB_PROCESS_ENV, src/env.ts).
  const env = { ...(options.env ?? process.env) };
  applyJobProcessEnv(env);
  return new Promise((resolve, reject) => {
    // --expose-gc: the child settles its heap before it reads its idle memory.
    const child = spawn(process.execPath, ["--expose-gc", file, ...(options.args ?? [])], {
      cwd: WORKER_ROOT,
      env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("exit", (code) => {
      const last = out.trim().split("\n").at(-1) ?? "";
      if (code !== 0) return reject(new Error(`${path.basename(file)} exited ${code}: ${out.slice(-2000)}`));
      resolve(JSON.parse(last) as T);
    });
  });
}
