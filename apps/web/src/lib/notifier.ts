// Member notifications' settings for this process: links to this app, the
// unsubscribe signing secret (AUTH_SECRET), the mailer and the SMS account.
import { createSmsSender, type NotifierDeps, type SmsApiBases, smsConfigFromEnv } from "@articulate/notifications";
import { appUrl, env } from "@/env";
import { sendMail } from "@/lib/mail";

/** Where Twilio's and Telnyx's APIs live (businesses' own SMS accounts use them too). */
export function smsApiBases(): SmsApiBases {
  const e = env();
  return { twilio: e.TWILIO_API_BASE, telnyx: e.TELNYX_API_BASE };
}

export function notifierDeps(): NotifierDeps {
  const e = env();
  const sms = smsConfigFromEnv(e);
  return {
    appUrl: appUrl(),
    unsubscribeSecret: e.AUTH_SECRET,
    mailer: { send: sendMail },
    sms: sms ? createSmsSender(sms) : null,
    smsApiBases: smsApiBases(),
  };
}
