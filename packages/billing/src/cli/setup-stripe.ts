// pnpm --filter @articulate/billing stripe:setup
// Creates (or finds) the Stripe meter, products and prices and records their ids. Safe to re-run.
import { disconnectDb } from "@articulate/db";
import { setupStripeCatalog } from "../catalog";
import { requireStripe } from "../stripe-client";

async function main(): Promise<void> {
  const result = await setupStripeCatalog(requireStripe());
  for (const c of result.created) console.log(`created ${c}`);
  for (const r of result.reused) console.log(`exists  ${r}`);
  console.log(`meter ${result.meterId}`);
  for (const [plan, ids] of Object.entries(result.prices))
    console.log(`${plan}: base ${ids.basePriceId}, minutes ${ids.minutesPriceId}`);
}

main()
  .catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  })
  .finally(() => disconnectDb());
