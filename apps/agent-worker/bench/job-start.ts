// Child process for bench:voice: how long a new job process takes to become
// ready (import the job module, run its prewarm: Silero VAD), and its memory.
import { JobProcess } from "@livekit/agents";

const t0 = performance.now();
const job = (await import("../src/job")).default;
await job.prewarm?.(new JobProcess());
const ms = Math.round(performance.now() - t0);
global.gc?.();
console.log(JSON.stringify({ ms, rssMb: Math.round(process.memoryUsage().rss / 2 ** 20) }));
process.exit(0);
