// pnpm --filter @articulate/telephony reconcile [--tenant <id> ...]
// Brings LiveKit in line with the database and prints what it changed.
import { disconnectDb } from "@articulate/db";
import { TelephonyError } from "../errors";
import { formatReconcileSummary, reconcile } from "../reconcile";

async function main(): Promise<number> {
  try {
    const args = process.argv.slice(2);
    const tenantIds = args.flatMap((a, i) => (a === "--tenant" && args[i + 1] ? [args[i + 1]!] : []));
    const summary = await reconcile(tenantIds.length ? { tenantIds } : {});
    console.log(formatReconcileSummary(summary));
    return summary.errors.length ? 2 : 0;
  } catch (e) {
    console.error(e instanceof TelephonyError ? e.message : e);
    return 1;
  } finally {
    await disconnectDb();
  }
}

process.exitCode = await main();
