// Turning messages, calls and days into notifications, and sending them.
//  - fanOutNotifications: claims new messages and finished calls (SKIP LOCKED,
//    so any number of job processes may run it) and writes one
//    NotificationDelivery per member and channel they asked for. Test calls
//    notify nobody.
//    Also claims broken calendar connections (Google Calendar, Cal.com): one
//    e-mail per break to each owner and admin.
//  - planDigests: once a member's local digest time has passed today, writes
//    that day's digest delivery; its dedupe key (member, business, local date)
//    makes it exactly once however many processes plan at once.
//  - deliverNotification: sends one delivery. Membership and preferences are
//    checked again at send time, so a removed member or a turned-off topic
//    stops at once. Failures are recorded and rethrown (the job retries with
//    backoff); after the last attempt the delivery is FAILED, shown in settings.
import { type Prisma, platformDb, type Role } from "@articulate/db";
import type { Mailer } from "@articulate/mail";
import { localClock, localMidnight, minutesOf, nextDate } from "./local-time";
import { type EffectivePreferences, effectivePreferences, notificationAddress } from "./preferences";
import {
  type BookingChange,
  type DigestData,
  type MessageForNotice,
  renderBookingEmail,
  renderCalendarBrokenEmail,
  renderCallEmail,
  renderDigestEmail,
  renderMessageEmail,
  renderMessageSms,
} from "./render";
import type { SmsApiBases, SmsSender } from "./sms";
import { tenantSmsSender, tenantsWithSmsAccount } from "./sms-account";
import { type UnsubscribeTopic, unsubscribeToken } from "./unsubscribe";

export interface NotifierDeps {
  appUrl: string;
  /** Signs unsubscribe links (the web app verifies them with the same secret). */
  unsubscribeSecret: string;
  mailer: Pick<Mailer, "send">;
  /** The platform's SMS sender; null when none is configured (then only businesses with their own account get texts). */
  sms: SmsSender | null;
  /** Where Twilio's and Telnyx's APIs live, for businesses' own SMS accounts (default: the real ones). */
  smsApiBases?: SmsApiBases;
}

/** A finished call's notification waits this long for its analysis summary, then goes without it. */
const CALL_SUMMARY_WAIT_MS = 2 * 60_000;
/** A planned digest is only sent within this many minutes after its time (not hours late after an outage). */
const DIGEST_WINDOW_MINUTES = 180;

interface Recipient {
  tenantId: string;
  userId: string;
  role: Role;
  /** Their notification address (chosen override, else sign-in address). */
  email: string;
  prefs: EffectivePreferences;
}

async function recipients(tenantIds: string[]): Promise<Map<string, Recipient[]>> {
  if (tenantIds.length === 0) return new Map();
  // Platform work across the tenants just claimed.
  const members = await platformDb().membership.findMany({
    where: { tenantId: { in: tenantIds } },
    select: { tenantId: true, userId: true, role: true, user: { select: { email: true } } },
  });
  // platformDb(): Fan-out job: preferences of several tenants at once (the ids come from the batch).
  const prefs = await platformDb().notificationPreference.findMany({ where: { tenantId: { in: tenantIds } } });
  const byKey = new Map(prefs.map((p) => [`${p.tenantId}:${p.userId}`, p]));
  const out = new Map<string, Recipient[]>();
  for (const m of members) {
    const list = out.get(m.tenantId) ?? [];
    const p = effectivePreferences(m.role, byKey.get(`${m.tenantId}:${m.userId}`) ?? null);
    list.push({
      tenantId: m.tenantId,
      userId: m.userId,
      role: m.role,
      email: notificationAddress(p, m.user.email),
      prefs: p,
    });
    out.set(m.tenantId, list);
  }
  return out;
}

type Kind = "MESSAGE" | "CALL" | "DIGEST" | "BOOKING" | "CALENDAR_BROKEN";
type Channel = "EMAIL" | "SMS";

