// `pnpm --filter @articulate/webhooks deliver`: runs the delivery loop in its own
// process (an alternative to the loop the web app starts; both can run at once).
import { disconnectDb } from "@articulate/db";
import { startWebhookDeliveryLoop } from "../delivery";

const loop = startWebhookDeliveryLoop({ intervalMs: Number(process.env.WEBHOOK_DELIVERY_INTERVAL_MS ?? 2000) });
console.log(JSON.stringify({ level: "info", msg: "webhook delivery loop started" }));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    await loop.stop();
    await disconnectDb();
    process.exit(0);
  });
}
