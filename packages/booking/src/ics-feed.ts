// The business's bookings as an iCalendar feed its owner subscribes to from a
// phone calendar. The URL is unguessable: it carries an HMAC of the tenant id
// under a per-business secret, so rotating the secret revokes every old link.
import crypto from "node:crypto";
import { forTenant } from "@articulate/db";

const FEED_PAST_DAYS = 30;
const FEED_FUTURE_DAYS = 365;

async function feedSecret(tenantId: string): Promise<string> {
  const row = await forTenant(tenantId).bookingCalendar.upsert({
    where: { tenantId },
    create: { tenantId, feedSecret: crypto.randomBytes(32).toString("base64url") },
    update: {},
    select: { feedSecret: true },
  });
  return row.feedSecret;
}

const sign = (tenantId: string, secret: string) =>
  crypto.createHmac("sha256", secret).update(`ics-feed:${tenantId}`).digest("base64url");

/** The feed's path (the web app prefixes its own origin). */
export async function bookingFeedPath(tenantId: string): Promise<string> {
  return `/api/calendar/${encodeURIComponent(tenantId)}/${sign(tenantId, await feedSecret(tenantId))}.ics`;
}

/** A new secret: every link handed out before stops working. */
export async function rotateBookingFeed(tenantId: string): Promise<string> {
  await forTenant(tenantId).bookingCalendar.upsert({
    where: { tenantId },
    create: { tenantId, feedSecret: crypto.randomBytes(32).toString("base64url") },
    update: { feedSecret: crypto.randomBytes(32).toString("base64url") },
  });
  return bookingFeedPath(tenantId);
}

/** Escapes a TEXT value (RFC 5545 §3.3.11). */
function icsText(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
}

/** Folds a content line at 75 octets, never inside a UTF-8 sequence (§3.1). */
function fold(line: string): string {
  const out: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    if (octets + size > (out.length === 0 ? 75 : 74)) {
      out.push(current);
      current = "";
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join("\r\n ");
}

const icsTime = (d: Date) => `${d.toISOString().replace(/[-:]/g, "").slice(0, 15)}Z`;

export interface FeedBooking {
  id: string;
  startsAt: Date;
  endsAt: Date;
  callerName: string;
  callerPhone: string;
  reason: string | null;
  appointmentType: string;
  updatedAt: Date;
}

/** An iCalendar document of the given bookings. */
export function renderIcs(calendarName: string, bookings: readonly FeedBooking[], now = new Date()): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Articulate//Bookings//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${icsText(calendarName)}`,
  ];
  for (const b of bookings) {
    lines.push(
      "BEGIN:VEVENT",
      `UID:${b.id}@bookings.articulate`,
      `DTSTAMP:${icsTime(now)}`,
      `LAST-MODIFIED:${icsTime(b.updatedAt)}`,
      `DTSTART:${icsTime(b.startsAt)}`,
      `DTEND:${icsTime(b.endsAt)}`,
      `SUMMARY:${icsText(`${b.appointmentType}: ${b.callerName}`)}`,
      `DESCRIPTION:${icsText(`Phone: ${b.callerPhone}${b.reason ? `\nReason: ${b.reason}` : ""}`)}`,
      "STATUS:CONFIRMED",
      "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return `${lines.map(fold).join("\r\n")}\r\n`;
}

/**
 * The feed for a tenant id and token from a URL, or null when the token is not
 * that business's (wrong, old or for another business): the caller answers 404.
 */
export async function bookingFeed(tenantId: string, token: string, now = new Date()): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(tenantId) || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const tdb = forTenant(tenantId);
  const calendar = await tdb.bookingCalendar.findFirst({
    where: { tenantId },
    select: { feedSecret: true, tenant: { select: { name: true } } },
  });
  if (!calendar) return null;
  const expected = Buffer.from(sign(tenantId, calendar.feedSecret));
  const given = Buffer.from(token);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return null;
  const rows = await tdb.booking.findMany({
    where: {
      tenantId,
      status: "CONFIRMED",
      startsAt: {
        gte: new Date(now.getTime() - FEED_PAST_DAYS * 86_400_000),
        lt: new Date(now.getTime() + FEED_FUTURE_DAYS * 86_400_000),
      },
    },
    include: { appointmentType: { select: { name: true } } },
    orderBy: { startsAt: "asc" },
    take: 5_000,
  });
  return renderIcs(
    `${calendar.tenant.name} bookings`,
    rows.map((b) => ({ ...b, appointmentType: b.appointmentType.name })),
    now,
  );
}