/** Whether these preferences want this notification (also re-checked at send time). */
export function wants(
  prefs: EffectivePreferences,
  kind: Kind,
  channel: Channel,
  urgency: "URGENT" | "NORMAL" | null,
): boolean {
  if (kind === "DIGEST") return channel === "EMAIL" && prefs.digestEnabled;
  if (channel === "SMS") {
    if (kind !== "MESSAGE" || !prefs.smsNumber) return false;
    return prefs.smsMode === "ALL_MESSAGES" || (prefs.smsMode === "URGENT_MESSAGES" && urgency === "URGENT");
  }
  if (kind === "CALL") return prefs.emailMode === "ALL_CALLS";
  // A broken calendar connection: everyone who gets instant e-mails at all (only owners and admins can fix it).
  if (kind === "CALENDAR_BROKEN") return prefs.emailMode !== "NONE";
  // Bookings go to everyone who hears about every message (they are the good news of a call).
  if (kind === "BOOKING") return prefs.emailMode === "ALL_MESSAGES" || prefs.emailMode === "ALL_CALLS";
  return (
    prefs.emailMode === "ALL_MESSAGES" ||
    prefs.emailMode === "ALL_CALLS" ||
    (prefs.emailMode === "URGENT_MESSAGES" && urgency === "URGENT")
  );
}

type DeliveryRow = Prisma.NotificationDeliveryCreateManyInput;

/**
 * Claims up to `limit` new messages and finished calls and writes their deliveries.
 * Returns the ids of deliveries to send (new ones, plus any never attempted that
 * were left behind by a process that died before enqueueing them), and whether a
 * batch came back full (call again: there is probably more).
 */
