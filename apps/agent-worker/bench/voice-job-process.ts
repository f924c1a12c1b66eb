// Child process for bench:voice: one job process on one audio call, to
// measure what a job holds while a call is in progress. As in a worker, the
// end-of-turn model runs in a separate inference process (forked here and
// reached over IPC), and the job process imports the job module and runs its
// prewarm (Silero VAD). The call is one corpus call with realistic provider
// delays through the audio harness (DATABASE_URL: the parent's scratch database).
// Runs from the production build (bench/bundled-process.ts), never under tsx.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { disconnectDb } from "@articulate/db";
import { initializeLogger, type ipc, JobProcess, type VAD } from "@livekit/agents";
import { ms, prepareCallerSpeech, startAudioCall } from "../test/audio/audio-call";
import { BARGE_IN, CORPUS } from "../test/audio/corpus";
import { AFTER_TOOL, RECEPTIONIST_RULES } from "../test/audio/receptionist-script";
import { REALISTIC_DELAYS } from "../test/audio/stand-ins";
import { createReceptionTenant, OPEN_TUESDAY } from "../test/fixtures";

initializeLogger({ pretty: false, level: "error" });
const rssMb = () => Math.round(process.memoryUsage().rss / 2 ** 20);

const job = (await import("../src/job")).default;
const proc = new JobProcess();
await job.prewarm?.(proc);
global.gc?.();
const idleMb = rssMb();

// Its sibling in the bench build (bench/bundled-process.ts), plain node like the worker's inference process.
const inference = fork(fileURLToPath(new URL("./eot-inference-process.mjs", import.meta.url)), [], {
  execArgv: [],
  serialization: "advanced",
});
const pending = new Map<number, (m: { result?: unknown; error?: string; rssMb?: number }) => void>();
let nextId = 0;
const ask = (msg: { data?: unknown; rss?: true }) =>
  new Promise<{ result?: unknown; error?: string; rssMb?: number }>((resolve) => {
    const id = nextId++;
    pending.set(id, resolve);
    inference.send({ id, ...msg });
  });
await new Promise<void>((resolve) =>
  inference.on("message", (m: { id?: number; ready?: true; result?: unknown; error?: string; rssMb?: number }) => {
    if (m.ready) resolve();
    else if (m.id !== undefined) {
      pending.get(m.id)?.(m);
      pending.delete(m.id);
    }
  }),
);
const executor: ipc.InferenceExecutor = {
  doInference: async (_method, data) => {
    const r = await ask({ data });
    if (r.error) throw new Error(r.error);
    return r.result;
  },
};

// BENCH_CALL_INDEX picks the corpus call (runs of this process vary it).
const script = CORPUS[Number(process.env.BENCH_CALL_INDEX ?? 0) % CORPUS.length]!;
await prepareCallerSpeech([...script.flatMap((t) => t.parts), BARGE_IN.question, BARGE_IN.over]);
const fixture = await createReceptionTenant("bench-job-memory");
const beforeCallMb = rssMb();
let peakMb = beforeCallMb;
/** Where the memory is at the peak: V8 heap, off-heap (Buffers and native allocations V8 knows of). */
let atPeak = process.memoryUsage();
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  if (m.rss / 2 ** 20 > peakMb) {
    peakMb = Math.round(m.rss / 2 ** 20);
    atPeak = m;
  }
}, 20);
const call = await startAudioCall({
  fixture,
  at: OPEN_TUESDAY,
  rules: RECEPTIONIST_RULES,
  afterTool: AFTER_TOOL,
  delays: REALISTIC_DELAYS,
  executor,
  vad: proc.userData.vad as VAD,
  name: "bench-job-memory",
});
const cpuBefore = process.cpuUsage();
/** Caller's last voiced sample → agent's first audio, per turn (as bench:voice measures it): the build and its environment must not cost latency. */
const turnLatencyMs: number[] = [];
await call.line.agentFinished(500, 60_000);
for (const turn of script) {
  await call.line.wait(300);
  let last = await call.say(turn.parts[0]);
  if (turn.parts[1]) {
    await call.line.wait(400);
    last = await call.say(turn.parts[1]);
  }
  await call.line.agentFinished(500, 60_000);
  const reply = call.line.agentAudioAfter(last.lastVoiced);
  if (reply) turnLatencyMs.push(ms(reply.start - last.lastVoiced));
}
await call.say(BARGE_IN.question);
await call.line.until(() => call.line.agentSpeaking, 30_000, "the long answer");
await call.line.wait(1_000);
await call.say(BARGE_IN.over);
await call.line.agentFinished(500, 60_000);
call.hangUp();
await call.finish();
clearInterval(sampler);
const cpu = process.cpuUsage(cpuBefore);
const inferenceMb = (await ask({ rss: true })).rssMb;
inference.kill();
await disconnectDb();
const toMb = (n: number) => Math.round(n / 2 ** 20);
console.log(
  JSON.stringify({
    idleMb,
    beforeCallMb,
    peakMb,
    peakHeapUsedMb: toMb(atPeak.heapUsed),
    peakHeapTotalMb: toMb(atPeak.heapTotal),
    peakExternalMb: toMb(atPeak.external),
    afterCallMb: rssMb(),
    inferenceMb,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    turnLatencyMs,
  }),
);
process.exit(0);
