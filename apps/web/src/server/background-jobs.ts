// Background work of the web process, started from instrumentation.ts: tenant
// webhook delivery, post-call analysis, Stripe usage reporting and billing
// grace enforcement. All are database-driven and safe to run in every web
// instance at once (deliveries and usage records are claimed with row locks;
// an analysis result or a suspension is written once), so scaling web out
// needs no leader. BACKGROUND_JOBS=off disables them here (run the packages'
// CLIs, e.g. `usage:report --loop`, as their own processes instead).
import { enforceBillingGrace, reportPendingUsage } from "@articulate/billing";
import { analyzePendingCalls } from "@articulate/calls";
import { startWebhookDeliveryLoop } from "@articulate/webhooks";
import { webLogger } from "@/lib/log";
import { sendMail } from "@/lib/mail";

const holder = globalThis as unknown as { __articulateJobs?: { stop(): Promise<void> } };

/** Runs `job` every `intervalMs`, never overlapping itself; failures are logged, not thrown. */
function every(name: string, intervalMs: number, job: () => Promise<unknown>): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await job();
    } catch (err) {
      webLogger().error({ job: name, err }, `${name} failed`);
    } finally {
      running = false;
    }
  }, intervalMs);
  timer.unref?.();
  return () => clearInterval(timer);
}

export function startBackgroundJobs(): void {
  if (process.env.BACKGROUND_JOBS === "off" || !process.env.DATABASE_URL || holder.__articulateJobs) return;
  const deliveries = startWebhookDeliveryLoop({
    intervalMs: Number(process.env.WEBHOOK_DELIVERY_INTERVAL_MS ?? 2000),
    // Owners hear about an auto-disabled endpoint by e-mail (SMTP, or the server log without it).
    notifyOwners: async (notice) => {
      for (const to of notice.to) await sendMail({ to, subject: notice.subject, text: notice.text });
    },
  });
  const stops = [
    every("call analysis run", Number(process.env.ANALYSIS_INTERVAL_MS ?? 5000), () =>
      analyzePendingCalls({ limit: 10 }),
    ),
    // Without Stripe configured reportPendingUsage returns at once (usage stays rated locally).
    every("usage reporting run", Number(process.env.USAGE_REPORT_INTERVAL_MS ?? 10_000), () => reportPendingUsage()),
    every("billing grace run", Number(process.env.BILLING_GRACE_INTERVAL_MS ?? 60_000), () => enforceBillingGrace()),
  ];
  holder.__articulateJobs = {
    async stop() {
      for (const stop of stops) stop();
      await deliveries.stop();
    },
  };
}