export async function fanOutNotifications(
  deps: Pick<NotifierDeps, "sms">,
  opts: { now?: Date; limit?: number } = {},
): Promise<{ deliveryIds: string[]; more: boolean }> {
  const now = opts.now ?? new Date();
  const limit = opts.limit ?? 200;
  let more = false;
  // platformDb(): Fan-out job: claims pending events across every tenant.
  const created = await platformDb().$transaction(async (tx) => {
    const messages = await tx.$queryRaw<
      { id: string; tenantId: string; urgency: "URGENT" | "NORMAL"; isTest: boolean | null }[]
    >`
      UPDATE "Message" m SET "notifiedAt" = ${now}
      FROM (SELECT id FROM "Message" WHERE "notifiedAt" IS NULL ORDER BY "createdAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED) due
      WHERE m.id = due.id
      RETURNING m.id, m."tenantId", m.urgency,
        (SELECT c."isTest" FROM "Call" c WHERE c.id = m."callId") AS "isTest"`;
    const summaryDeadline = new Date(now.getTime() - CALL_SUMMARY_WAIT_MS);
    const calls = await tx.$queryRaw<{ id: string; tenantId: string; isTest: boolean; hasMessage: boolean }[]>`
      UPDATE "Call" c SET "notifiedAt" = ${now}
      FROM (
        SELECT id FROM "Call"
        WHERE "notifiedAt" IS NULL AND "endedAt" IS NOT NULL
          AND ("analysisStatus" <> 'PENDING' OR "endedAt" < ${summaryDeadline})
        ORDER BY "endedAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED
      ) due
      WHERE c.id = due.id
      RETURNING c.id, c."tenantId", c."isTest",
        EXISTS (SELECT 1 FROM "Message" m WHERE m."callId" = c.id) AS "hasMessage"`;
    const bookings = await tx.$queryRaw<{ id: string; tenantId: string; changeSeq: number; isTest: boolean | null }[]>`
      UPDATE "Booking" b SET "noticePending" = false
      FROM (SELECT id FROM "Booking" WHERE "noticePending" ORDER BY "updatedAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED) due
      WHERE b.id = due.id
      RETURNING b.id, b."tenantId", b."changeSeq",
        (SELECT c."isTest" FROM "Call" c WHERE c.id = b."callId") AS "isTest"`;
    const brokenCalendars = await tx.$queryRaw<{ tenantId: string; brokenAt: Date }[]>`
      UPDATE "BookingCalendar" bc SET "brokenNoticePending" = false
      FROM (SELECT id FROM "BookingCalendar" WHERE "brokenNoticePending" LIMIT ${limit} FOR UPDATE SKIP LOCKED) due
      WHERE bc.id = due.id AND bc."connectionBrokenAt" IS NOT NULL
      RETURNING bc."tenantId", bc."connectionBrokenAt" AS "brokenAt"`;
    more =
      messages.length === limit ||
      calls.length === limit ||
      bookings.length === limit ||
      brokenCalendars.length === limit;
    const tenants = [...new Set([...messages, ...calls, ...bookings, ...brokenCalendars].map((r) => r.tenantId))];
    const [who, ownSms] = await Promise.all([recipients(tenants), tenantsWithSmsAccount(tenants)]);
    const rows: DeliveryRow[] = [];
    for (const m of messages) {
      // Test calls (browser chat/voice, simulate-call) never notify anyone.
      if (m.isTest) continue;
      for (const r of who.get(m.tenantId) ?? []) {
        if (wants(r.prefs, "MESSAGE", "EMAIL", m.urgency)) {
          rows.push({
            tenantId: m.tenantId,
            userId: r.userId,
            channel: "EMAIL",
            kind: "MESSAGE",
            messageId: m.id,
            destination: r.email,
            dedupeKey: `message:${m.id}:${r.userId}:EMAIL`,
          });
        }
        const canText = !!deps.sms || ownSms.has(m.tenantId);
        if (canText && r.prefs.smsNumber && wants(r.prefs, "MESSAGE", "SMS", m.urgency)) {
          rows.push({
            tenantId: m.tenantId,
            userId: r.userId,
            channel: "SMS",
            kind: "MESSAGE",
            messageId: m.id,
            destination: r.prefs.smsNumber,
            dedupeKey: `message:${m.id}:${r.userId}:SMS`,
          });
        }
      }
    }
    for (const c of calls) {
      // A call that produced a message is announced by the message e-mail.
      if (c.isTest || c.hasMessage) continue;
      for (const r of who.get(c.tenantId) ?? []) {
        if (!wants(r.prefs, "CALL", "EMAIL", null)) continue;
        rows.push({
          tenantId: c.tenantId,
          userId: r.userId,
          channel: "EMAIL",
          kind: "CALL",
          callId: c.id,
          destination: r.email,
          dedupeKey: `call:${c.id}:${r.userId}:EMAIL`,
        });
      }
    }
    for (const b of bookings) {
      // A booking made on a test call is the owner trying it out: nobody is told.
      if (b.isTest) continue;
      for (const r of who.get(b.tenantId) ?? []) {
        if (!wants(r.prefs, "BOOKING", "EMAIL", null)) continue;
        rows.push({
          tenantId: b.tenantId,
          userId: r.userId,
          channel: "EMAIL",
          kind: "BOOKING",
          bookingId: b.id,
          destination: r.email,
          // One e-mail per change of the booking.
          dedupeKey: `booking:${b.id}:${b.changeSeq}:${r.userId}:EMAIL`,
        });
      }
    }
    for (const c of brokenCalendars) {
      for (const r of who.get(c.tenantId) ?? []) {
        if (r.role === "MEMBER" || !wants(r.prefs, "CALENDAR_BROKEN", "EMAIL", null)) continue;
        rows.push({
          tenantId: c.tenantId,
          userId: r.userId,
          channel: "EMAIL",
          kind: "CALENDAR_BROKEN",
          destination: r.email,
          // One e-mail per break (a reconnect and a later break is a new one).
          dedupeKey: `calendar-broken:${c.tenantId}:${c.brokenAt.getTime()}:${r.userId}:EMAIL`,
        });
      }
    }
    if (rows.length === 0) return [];
    const inserted = await tx.notificationDelivery.createManyAndReturn({
      data: rows,
      skipDuplicates: true,
      select: { id: true },
    });
    return inserted.map((r) => r.id);
  });
  // Never-attempted deliveries older than 10 minutes: their enqueue was lost (a crash after commit).
  const stale = await platformDb().$queryRaw<{ id: string }[]>`
    UPDATE "NotificationDelivery" SET "updatedAt" = ${now}
    WHERE id IN (
      SELECT id FROM "NotificationDelivery"
      WHERE status = 'PENDING' AND attempts = 0 AND "updatedAt" < ${new Date(now.getTime() - 10 * 60_000)}
      ORDER BY "createdAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED
    ) RETURNING id`;
  return { deliveryIds: [...created, ...stale.map((r) => r.id)], more: more || stale.length === limit };
}

