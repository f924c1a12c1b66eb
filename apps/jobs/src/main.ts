// The jobs process: runs every background job of the product (the catalog in
// @articulate/jobs) on pg-boss. Start as many as you like; they share the work.
import { DEV_AUTH_SECRET, recordingStorageConfig } from "@articulate/config";
import { disconnectDb } from "@articulate/db";
import { jobCatalog, startJobRunner } from "@articulate/jobs";
import { createMailer } from "@articulate/mail";
import { createSmsSender, smsConfigFromEnv } from "@articulate/notifications";
import { parseJobsEnv } from "./env";

function log(level: "info" | "warn" | "error", msg: string, fields?: Record<string, unknown>) {
  const line = JSON.stringify({ level, time: new Date().toISOString(), msg, ...fields });
  if (level === "info") console.log(line);
  else console.error(line);
}

async function main() {
  const { env } = parseJobsEnv();
  const mailer = createMailer({ smtpUrl: env.SMTP_URL, from: env.EMAIL_FROM });
  const sms = smsConfigFromEnv(env);
  const runner = await startJobRunner({
    databaseUrl: env.DATABASE_URL,
    jobs: jobCatalog({
      sendMail: (mail) => mailer.send(mail),
      notifier: {
        appUrl: env.APP_URL,
        unsubscribeSecret: env.AUTH_SECRET ?? DEV_AUTH_SECRET,
        mailer,
        sms: sms ? createSmsSender(sms) : null,
        smsApiBases: { twilio: env.TWILIO_API_BASE, telnyx: env.TELNYX_API_BASE },
      },
      recordings: recordingStorageConfig(env),
    }),
    pollingIntervalSeconds: env.JOBS_POLL_SECONDS,
    log,
  });
  log("info", "jobs process started");
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log("info", "jobs process stopping");
    await runner.stop();
    mailer.close();
    await disconnectDb();
    process.exit(0);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stop());
}

main().catch((err) => {
  log("error", "jobs process failed to start", { error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
