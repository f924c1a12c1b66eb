// Every background job of the product, in one list. To add one, write an
// idempotent function in its domain package and add an entry here (see
// docs/jobs.md): name, schedule, retry policy, and the call. Nothing else.
import { enforceBillingGrace, reportPendingUsage } from "@articulate/billing";
import { analyzePendingCalls, endIdleTextChats, purgeExpiredTranscripts } from "@articulate/calls";
import type { RecordingStorageConfig } from "@articulate/config";
import { reimportStaleWebsites } from "@articulate/knowledge";
import {
  deliverNotification,
  fanOutNotifications,
  type NotifierDeps,
  planDigests,
  textBookingCallers,
} from "@articulate/notifications";
import { purgeExpiredRecordings, RecordingStorage } from "@articulate/recordings";
import { deliverDueWebhooks } from "@articulate/webhooks";
import { z } from "zod";
import { defineJob, type RegisteredJob, type RetryPolicy } from "./definition";

/** What jobs need from the process that runs them (configured at its entry point). */
export interface JobDependencies {
  /** Sends one e-mail now; throws when the mail server refuses. */
  sendMail(mail: { to: string; subject: string; text: string; html?: string }): Promise<void>;
  /** Mailer, SMS sender and link settings for member notifications. */
  notifier: NotifierDeps;
  /** Where call recordings live; null when recordings are off on this installation. */
  recordings?: RecordingStorageConfig | null;
}

/** Notification sends: 30 s, then doubling to at most 30 min, 6 retries (~1 h) before FAILED. */
export const NOTIFICATION_RETRY: RetryPolicy = { limit: 6, delaySeconds: 30, backoff: true, maxDelaySeconds: 1800 };

/** Messages and calls claimed per fan-out transaction. */
const FAN_OUT_BATCH = 200;

const sweepRetry = { limit: 3, delaySeconds: 5, backoff: true, maxDelaySeconds: 120 } as const;

export function jobCatalog(deps: JobDependencies, options: { notificationRetry?: RetryPolicy } = {}): RegisteredJob[] {
  return [
    defineJob({
      name: "webhooks.deliver-due",
      description: "Sends due tenant webhook deliveries (own backoff per delivery: 30 s doubling, 12 attempts)",
      everySeconds: 2,
      retry: sweepRetry,
      expireInSeconds: 120,
      async run() {
        // Keep going while batches come back full so a backlog drains within one run.
        for (let i = 0; i < 20; i++) {
          const summary = await deliverDueWebhooks({
            limit: 100,
            notifyOwners: async (notice) => {
              for (const to of notice.to) await deps.sendMail({ to, subject: notice.subject, text: notice.text });
            },
          });
          if (summary.claimed < 100) return summary;
        }
      },
    }),
    defineJob({
      name: "calls.analyze-pending",
      description: "Summarises finished calls and classifies their outcome (OpenAI-compatible API)",
      everySeconds: 5,
      retry: sweepRetry,
      expireInSeconds: 300,
      run: () => analyzePendingCalls({ limit: 10 }),
    }),
    defineJob({
      name: "calls.end-idle-chats",
      description: "Ends dashboard text chats with an agent that have been idle for 15 minutes",
      everySeconds: 60,
      retry: sweepRetry,
      expireInSeconds: 120,
      run: () => endIdleTextChats(),
    }),
    defineJob({
      name: "billing.report-usage",
      description: "Reports rated call minutes to Stripe as meter events (no-op without Stripe)",
      everySeconds: 10,
      retry: sweepRetry,
      expireInSeconds: 300,
      run: () => reportPendingUsage(),
    }),
    defineJob({
      name: "billing.enforce-grace",
      description: "Suspends tenants whose failed-payment grace period has ended",
      everySeconds: 60,
      retry: sweepRetry,
      run: () => enforceBillingGrace(),
    }),
    defineJob({
      name: "notifications.fan-out",
      description: "Turns new messages, finished calls and booking changes into per-member e-mail/SMS deliveries",
      // Every second: the wait before a message's e-mail is queued is part of its delivery time.
      everySeconds: 1,
      retry: sweepRetry,
      async run(_data, ctx) {
        // Keep claiming while batches come back full, so a burst is fanned out in one run
        // (not one batch per 2-second slot); each batch's sends are enqueued in one statement.
        let deliveries = 0;
        for (let i = 0; i < 50; i++) {
          const batch = await fanOutNotifications(deps.notifier, { limit: FAN_OUT_BATCH });
          await ctx.sendMany(
            "notifications.deliver",
            batch.deliveryIds.map((deliveryId) => ({ deliveryId })),
          );
          deliveries += batch.deliveryIds.length;
          if (!batch.more) break;
        }
        return { deliveries };
      },
    }),
    defineJob({
      name: "notifications.booking-texts",
      description: "Texts callers their booking when it is made, moved or cancelled (when SMS is configured)",
      everySeconds: 5,
      retry: sweepRetry,
      expireInSeconds: 300,
      run: () => textBookingCallers(deps.notifier),
    }),
    defineJob({
      name: "notifications.plan-digests",
      description: "Writes each member's daily digest once their local digest time has passed (once per day)",
      everySeconds: 60,
      retry: sweepRetry,
      async run(_data, ctx) {
        const ids = await planDigests();
        await ctx.sendMany(
          "notifications.deliver",
          ids.map((deliveryId) => ({ deliveryId })),
        );
        return { digests: ids.length };
      },
    }),
    defineJob({
      name: "notifications.deliver",
      description:
        "Sends one notification (e-mail or SMS); a failure is retried with backoff, then shown to the member",
      data: z.object({ deliveryId: z.string().min(1).max(64) }),
      retry: options.notificationRetry ?? NOTIFICATION_RETRY,
      concurrency: 20,
      expireInSeconds: 120,
      run: ({ deliveryId }, ctx) => deliverNotification(deliveryId, deps.notifier, { finalAttempt: ctx.finalAttempt }),
    }),
    defineJob({
      name: "retention.purge",
      description: "Deletes transcripts and messages older than each agent's retention setting (audited)",
      cron: { expression: "30 3 * * *", tz: "Australia/Sydney" },
      retry: { limit: 3, delaySeconds: 300, backoff: true },
      expireInSeconds: 3600,
      run: () => purgeExpiredTranscripts(),
    }),
    defineJob({
      name: "recordings.purge",
      description: "Deletes recordings past their agent's retention from storage and marks them deleted",
      cron: { expression: "45 3 * * *", tz: "Australia/Sydney" },
      retry: { limit: 3, delaySeconds: 300, backoff: true },
      expireInSeconds: 3600,
      async run() {
        if (!deps.recordings) return { skipped: "recordings are not configured" };
        const storage = new RecordingStorage(deps.recordings);
        try {
          const result = await purgeExpiredRecordings({ storage });
          // Objects that could not be deleted stay due; failing the run retries them with backoff.
          if (result.failed > 0) throw new Error(`${result.failed} recordings could not be deleted`);
          return result;
        } finally {
          storage.destroy();
        }
      },
    }),
    defineJob({
      name: "knowledge.reimport-websites",
      description: "Re-imports each agent's website knowledge once a week",
      cron: { expression: "0 4 * * 1", tz: "Australia/Sydney" },
      retry: { limit: 2, delaySeconds: 600, backoff: true },
      expireInSeconds: 3600,
      run: () => reimportStaleWebsites({ olderThanDays: 7 }),
    }),
  ];
}