/** Writes today's digest delivery for every member whose digest time has passed (local time). */
export async function planDigests(opts: { now?: Date } = {}): Promise<string[]> {
  const now = opts.now ?? new Date();
  // Platform work: every membership with its tenant's timezone and saved preferences.
  const members = await platformDb().membership.findMany({
    select: {
      tenantId: true,
      userId: true,
      role: true,
      user: { select: { email: true } },
      tenant: { select: { timezone: true, status: true } },
    },
  });
  // platformDb(): Digest planning job: preferences across every tenant.
  const prefs = await platformDb().notificationPreference.findMany({
    select: {
      tenantId: true,
      userId: true,
      digestEnabled: true,
      digestTime: true,
      emailMode: true,
      smsMode: true,
      smsNumber: true,
      email: true,
      id: true,
      createdAt: true,
      updatedAt: true,
    },
  });
  const byKey = new Map(prefs.map((p) => [`${p.tenantId}:${p.userId}`, p]));
  const rows: DeliveryRow[] = [];
  for (const m of members) {
    const p = effectivePreferences(m.role, byKey.get(`${m.tenantId}:${m.userId}`) ?? null);
    if (!p.digestEnabled) continue;
    const local = localClock(now, m.tenant.timezone);
    const since = local.minutes - minutesOf(p.digestTime);
    if (since < 0 || since > DIGEST_WINDOW_MINUTES) continue;
    rows.push({
      tenantId: m.tenantId,
      userId: m.userId,
      channel: "EMAIL",
      kind: "DIGEST",
      digestDate: local.date,
      destination: notificationAddress(p, m.user.email),
      dedupeKey: `digest:${m.tenantId}:${m.userId}:${local.date}`,
    });
  }
  if (rows.length === 0) return [];
  // platformDb(): Digest planning job: deliveries for several tenants in one insert (each row carries its tenantId).
  const inserted = await platformDb().notificationDelivery.createManyAndReturn({
    data: rows,
    skipDuplicates: true,
    select: { id: true },
  });
  return inserted.map((r) => r.id);
}

const toNotice = (m: {
  id: string;
  callerName: string;
  callbackNumber: string;
  reason: string;
  urgency: "URGENT" | "NORMAL";
  createdAt: Date;
}): MessageForNotice => ({
  id: m.id,
  callerName: m.callerName,
  callbackNumber: m.callbackNumber,
  reason: m.reason,
  urgency: m.urgency,
  createdAt: m.createdAt,
});

/** The day's calls and messages for a digest, grouped (local day in the tenant's timezone). */
export async function digestData(tenantId: string, date: string): Promise<DigestData> {
  // platformDb(): Digest job: reads one tenant's data with an explicit tenantId in every where.
  const tdb = platformDb();
  const tenant = await tdb.tenant.findUniqueOrThrow({
    where: { id: tenantId },
    select: { name: true, timezone: true },
  });
  const from = localMidnight(date, tenant.timezone);
  const to = localMidnight(nextDate(date), tenant.timezone);
  const [messages, calls] = await Promise.all([
    tdb.message.findMany({
      where: { tenantId, createdAt: { gte: from, lt: to } },
      orderBy: { createdAt: "asc" },
      select: {
        id: true,
        callerName: true,
        callbackNumber: true,
        reason: true,
        urgency: true,
        createdAt: true,
        call: { select: { isTest: true } },
      },
    }),
    tdb.call.findMany({
      where: { tenantId, startedAt: { gte: from, lt: to }, isTest: false },
      orderBy: { startedAt: "asc" },
      select: {
        id: true,
        fromNumber: true,
        startedAt: true,
        summary: true,
        outcome: true,
        _count: { select: { messages: true } },
      },
    }),
  ]);
  const real = messages.filter((m) => !m.call?.isTest);
  return {
    tenantName: tenant.name,
    date,
    urgent: real.filter((m) => m.urgency === "URGENT").map(toNotice),
    normal: real.filter((m) => m.urgency === "NORMAL").map(toNotice),
    spamOrBlocked: calls.filter((c) => c.outcome === "SPAM"),
    otherCalls: calls.filter((c) => c.outcome !== "SPAM" && c._count.messages === 0),
    totalCalls: calls.length,
  };
}

