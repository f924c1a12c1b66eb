// pnpm --filter @articulate/billing usage:report
// Sends pending usage to Stripe as meter events once and enforces the billing
// grace period, then exits. The jobs process does both continuously
// (`billing.report-usage`, `billing.enforce-grace`); this is for operators.
import { disconnectDb } from "@articulate/db";
import { enforceBillingGrace } from "../dunning";
import { reportPendingUsage } from "../usage-reporting";

async function main(): Promise<void> {
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

main()
  .catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  })
  .finally(() => disconnectDb());
