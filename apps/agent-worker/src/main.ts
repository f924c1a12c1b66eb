// Agent worker process: registers with LiveKit as "receptionist" (explicit
// dispatch only) and runs one job process per call. Without LiveKit
// credentials it says so and stays idle, so `pnpm dev` works out of the box.
// SIGTERM/SIGINT drain: no new jobs, calls in progress finish (drainTimeout).
import { fileURLToPath } from "node:url";
import { livekitMissing, prepareJobProcessEnvironment, env as workerEnv } from "./env";
import { createLogger } from "./log";
import { voicePipelineProblem } from "./voice-pipeline";

// By path: each job process imports it; the main process never loads the call code.
// Next to this file: src/job.ts under tsx (dev), dist/job.mjs in the production build.
const JOB_ENTRY_FILE = fileURLToPath(
  new URL(import.meta.url.endsWith(".ts") ? "./job.ts" : "./job.mjs", import.meta.url),
);

const log = createLogger({ component: "agent-worker" });
const env = workerEnv();

const missing = livekitMissing(env);
if (missing) {
  log.warn(missing);
  // Stay idle (not exit) under `pnpm dev` so the dev runner keeps its children; exit 0 on a signal.
  const idle = setInterval(() => {}, 1 << 30);
  const stop = () => {
    clearInterval(idle);
    process.exit(0);
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
} else {
  const problem = voicePipelineProblem(env);
  if (problem) {
    log.error(`agent worker cannot start: ${problem.message}`, { setting: problem.setting });
    process.exit(1);
  }
  if (process.argv.length < 3) process.argv.push("start");
  log.info("agent worker starting", {
    agentName: env.LIVEKIT_AGENT_NAME,
    url: env.LIVEKIT_URL,
    healthPort: env.AGENT_WORKER_PORT,
  });
  const { cli } = await import("@livekit/agents");
  const { serverOptionsFor } = await import("./worker-options");
  prepareJobProcessEnvironment();
  cli.runApp(serverOptionsFor(env, JOB_ENTRY_FILE));
}