function topicOf(kind: Kind, channel: Channel): UnsubscribeTopic {
  if (channel === "SMS") return "sms";
  return kind === "DIGEST" ? "digest" : "instant";
}

export type DeliveryOutcome = "sent" | "cancelled" | "skipped";

interface DeliveryContext {
  id: string;
  tenantId: string;
  userId: string;
  channel: Channel;
  kind: Kind;
  messageId: string | null;
  callId: string | null;
  bookingId: string | null;
  digestDate: string | null;
  destination: string;
  status: string;
  /** null when no longer a member. */
  role: Role | null;
  userEmail: string | null;
  hasPrefs: boolean;
  emailMode: EffectivePreferences["emailMode"] | null;
  smsMode: EffectivePreferences["smsMode"] | null;
  smsNumber: string | null;
  prefEmail: string | null;
  digestEnabled: boolean | null;
  digestTime: string | null;
  tenantName: string;
  timezone: string;
  slug: string;
}

/** The delivery with everything needed to decide and address it, in one round trip (hot path). */
async function loadDeliveryContext(deliveryId: string): Promise<DeliveryContext | null> {
  // platformDb(): Delivery job, raw SQL: a delivery id from the queue leads to its tenant.
  const rows = await platformDb().$queryRaw<DeliveryContext[]>`
    SELECT d.id, d."tenantId", d."userId", d.channel::text AS channel, d.kind::text AS kind, d."messageId",
      d."callId", d."bookingId", d."digestDate", d.destination, d.status::text AS status,
      ms.role::text AS role, u.email AS "userEmail",
      p.id IS NOT NULL AS "hasPrefs", p."emailMode"::text AS "emailMode", p."smsMode"::text AS "smsMode",
      p."smsNumber", p.email AS "prefEmail", p."digestEnabled", p."digestTime",
      t.name AS "tenantName", t.timezone, t.slug
    FROM "NotificationDelivery" d
    JOIN "Tenant" t ON t.id = d."tenantId"
    LEFT JOIN "Membership" ms ON ms."tenantId" = d."tenantId" AND ms."userId" = d."userId"
    LEFT JOIN "User" u ON u.id = d."userId"
    LEFT JOIN "NotificationPreference" p ON p."tenantId" = d."tenantId" AND p."userId" = d."userId"
    WHERE d.id = ${deliveryId}`;
  return rows[0] ?? null;
}

interface MessageWithCall extends MessageForNotice {
  callId: string | null;
  summary: string | null;
  transcript: { speaker: string; text: string }[];
}

/** A message of this tenant with its call's summary and first transcript lines, in one round trip. */
async function loadMessageWithCall(tenantId: string, messageId: string): Promise<MessageWithCall | null> {
  // platformDb(): Raw SQL (the guard does not see it): every clause names the tenant.
  const rows = await platformDb().$queryRaw<MessageWithCall[]>`
    SELECT m.id, m."callerName", m."callbackNumber", m.reason, m.urgency::text AS urgency, m."createdAt",
      m."callId", c.summary,
      COALESCE((
        SELECT json_agg(json_build_object('speaker', s.speaker, 'text', s.text) ORDER BY s.sequence)
        FROM (
          SELECT speaker, text, sequence FROM "TranscriptSegment"
          WHERE "callId" = m."callId" AND "tenantId" = m."tenantId" ORDER BY sequence LIMIT 6
        ) s
      ), '[]'::json) AS transcript
    FROM "Message" m
    LEFT JOIN "Call" c ON c.id = m."callId" AND c."tenantId" = m."tenantId"
    WHERE m.id = ${messageId} AND m."tenantId" = ${tenantId}`;
  return rows[0] ?? null;
}

