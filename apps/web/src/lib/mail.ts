// Outgoing e-mail: SMTP when SMTP_URL is configured, otherwise printed to the
// server log so a local user can still follow verification and reset links.
import nodemailer from "nodemailer";
import { env } from "@/env";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

export async function sendMail(mail: OutgoingMail): Promise<void> {
  const e = env();
  if (!e.SMTP_URL) {
    console.log(
      `[mail] (SMTP not configured; printing instead)\nTo: ${mail.to}\nSubject: ${mail.subject}\n\n${mail.text}\n[mail] end`,
    );
    return;
  }
  const transport = nodemailer.createTransport(e.SMTP_URL);
  await transport.sendMail({ from: e.EMAIL_FROM, ...mail });
}
