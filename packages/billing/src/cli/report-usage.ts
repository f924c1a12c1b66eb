// pnpm --filter @articulate/billing usage:report [--loop] [--interval-seconds 15]
// Sends pending usage to Stripe as meter events; with --loop keeps going (and
// enforces the billing grace period) until interrupted.
import { parseArgs } from "node:util";
import { disconnectDb } from "@articulate/db";
import { enforceBillingGrace } from "../dunning";
import { reportPendingUsage } from "../usage-reporting";

const { values } = parseArgs({
  options: { loop: { type: "boolean", default: false }, "interval-seconds": { type: "string", default: "15" } },
});
const intervalMs = Math.max(1, Number(values["interval-seconds"])) * 1000;
let stopping = false;
process.on("SIGINT", () => {
  stopping = true;
});
process.on("SIGTERM", () => {
  stopping = true;
});

async function once(): Promise<void> {
  const r = await reportPendingUsage();
  if (!r.configured) {
    console.log("Stripe is not configured (STRIPE_SECRET_KEY unset): usage stays recorded and pending.");
    return;
  }
  console.log(
    `claimed ${r.claimed}, reported ${r.reported} (already held by Stripe ${r.alreadyReported}), retrying ${r.retrying}, needs attention ${r.needsAttention}`,
  );
  const g = await enforceBillingGrace();
  if (g.suspended.length > 0) console.log(`suspended after grace: ${g.suspended.join(", ")}`);
}

async function main(): Promise<void> {
  await once();
  while (values.loop && !stopping) {
    await new Promise((r) => setTimeout(r, intervalMs));
    if (!stopping) await once();
  }
}

main()
  .catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  })
  .finally(() => disconnectDb());
