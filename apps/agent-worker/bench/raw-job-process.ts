// Child process for bench:voice: the raw baseline for job-process memory, the
// least any @livekit/agents job process holds: the framework imported and the
// Silero VAD loaded, none of Articulate's code. Run like the job process
// (production build, plain node, the job-process environment).
import { JobProcess } from "@livekit/agents";
import * as silero from "@livekit/agents-plugin-silero";

const proc = new JobProcess();
proc.userData.vad = await silero.VAD.load();
global.gc?.();
console.log(JSON.stringify({ rssMb: Math.round(process.memoryUsage().rss / 2 ** 20) }));
process.exit(0);
