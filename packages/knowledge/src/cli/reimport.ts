// pnpm --filter @articulate/knowledge reimport [--days 7]
// Re-imports every website source not imported in the last N days (weekly
// refresh). Until the job system exists, schedule this (e.g. cron, weekly).
import { parseArgs } from "node:util";
import { disconnectDb } from "@articulate/db";
import { privateDestinationsBlocked } from "@articulate/webhooks";
import { reimportStaleWebsites } from "../importer";

const { values } = parseArgs({ options: { days: { type: "string", default: "7" } } });
const days = Number(values.days);
if (!Number.isFinite(days) || days < 0) {
  console.error("--days: a number of days, e.g. 7");
  process.exit(2);
}
try {
  const results = await reimportStaleWebsites({
    olderThanDays: days,
    allowPrivateAddresses: !privateDestinationsBlocked(),
  });
  for (const r of results) console.log(`${r.sourceId}: ${r.status}`);
  console.log(`re-imported ${results.length} website source(s)`);
} finally {
  await disconnectDb();
}
