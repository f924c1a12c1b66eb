// Outgoing e-mail of the web app (verification, reset, invitations) through
// the one mailer (@articulate/mail): SMTP_URL, or printed to the server log.
import { createMailer, type Mailer, type OutgoingMail } from "@articulate/mail";
import { env } from "@/env";

export type { OutgoingMail } from "@articulate/mail";

let mailer: Mailer | undefined;

export async function sendMail(mail: OutgoingMail): Promise<void> {
  const e = env();
  mailer ??= createMailer({ smtpUrl: e.SMTP_URL, from: e.EMAIL_FROM });
  await mailer.send(mail);
}
