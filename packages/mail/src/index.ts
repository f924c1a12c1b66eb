// @articulate/mail: the one way the product sends e-mail. nodemailer to
// SMTP_URL; without it (a developer machine with no mail catcher) the message
// is printed to the log so links stay usable. Sending throws when the server
// refuses, so callers (jobs) retry rather than lose the message.
import nodemailer, { type Transporter } from "nodemailer";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
  /** Stable Message-ID (without <>), so a resend after a crash is recognisably the same message. */
  messageId?: string;
}

export interface MailerConfig {
  /** smtp:// or smtps:// URL; unset → print to the log. */
  smtpUrl?: string;
  from: string;
  /** Pool connections (many messages per connection); default true. */
  pool?: boolean;
  log?: (line: string) => void;
}

export interface Mailer {
  readonly configured: boolean;
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export function createMailer(config: MailerConfig): Mailer {
  const log = config.log ?? ((line: string) => console.log(line));
  let transport: Transporter | undefined;
  const transporter = (): Transporter => {
    if (!transport) {
      const url = new URL(config.smtpUrl as string);
      if (config.pool !== false) url.searchParams.set("pool", "true");
      transport = nodemailer.createTransport(url.toString());
    }
    return transport;
  };
  return {
    configured: !!config.smtpUrl,
    async send(mail) {
      if (!config.smtpUrl) {
        log(
          `[mail] (SMTP not configured; printing instead)\nTo: ${mail.to}\nSubject: ${mail.subject}\n\n${mail.text}\n[mail] end`,
        );
        return;
      }
      await transporter().sendMail({
        from: config.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html ? { html: mail.html } : {}),
        ...(mail.headers ? { headers: mail.headers } : {}),
        ...(mail.messageId ? { messageId: `<${mail.messageId}>` } : {}),
      });
    },
    close() {
      transport?.close();
      transport = undefined;
    },
  };
}

/** Escapes text for HTML e-mail bodies. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
