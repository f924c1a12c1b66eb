// The web process also runs the background jobs (the @articulate/jobs catalog
// on pg-boss) unless BACKGROUND_JOBS=off, which leaves them to the `jobs`
// process (`pnpm dev` and docker compose run that one instead). Any number of
// processes may run the catalog at once: pg-boss hands each job to one of them.
import { recordingStorageConfig } from "@articulate/config";
import { jobCatalog, startJobRunner } from "@articulate/jobs";
import { env } from "@/env";
import { sendMail } from "@/lib/mail";
import { notifierDeps } from "@/lib/notifier";

const holder = globalThis as unknown as { __articulateJobs?: Promise<unknown> };

export function startBackgroundJobs(): void {
  const e = env();
  if (e.BACKGROUND_JOBS === "off" || holder.__articulateJobs) return;
  holder.__articulateJobs = startJobRunner({
    databaseUrl: e.DATABASE_URL,
    jobs: jobCatalog({ sendMail, notifier: notifierDeps(), recordings: recordingStorageConfig(e) }),
  }).catch((err: unknown) => {
    console.error(JSON.stringify({ level: "error", msg: "background jobs did not start", error: String(err) }));
  });
}
