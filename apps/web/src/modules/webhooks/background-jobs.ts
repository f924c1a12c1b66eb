// Background work of the web process, started from instrumentation.ts: tenant
// webhook delivery and post-call analysis. Both are database-driven and safe to
// run in every web instance at once (deliveries are claimed with SKIP LOCKED;
// an analysis result is written once), so scaling web out needs no leader.
// BACKGROUND_JOBS=off disables them here (e.g. when `pnpm --filter
// @articulate/webhooks deliver` runs as its own process instead).
import { analyzePendingCalls } from "@articulate/calls";
import { startWebhookDeliveryLoop } from "@articulate/webhooks";
import { sendMail } from "@/lib/mail";

const holder = globalThis as unknown as { __articulateJobs?: { stop(): Promise<void> } };

export function startBackgroundJobs(): void {
  if (process.env.BACKGROUND_JOBS === "off" || !process.env.DATABASE_URL || holder.__articulateJobs) return;
  const deliveries = startWebhookDeliveryLoop({
    intervalMs: Number(process.env.WEBHOOK_DELIVERY_INTERVAL_MS ?? 2000),
    // Owners hear about an auto-disabled endpoint by e-mail (SMTP, or the server log without it).
    notifyOwners: async (notice) => {
      for (const to of notice.to) await sendMail({ to, subject: notice.subject, text: notice.text });
    },
  });
  let running = false;
  const analysis = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await analyzePendingCalls({ limit: 10 });
    } catch (err) {
      console.error(JSON.stringify({ level: "error", msg: "call analysis run failed", error: String(err) }));
    } finally {
      running = false;
    }
  }, Number(process.env.ANALYSIS_INTERVAL_MS ?? 5000));
  analysis.unref?.();
  holder.__articulateJobs = {
    async stop() {
      clearInterval(analysis);
      await deliveries.stop();
    },
  };
}
