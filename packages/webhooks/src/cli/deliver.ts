// `pnpm --filter @articulate/webhooks deliver`: sends every due delivery once and
// exits (the jobs process does this every few seconds; this is for operators).
import { disconnectDb } from "@articulate/db";
import { deliverDueWebhooks } from "../delivery";

deliverDueWebhooks()
  .then((summary) => console.log(JSON.stringify({ level: "info", msg: "webhook delivery run", ...summary })))
  .catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  })
  .finally(() => disconnectDb());
