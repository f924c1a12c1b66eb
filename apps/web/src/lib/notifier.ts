// Member notifications' settings for this process: links to this app, the
// unsubscribe signing secret (AUTH_SECRET), the mailer and the SMS account.
import { createSmsSender, type NotifierDeps, smsConfigFromEnv } from "@articulate/notifications";
import { appUrl, env } from "@/env";
import { sendMail } from "@/lib/mail";

export function notifierDeps(): NotifierDeps {
  const e = env();
  const sms = smsConfigFromEnv(e);
  return {
    appUrl: appUrl(),
    unsubscribeSecret: e.AUTH_SECRET,
    mailer: { send: sendMail },
    sms: sms ? createSmsSender(sms) : null,
  };
}