/**
 * Sends one delivery. Idempotent: anything but PENDING is left alone. Throws on a
 * failed send after recording it (the caller's job retries); with `finalAttempt`
 * the delivery is marked FAILED first. Membership, preferences and the address are
 * read again at send time: a removed member or a turned-off topic stops at once,
 * and a changed notification address is used.
 */
export async function deliverNotification(
  deliveryId: string,
  deps: NotifierDeps,
  opts: { finalAttempt?: boolean } = {},
): Promise<DeliveryOutcome> {
  // platformDb(): Delivery job: a delivery id from the queue leads to its tenant.
  const db = platformDb();
  const d = await loadDeliveryContext(deliveryId);
  if (d?.status !== "PENDING") return "skipped";
  const cancel = async (reason: string) => {
    await db.notificationDelivery.updateMany({
      where: { id: d.id, status: "PENDING" },
      data: { status: "CANCELLED", lastError: reason },
    });
    return "cancelled" as const;
  };
  if (!d.role || !d.userEmail) return cancel("no longer a member of this business");
  const prefs = effectivePreferences(
    d.role,
    d.hasPrefs
      ? {
          emailMode: d.emailMode ?? "NONE",
          smsMode: d.smsMode ?? "NONE",
          smsNumber: d.smsNumber,
          email: d.prefEmail,
          digestEnabled: d.digestEnabled ?? false,
          digestTime: d.digestTime ?? "18:00",
        }
      : null,
  );
  const tenant = { name: d.tenantName, timezone: d.timezone, slug: d.slug };
  const base = deps.appUrl.replace(/\/+$/, "");
  const unsubscribeUrl = `${base}/unsubscribe?t=${unsubscribeToken(deps.unsubscribeSecret, d.tenantId, d.userId, topicOf(d.kind, d.channel))}`;
  const emailTo = notificationAddress(prefs, d.userEmail);
  let destination = d.channel === "EMAIL" ? emailTo : (prefs.smsNumber ?? d.destination);

  try {
    let providerRef = "";
    const sendEmail = async (mail: { subject: string; text: string; html: string }) => {
      await deps.mailer.send({
        to: emailTo,
        ...mail,
        headers: listUnsubscribe(unsubscribeUrl),
        messageId: `${d.id}@articulate`,
      });
      providerRef = `${d.id}@articulate`;
    };
    if (d.kind === "MESSAGE") {
      const m = await loadMessageWithCall(d.tenantId, d.messageId ?? "");
      if (!m) return cancel("the message was deleted");
      if (!wants(prefs, "MESSAGE", d.channel, m.urgency)) return cancel("turned off before it was sent");
      const messageUrl = `${base}/t/${tenant.slug}/messages/${m.id}`;
      if (d.channel === "SMS") {
        // The business's own SMS account when it has one, else the platform's.
        const sender = (await tenantSmsSender(d.tenantId, deps.smsApiBases ?? {})) ?? deps.sms;
        if (!sender) return cancel("no SMS provider is configured");
        destination = prefs.smsNumber ?? d.destination;
        providerRef = await sender.send(destination, renderMessageSms(tenant.name, toNotice(m), messageUrl));
      } else {
        await sendEmail(
          renderMessageEmail({
            tenantName: tenant.name,
            timeZone: tenant.timezone,
            message: toNotice(m),
            summary: m.summary,
            transcript: m.transcript,
            messageUrl,
            unsubscribeUrl,
          }),
        );
      }
    } else if (d.kind === "CALL") {
      if (!wants(prefs, "CALL", "EMAIL", null)) return cancel("turned off before it was sent");
      const c = await db.call.findFirst({
        where: { id: d.callId ?? "", tenantId: d.tenantId },
        select: {
          id: true,
          fromNumber: true,
          startedAt: true,
          billableSeconds: true,
          summary: true,
          outcome: true,
          segments: { orderBy: { sequence: "asc" }, take: 6, select: { speaker: true, text: true } },
        },
      });
      if (!c) return cancel("the call was deleted");
      await sendEmail(
        renderCallEmail({
          tenantName: tenant.name,
          timeZone: tenant.timezone,
          call: c,
          transcript: c.segments,
          callUrl: `${base}/t/${tenant.slug}/calls/${c.id}`,
          unsubscribeUrl,
        }),
      );
    } else if (d.kind === "BOOKING") {
      if (!wants(prefs, "BOOKING", "EMAIL", null)) return cancel("turned off before it was sent");
      const b = await db.booking.findFirst({
        where: { id: d.bookingId ?? "", tenantId: d.tenantId },
        include: { appointmentType: { select: { name: true } } },
      });
      if (!b) return cancel("the booking was deleted");
      const change: BookingChange = b.status === "CANCELLED" ? "cancelled" : b.changeSeq > 1 ? "moved" : "new";
      const week = localClock(b.startsAt, tenant.timezone).date;
      await sendEmail(
        renderBookingEmail({
          tenantName: tenant.name,
          timeZone: tenant.timezone,
          booking: {
            change,
            appointmentTypeName: b.appointmentType.name,
            startsAt: b.startsAt,
            callerName: b.callerName,
            callerPhone: b.callerPhone,
            reason: b.reason,
            fromCall: b.callId !== null,
          },
          bookingsUrl: `${base}/t/${tenant.slug}/bookings?week=${week}`,
          unsubscribeUrl,
        }),
      );
    } else if (d.kind === "CALENDAR_BROKEN") {
      if (d.role === "MEMBER") return cancel("no longer an owner or admin of this business");
      if (!wants(prefs, "CALENDAR_BROKEN", "EMAIL", null)) return cancel("turned off before it was sent");
      const cal = await db.bookingCalendar.findFirst({
        where: { tenantId: d.tenantId },
        select: { provider: true, connectionError: true, connectionBrokenAt: true },
      });
      if (!cal?.connectionBrokenAt || cal.provider === "BUILT_IN")
        return cancel("the calendar was reconnected before it was sent");
      await sendEmail(
        renderCalendarBrokenEmail({
          tenantName: tenant.name,
          timeZone: tenant.timezone,
          provider: cal.provider,
          reason: cal.connectionError,
          brokenAt: cal.connectionBrokenAt,
          bookingsUrl: `${base}/t/${tenant.slug}/bookings`,
          unsubscribeUrl,
        }),
      );
    } else {
      if (!wants(prefs, "DIGEST", "EMAIL", null)) return cancel("turned off before it was sent");
      const data = await digestData(d.tenantId, d.digestDate ?? localClock(new Date(), tenant.timezone).date);
      await sendEmail(
        renderDigestEmail({
          data,
          timeZone: tenant.timezone,
          inboxUrl: `${base}/t/${tenant.slug}/messages`,
          messageUrl: (id) => `${base}/t/${tenant.slug}/messages/${id}`,
          unsubscribeUrl,
        }),
      );
    }
    await db.$executeRaw`
      UPDATE "NotificationDelivery"
      SET status = 'SENT', "sentAt" = now(), attempts = attempts + 1, "providerRef" = ${providerRef},
        "lastError" = NULL, destination = ${destination}, "updatedAt" = now()
      WHERE id = ${d.id} AND status = 'PENDING'`;
    return "sent";
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    await db.notificationDelivery.updateMany({
      where: { id: d.id, status: "PENDING" },
      data: {
        attempts: { increment: 1 },
        lastError: reason.slice(0, 500),
        destination,
        ...(opts.finalAttempt ? { status: "FAILED" } : {}),
      },
    });
    throw err;
  }
}

function listUnsubscribe(url: string): Record<string, string> {
  return { "List-Unsubscribe": `<${url}>` };
}

/** A member's recent deliveries for the settings page (their own only). */
export async function listMemberDeliveries(tenantId: string, userId: string, limit = 20) {
  // platformDb(): A member's own deliveries: filtered by tenantId and userId in the where below.
  return platformDb().notificationDelivery.findMany({
    where: { tenantId, userId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: {
      id: true,
      channel: true,
      kind: true,
      destination: true,
      status: true,
      attempts: true,
      lastError: true,
      sentAt: true,
      createdAt: true,
    },
  });
}
