// The agents server's options from the worker's environment. Kept apart from
// main.ts so the mapping is tested: ServerOptions reads a 0 as "unset" for
// some fields (numIdleProcesses = 0 || default), which we correct here.
import { ServerOptions } from "@livekit/agents";
import type { WorkerEnv } from "./env";

export function serverOptionsFor(env: WorkerEnv, agentFile: string): ServerOptions {
  const options = new ServerOptions({
    agent: agentFile,
    // Explicit dispatch only ("receptionist"): rules and test-call tokens name it.
    agentName: env.LIVEKIT_AGENT_NAME,
    wsURL: env.LIVEKIT_URL,
    apiKey: env.LIVEKIT_API_KEY,
    apiSecret: env.LIVEKIT_API_SECRET,
    // Health: GET / → 200 (503 when unhealthy), GET /worker → JSON status.
    port: env.AGENT_WORKER_PORT,
    loadThreshold: env.AGENT_LOAD_THRESHOLD,
    jobMemoryWarnMB: env.AGENT_JOB_MEMORY_WARN_MB,
    jobMemoryLimitMB: env.AGENT_JOB_MEMORY_LIMIT_MB,
    drainTimeout: env.AGENT_DRAIN_TIMEOUT_MS,
    numIdleProcesses: env.AGENT_IDLE_PROCESSES,
    production: true,
  });
  // `numIdleProcesses || default` turns an explicit 0 (no warm processes: small hosts) into the default.
  options.numIdleProcesses = env.AGENT_IDLE_PROCESSES;
  return options;
}
