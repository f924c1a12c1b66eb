// Child process for the memory benchmark: what one job process holds.
//   idle:   the job module and everything it imports (a warm, idle job process)
//   active: plus one call in progress (session, recorder, DB pool), sampled mid-call
import { disconnectDb } from "@articulate/db";

const mode = process.argv[2] ?? "idle";
const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;

async function main() {
  await import("../src/job");
  if (mode === "active") {
    const { simulateCall } = await import("../src/simulate-call");
    // Sample while the call runs: the recorder and session are live.
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    await simulateCall({ tenant: process.env.BENCH_TENANT ?? "", script: "message" });
    clearInterval(timer);
    global.gc?.();
    const m = process.memoryUsage();
    console.log(JSON.stringify({ rssMb: mb(Math.max(peak, m.rss)), heapMb: mb(m.heapUsed) }));
    await disconnectDb();
    return;
  }
  global.gc?.();
  const m = process.memoryUsage();
  console.log(JSON.stringify({ rssMb: mb(m.rss), heapMb: mb(m.heapUsed) }));
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
