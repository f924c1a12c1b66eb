// What each notification says: HTML + plain text e-mails and SMS text. Dates are
// shown in the tenant's timezone, Australian style (dd/mm/yyyy).
import { escapeHtml } from "@articulate/mail";
import { formatPhoneNumber } from "@articulate/telephony";

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

export function formatLocal(d: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-AU", {
    timeZone,
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "numeric",
    minute: "2-digit",
  }).format(d);
}

function layout(title: string, bodyHtml: string, unsubscribeUrl: string, why: string): string {
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#0f172a;max-width:600px;margin:0 auto;padding:16px">
<h1 style="font-size:18px">${escapeHtml(title)}</h1>
${bodyHtml}
<hr style="border:none;border-top:1px solid #e2e8f0;margin:24px 0">
<p style="font-size:12px;color:#64748b">${escapeHtml(why)} <a href="${escapeHtml(unsubscribeUrl)}">Unsubscribe</a> from these e-mails.</p>
</body></html>`;
}

export interface MessageForNotice {
  id: string;
  callerName: string;
  callbackNumber: string;
  reason: string;
  urgency: "URGENT" | "NORMAL";
  createdAt: Date;
}

export function renderMessageEmail(input: {
  tenantName: string;
  timeZone: string;
  message: MessageForNotice;
  summary: string | null;
  transcript: { speaker: string; text: string }[];
  messageUrl: string;
  unsubscribeUrl: string;
}): Rendered {
  const m = input.message;
  const urgent = m.urgency === "URGENT";
  const phone = formatPhoneNumber(m.callbackNumber);
  const subject = `${urgent ? "URGENT: " : ""}Message from ${m.callerName} – call back ${phone}`;
  const lines = input.transcript.slice(0, 6).map((t) => `${t.speaker === "CALLER" ? "Caller" : "Agent"}: ${t.text}`);
  const when = formatLocal(m.createdAt, input.timeZone);
  const text = [
    `${urgent ? "URGENT message" : "New message"} for ${input.tenantName}, taken ${when}.`,
    "",
    `Caller: ${m.callerName}`,
    `Call back: ${phone} (tel:${m.callbackNumber})`,
    `Urgency: ${urgent ? "urgent" : "normal"}`,
    `Reason: ${m.reason}`,
    "",
    `Call summary: ${input.summary ?? "not available yet"}`,
    ...(lines.length ? ["", "From the transcript:", ...lines] : []),
    "",
    `Open the message: ${input.messageUrl}`,
    "",
    `Unsubscribe from these e-mails: ${input.unsubscribeUrl}`,
  ].join("\n");
  const html = layout(
    `${urgent ? "Urgent message" : "New message"} from ${m.callerName}`,
    `<p>${urgent ? '<strong style="color:#b91c1c">URGENT</strong> · ' : ""}Taken ${escapeHtml(when)} for ${escapeHtml(input.tenantName)}</p>
<table style="font-size:14px;border-collapse:collapse">
<tr><td style="padding:2px 12px 2px 0;color:#64748b">Caller</td><td>${escapeHtml(m.callerName)}</td></tr>
<tr><td style="padding:2px 12px 2px 0;color:#64748b">Call back</td><td><a href="tel:${escapeHtml(m.callbackNumber)}">${escapeHtml(phone)}</a></td></tr>
<tr><td style="padding:2px 12px 2px 0;color:#64748b">Urgency</td><td>${urgent ? "Urgent" : "Normal"}</td></tr>
<tr><td style="padding:2px 12px 2px 0;color:#64748b">Reason</td><td>${escapeHtml(m.reason)}</td></tr>
</table>
<p><strong>Call summary:</strong> ${escapeHtml(input.summary ?? "not available yet")}</p>
${lines.length ? `<blockquote style="color:#334155;border-left:3px solid #cbd5e1;padding-left:8px">${lines.map(escapeHtml).join("<br>")}</blockquote>` : ""}
<p><a href="${escapeHtml(input.messageUrl)}" style="background:#4f46e5;color:#fff;padding:8px 14px;border-radius:6px;text-decoration:none">Open the message</a></p>`,
    input.unsubscribeUrl,
    "You get this e-mail because message notifications are on for you.",
  );
  return { subject, text, html };
}

export function renderCallEmail(input: {
  tenantName: string;
  timeZone: string;
  call: {
    id: string;
    fromNumber: string;
    startedAt: Date;
    billableSeconds: number;
    summary: string | null;
    outcome: string | null;
  };
  transcript: { speaker: string; text: string }[];
  callUrl: string;
  unsubscribeUrl: string;
}): Rendered {
  const c = input.call;
  const from = formatPhoneNumber(c.fromNumber);
  const when = formatLocal(c.startedAt, input.timeZone);
  const lines = input.transcript.slice(0, 6).map((t) => `${t.speaker === "CALLER" ? "Caller" : "Agent"}: ${t.text}`);
  const subject = `Call from ${from} (${Math.ceil(c.billableSeconds / 60)} min)`;
  const text = [
    `A call to ${input.tenantName} from ${from}, ${when}.`,
    `Summary: ${c.summary ?? "not available"}`,
    ...(lines.length ? ["", ...lines] : []),
    "",
    `Open the call: ${input.callUrl}`,
    "",
    `Unsubscribe from these e-mails: ${input.unsubscribeUrl}`,
  ].join("\n");
  const html = layout(
    `Call from ${from}`,
    `<p>${escapeHtml(when)} · ${escapeHtml(input.tenantName)}</p><p><strong>Summary:</strong> ${escapeHtml(c.summary ?? "not available")}</p>
${lines.length ? `<blockquote style="color:#334155;border-left:3px solid #cbd5e1;padding-left:8px">${lines.map(escapeHtml).join("<br>")}</blockquote>` : ""}
<p><a href="${escapeHtml(input.callUrl)}">Open the call</a></p>`,
    input.unsubscribeUrl,
    "You get this e-mail because you chose to hear about every call.",
  );
  return { subject, text, html };
}

export function renderMessageSms(tenantName: string, m: MessageForNotice, messageUrl: string): string {
  return `${m.urgency === "URGENT" ? "URGENT " : ""}${tenantName}: ${m.callerName} (${formatPhoneNumber(m.callbackNumber)}) – ${m.reason} ${messageUrl}`;
}

export interface DigestData {
  tenantName: string;
  date: string;
  urgent: MessageForNotice[];
  normal: MessageForNotice[];
  spamOrBlocked: { fromNumber: string; startedAt: Date }[];
  otherCalls: { fromNumber: string; startedAt: Date; summary: string | null }[];
  totalCalls: number;
}

export function renderDigestEmail(input: {
  data: DigestData;
  timeZone: string;
  inboxUrl: string;
  messageUrl: (id: string) => string;
  unsubscribeUrl: string;
}): Rendered {
  const d = input.data;
  const [y, m, day] = d.date.split("-");
  const dateLabel = `${day}/${m}/${y}`;
  const time = (at: Date) =>
    new Intl.DateTimeFormat("en-AU", { timeZone: input.timeZone, hour: "numeric", minute: "2-digit" }).format(at);
  const msgLine = (x: MessageForNotice) =>
    `${time(x.createdAt)} ${x.callerName} (${formatPhoneNumber(x.callbackNumber)}): ${x.reason}`;
  const sections: { title: string; lines: string[]; links?: string[] }[] = [
    {
      title: `Urgent messages (${d.urgent.length})`,
      lines: d.urgent.map(msgLine),
      links: d.urgent.map((x) => input.messageUrl(x.id)),
    },
    {
      title: `Messages (${d.normal.length})`,
      lines: d.normal.map(msgLine),
      links: d.normal.map((x) => input.messageUrl(x.id)),
    },
    {
      title: `Spam or blocked calls (${d.spamOrBlocked.length})`,
      lines: d.spamOrBlocked.map((c) => `${time(c.startedAt)} ${formatPhoneNumber(c.fromNumber)}`),
    },
    {
      title: `Other calls (${d.otherCalls.length})`,
      lines: d.otherCalls.map(
        (c) => `${time(c.startedAt)} ${formatPhoneNumber(c.fromNumber)}${c.summary ? `: ${c.summary}` : ""}`,
      ),
    },
  ];
  const quiet = d.totalCalls === 0 && d.urgent.length + d.normal.length === 0;
  const subject = quiet
    ? `${d.tenantName}: no calls on ${dateLabel}`
    : `${d.tenantName} on ${dateLabel}: ${d.totalCalls} call${d.totalCalls === 1 ? "" : "s"}, ${d.urgent.length + d.normal.length} message${d.urgent.length + d.normal.length === 1 ? "" : "s"}${d.urgent.length ? ` (${d.urgent.length} urgent)` : ""}`;
  const text = [
    `Daily digest for ${d.tenantName}, ${dateLabel}.`,
    quiet ? "\nNo calls today." : "",
    ...sections.flatMap((s) =>
      s.lines.length
        ? ["", s.title, ...s.lines.map((l, i) => `- ${l}${s.links?.[i] ? ` ${s.links[i]}` : ""}`)]
        : ["", `${s.title}: none`],
    ),
    "",
    `Open your inbox: ${input.inboxUrl}`,
    "",
    `Unsubscribe from the daily digest: ${input.unsubscribeUrl}`,
  ].join("\n");
  const html = layout(
    `Daily digest · ${dateLabel}`,
    `${quiet ? "<p><strong>No calls today.</strong></p>" : ""}${sections
      .map(
        (s) =>
          `<h2 style="font-size:15px;margin-top:16px">${escapeHtml(s.title)}</h2>${
            s.lines.length
              ? `<ul>${s.lines.map((l, i) => `<li>${s.links?.[i] ? `<a href="${escapeHtml(s.links[i] as string)}">${escapeHtml(l)}</a>` : escapeHtml(l)}</li>`).join("")}</ul>`
              : '<p style="color:#64748b">None.</p>'
          }`,
      )
      .join("")}<p><a href="${escapeHtml(input.inboxUrl)}">Open your inbox</a></p>`,
    input.unsubscribeUrl,
    "You get this digest once a day at the time you chose.",
  );
  return { subject, text, html };
}

export type BookingChange = "new" | "moved" | "cancelled";

export interface BookingForNotice {
  change: BookingChange;
  appointmentTypeName: string;
  startsAt: Date;
  callerName: string;
  callerPhone: string;
  reason: string | null;
  /** Made by the receptionist on a call (else by the team in the dashboard). */
  fromCall: boolean;
}

const BOOKING_HEADLINE: Record<BookingChange, string> = {
  new: "New booking",
  moved: "Booking moved",
  cancelled: "Booking cancelled",
};

/** A booking made, moved or cancelled, for the business's members. */
export function renderBookingEmail(input: {
  tenantName: string;
  timeZone: string;
  booking: BookingForNotice;
  bookingsUrl: string;
  unsubscribeUrl: string;
}): Rendered {
  const b = input.booking;
  const when = formatLocal(b.startsAt, input.timeZone);
  const phone = formatPhoneNumber(b.callerPhone);
  const headline = BOOKING_HEADLINE[b.change];
  const subject = `${headline}: ${b.appointmentTypeName}, ${when} – ${b.callerName}`;
  const by = b.fromCall ? "by your receptionist on a call" : "in the dashboard";
  const text = [
    `${headline} for ${input.tenantName} (${by}).`,
    "",
    `Appointment: ${b.appointmentTypeName}`,
    `${b.change === "cancelled" ? "Was on" : "When"}: ${when}`,
    `Name: ${b.callerName}`,
    `Phone: ${phone}`,
    ...(b.reason ? [`Reason: ${b.reason}`] : []),
    "",
    `Open bookings: ${input.bookingsUrl}`,
    "",
    `Unsubscribe from these e-mails: ${input.unsubscribeUrl}`,
  ].join("\n");
  const html = layout(
    `${headline}: ${b.appointmentTypeName}`,
    `<p>${escapeHtml(input.tenantName)} · ${escapeHtml(by)}</p>
<table style="font-size:14px;border-collapse:collapse">
<tr><td style="padding:2px 12px 2px 0;color:#64748b">${b.change === "cancelled" ? "Was on" : "When"}</td><td>${escapeHtml(when)}</td></tr>
<tr><td style="padding:2px 12px 2px 0;color:#64748b">Name</td><td>${escapeHtml(b.callerName)}</td></tr>
<tr><td style="padding:2px 12px 2px 0;color:#64748b">Phone</td><td><a href="tel:${escapeHtml(b.callerPhone)}">${escapeHtml(phone)}</a></td></tr>
${b.reason ? `<tr><td style="padding:2px 12px 2px 0;color:#64748b">Reason</td><td>${escapeHtml(b.reason)}</td></tr>` : ""}
</table>
<p><a href="${escapeHtml(input.bookingsUrl)}">Open bookings</a></p>`,
    input.unsubscribeUrl,
    "You get this e-mail because message notifications are on for you.",
  );
  return { subject, text, html };
}

const CALENDAR_NAMES = { GOOGLE: "Google Calendar", CALCOM: "Cal.com" } as const;

/** To owners and admins: the business's calendar connection stopped working, and how to fix it. */
export function renderCalendarBrokenEmail(input: {
  tenantName: string;
  timeZone: string;
  provider: keyof typeof CALENDAR_NAMES;
  /** The owner-language reason stored on the connection. */
  reason: string | null;
  brokenAt: Date;
  bookingsUrl: string;
  unsubscribeUrl: string;
}): Rendered {
  const name = CALENDAR_NAMES[input.provider];
  const since = formatLocal(input.brokenAt, input.timeZone);
  const subject = `Action needed: ${name} stopped working for ${input.tenantName}`;
  const reason =
    input.reason ??
    `${name} stopped accepting our access. Until you reconnect it, your receptionist takes booking requests as messages.`;
  const fix = "To fix it, reconnect it on the Bookings page.";
  const text = [
    `${name} stopped working for ${input.tenantName} at ${since}.`,
    "",
    reason,
    "",
    fix,
    "",
    `Reconnect: ${input.bookingsUrl}`,
    "",
    `Unsubscribe from these e-mails: ${input.unsubscribeUrl}`,
  ].join("\n");
  const html = layout(
    `${name} stopped working`,
    `<p>${escapeHtml(input.tenantName)} · since ${escapeHtml(since)}</p>
<p>${escapeHtml(reason)}</p>
<p>${escapeHtml(fix)}</p>
<p><a href="${escapeHtml(input.bookingsUrl)}">Reconnect on the Bookings page</a></p>`,
    input.unsubscribeUrl,
    "You get this e-mail because you manage this business and instant e-mails are on for you.",
  );
  return { subject, text, html };
}

const spokenWhen = (d: Date, timeZone: string) =>
  new Intl.DateTimeFormat("en-AU", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "numeric",
    minute: "2-digit",
  }).format(d);

/**
 * The caller's confirmation text. Australian sender rules: it names the
 * business first, and ends with a way to opt out (a reply when the sender is a
 * number that can receive one; otherwise the business's number to call).
 */
export function renderBookingSms(input: {
  tenantName: string;
  timeZone: string;
  booking: Pick<BookingForNotice, "change" | "appointmentTypeName" | "startsAt">;
  /** The business's number the caller rang, to call about changes. */
  businessNumber: string | null;
  /** The sender is a phone number (replies reach the provider), not an alphanumeric ID. */
  senderTakesReplies: boolean;
}): string {
  const b = input.booking;
  const when = spokenWhen(b.startsAt, input.timeZone);
  const what =
    b.change === "cancelled"
      ? `your ${b.appointmentTypeName} on ${when} is cancelled.`
      : b.change === "moved"
        ? `your ${b.appointmentTypeName} is moved to ${when}.`
        : `your ${b.appointmentTypeName} is booked for ${when}.`;
  const call = input.businessNumber ? ` To change it, call ${formatPhoneNumber(input.businessNumber)}.` : "";
  const optOut = input.senderTakesReplies
    ? " Reply STOP to opt out."
    : input.businessNumber
      ? ` To stop these texts, call ${formatPhoneNumber(input.businessNumber)}.`
      : ` To stop these texts, tell ${input.tenantName}.`;
  return `${input.tenantName}: ${what}${b.change === "cancelled" ? "" : call}${optOut}`;
}
