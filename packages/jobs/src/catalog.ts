// Every background job of the product, in one list. To add one, write an
// idempotent function in its domain package and add an entry here (see
// docs/jobs.md): name, schedule, retry policy, and the call. Nothing else.
import { enforceBillingGrace, reportPendingUsage } from "@articulate/billing";
import { analyzePendingCalls } from "@articulate/calls";
import { deliverDueWebhooks } from "@articulate/webhooks";
import { defineJob, type RegisteredJob } from "./definition";

/** What jobs need from the process that runs them (configured at its entry point). */
export interface JobDependencies {
  /** Sends one e-mail now; throws when the mail server refuses. */
  sendMail(mail: { to: string; subject: string; text: string; html?: string }): Promise<void>;
}

const sweepRetry = { limit: 3, delaySeconds: 5, backoff: true, maxDelaySeconds: 120 } as const;

export function jobCatalog(deps: JobDependencies): RegisteredJob[] {
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
  ];
}
