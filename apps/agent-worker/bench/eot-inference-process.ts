// Child process for the job-memory benchmark: the worker's inference process,
// which holds LiveKit's local end-of-turn model once per host and answers the
// job processes' inference requests over IPC.
import { pathToFileURL } from "node:url";
import { eotRunnerFile } from "../test/audio/audio-call";

interface Runner {
  initialize(): Promise<void>;
  run(data: unknown): Promise<unknown>;
}

const { default: EotRunner } = (await import(pathToFileURL(eotRunnerFile()).href)) as { default: new () => Runner };
const runner = new EotRunner();
await runner.initialize();
process.on("message", (m: { id: number; data?: unknown; rss?: true }) => {
  if (m.rss) {
    process.send?.({ id: m.id, rssMb: Math.round(process.memoryUsage().rss / 2 ** 20) });
    return;
  }
  runner.run(m.data).then(
    (result) => process.send?.({ id: m.id, result }),
    (err: unknown) => process.send?.({ id: m.id, error: String(err) }),
  );
});
process.send?.({ ready: true });
