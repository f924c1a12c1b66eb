// The agent worker's environment, validated with zod. env() parses once and
// logs each disabled feature once; featureFlags() says which providers are set.
// Every variable is documented in .env.example.
import {
  analysisEnvShape,
  databaseUrlVar,
  type FeatureFlags,
  livekitEnvShape,
  logLevelVar,
  nodeEnvVar,
  parseEnv,
  recordingsFeature,
  reportDisabledFeatures,
  s3EnvShape,
  sharedSettingsShape,
} from "@articulate/config";
import { z } from "zod";

export const workerEnvSchema = z.object({
  NODE_ENV: nodeEnvVar,
  DATABASE_URL: databaseUrlVar,
  ...livekitEnvShape,
  ...analysisEnvShape,
  DEEPGRAM_API_KEY: z.string().optional(),
  /** Deepgram's streaming endpoint (default wss://api.deepgram.com); tests point the real plugin at a local fake. */
  DEEPGRAM_BASE_URL: z.string().url().optional(),
  ELEVENLABS_API_KEY: z.string().optional(),
  LOG_LEVEL: logLevelVar,
  ...sharedSettingsShape,
  /** Worker health server: GET / → 200 (503 when unhealthy), GET /worker → JSON. */
  AGENT_WORKER_PORT: z.coerce.number().int().min(0).max(65535).default(8081),
  /** Stop taking jobs above this CPU load (0..1). */
  AGENT_LOAD_THRESHOLD: z.coerce.number().min(0.05).max(1).default(0.75),
  /** A job process (one call) above this is killed; warn from AGENT_JOB_MEMORY_WARN_MB. */
  AGENT_JOB_MEMORY_LIMIT_MB: z.coerce.number().int().min(128).default(700),
  AGENT_JOB_MEMORY_WARN_MB: z.coerce.number().int().min(64).default(500),
  /** How long SIGTERM waits for calls in progress to end before exiting. */
  AGENT_DRAIN_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(30 * 60_000),
  /** Warm job processes kept ready (each ≈275 MB RSS idle, docs/benchmarks.md); 0 = start one per call. */
  AGENT_IDLE_PROCESSES: z.coerce.number().int().min(0).max(16).default(2),
  ...s3EnvShape,
});

export const workerFeatures = {
  livekit: {
    label: "LiveKit (the worker cannot take calls)",
    vars: ["LIVEKIT_URL", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET"],
  },
  openai: { label: "OpenAI (LLM)", vars: ["OPENAI_API_KEY"] },
  deepgram: { label: "Deepgram (speech-to-text)", vars: ["DEEPGRAM_API_KEY"] },
  elevenlabs: { label: "ElevenLabs (text-to-speech)", vars: ["ELEVENLABS_API_KEY"] },
  recordings: recordingsFeature,
} as const;

export type WorkerFeature = keyof typeof workerFeatures;
export type WorkerEnv = z.infer<typeof workerEnvSchema>;

/** Parses an environment (process.env by default); throws EnvError naming each bad variable. */
export function parseWorkerEnv(source: Record<string, string | undefined> = process.env): {
  env: WorkerEnv;
  features: FeatureFlags<WorkerFeature>;
} {
  return parseEnv("agent-worker", workerEnvSchema, workerFeatures, source);
}

let cached: ReturnType<typeof parseWorkerEnv> | undefined;

function load() {
  if (!cached) {
    cached = parseWorkerEnv();
    reportDisabledFeatures("agent-worker", cached.features);
  }
  return cached;
}

/** The validated environment (parsed on first use; disabled features are logged once). */
export function env(): WorkerEnv {
  return load().env;
}

export function featureFlags(): FeatureFlags<WorkerFeature> {
  return load().features;
}

/** Null when the worker can connect to LiveKit; otherwise the message to log. */
export function livekitMissing(e: WorkerEnv): string | null {
  return e.LIVEKIT_URL && e.LIVEKIT_API_KEY && e.LIVEKIT_API_SECRET
    ? null
    : "agent worker disabled: set LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET";
}

/** LiveKit Cloud projects (*.livekit.cloud) can use LiveKit Inference model strings. */
export function isLiveKitCloud(e: WorkerEnv): boolean {
  return !!e.LIVEKIT_URL && /\.livekit\.cloud(:\d+)?(\/|$)/.test(e.LIVEKIT_URL);
}

/**
 * The environment every job process (one per call) starts with. @livekit/agents forks its job and inference
 * processes with the worker's own environment, so the worker sets this on itself before the server starts.
 * `MALLOC_ARENA_MAX=2`: glibc otherwise keeps a malloc arena per thread (rtc-node's and onnxruntime's threads each
 * get one), holding freed native memory as resident pages: ~20 MB less per job process on a call, no measurable
 * CPU or latency cost (docs/benchmarks.md). V8 flags were measured too and not taken: `--optimize-for-size` saved
 * ~40 MB more but cost ~60 % more CPU per call. An operator's own value is kept.
 */
export const JOB_PROCESS_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: "2" };

export function applyJobProcessEnv(env: NodeJS.ProcessEnv): void {
  for (const [name, value] of Object.entries(JOB_PROCESS_ENV)) env[name] ??= value;
}

/** The worker's own environment, before its server forks the first job process (they inherit it). */
export function prepareJobProcessEnvironment(): void {
  applyJobProcessEnv(process.env);
}
