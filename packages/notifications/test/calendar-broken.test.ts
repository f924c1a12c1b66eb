// A calendar connection that stops working is told to the business's owners and
// admins, once per break, against real PostgreSQL, a real SMTP server and the
// Google and Cal.com fakes: Google refusing the refresh token (revoked grant)
// and Cal.com refusing the API key both break the connection through the real
// client code; the e-mail names the calendar, the reason in the owner's words,
// and links to the bookings page to reconnect. Plain members aren't told, calls
// in flight at the same moment don't repeat it, and a later break after a
// reconnect is a new notice.
import crypto from "node:crypto";
import {
  CalendarUnavailableError,
  checkAvailability,
  completeGoogleConnect,
  connectCalcom,
  createAppointmentType,
  externalCalendarFor,
  type GoogleOAuthConfig,
  googleConsentUrl,
  instantAt,
  linkCalcomEventType,
  verifyConnectState,
} from "@articulate/booking";
import { encryptSecret, platformDb } from "@articulate/db";
import { createMailer } from "@articulate/mail";
import { type CalcomFake, startCalcomFake } from "@articulate/testing/calcom";
import { type GoogleFake, startGoogleFake } from "@articulate/testing/google";
import { type SmtpTestServer, startSmtpTestServer } from "@articulate/testing/smtp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverNotification, fanOutNotifications, type NotifierDeps, savePreferences } from "../src/index";

const TZ = "Australia/Sydney";
const hours = { open: "09:00", close: "17:00" };
const NOW = instantAt("2026-11-30", 8 * 60, TZ)!;
const REDIRECT = "http://127.0.0.1:3000/api/integrations/google/callback";

let smtp: SmtpTestServer;
let google: GoogleFake;
let calcom: CalcomFake;
let gcfg: GoogleOAuthConfig;
let deps: NotifierDeps;
const saved = { ...process.env };

beforeAll(async () => {
  smtp = await startSmtpTestServer();
  google = await startGoogleFake({ email: "reception@smile.example" });
  calcom = await startCalcomFake({
    email: "owner@smile.example",
    eventTypes: [{ id: 501, title: "Check-up", lengthInMinutes: 30 }],
  });
  gcfg = { clientId: google.clientId, clientSecret: google.clientSecret, apiBaseUrl: google.url };
  // The booking functions read the operator's configuration from the environment.
  process.env.GOOGLE_CALENDAR_CLIENT_ID = google.clientId;
  process.env.GOOGLE_CALENDAR_CLIENT_SECRET = google.clientSecret;
  process.env.GOOGLE_API_BASE_URL = google.url;
  process.env.CALCOM_API_BASE_URL = calcom.url;
  deps = {
    appUrl: "https://app.articulate.test",
    unsubscribeSecret: "calendar-broken-secret-0123456789abcd",
    mailer: createMailer({ smtpUrl: smtp.url, from: "Articulate <no-reply@articulate.test>", pool: false }),
    sms: null,
  };
});

afterAll(async () => {
  process.env = saved;
  await smtp?.close();
  await google?.close();
  await calcom?.close();
});

async function practice(label: string) {
  const suffix = crypto.randomBytes(4).toString("hex");
  const tenant = await platformDb().tenant.create({
    data: { slug: `${label}-${suffix}`, name: "Smile Dental", timezone: TZ },
  });
  const person = async (role: "OWNER" | "ADMIN" | "MEMBER") => {
    const user = await platformDb().user.create({ data: { email: `${role.toLowerCase()}-${suffix}@example.test` } });
    await platformDb().membership.create({ data: { tenantId: tenant.id, userId: user.id, role } });
    // Everyone hears about every message: only the role decides who hears about the calendar.
    await savePreferences(tenant.id, user.id, {
      emailMode: "ALL_MESSAGES",
      smsMode: "NONE",
      digestEnabled: false,
      digestTime: "18:00",
    });
    return user;
  };
  const owner = await person("OWNER");
  const admin = await person("ADMIN");
  const member = await person("MEMBER");
  const agent = await platformDb().agent.create({
    data: {
      tenantId: tenant.id,
      name: "Reception",
      greeting: "Hello",
      instructions: "-",
      timezone: TZ,
      businessHours: { mon: [hours], tue: [hours], wed: [hours], thu: [hours], fri: [hours] },
    },
  });
  const type = await createAppointmentType(tenant.id, { name: "Check-up", agentId: agent.id, durationMinutes: 30 });
  return { tenant, owner, admin, member, type };
}

async function connectGoogle(tenantId: string, userId: string) {
  const { url, nonce } = googleConsentUrl(gcfg, { tenantId, userId, redirectUri: REDIRECT });
  const res = await fetch(url, { redirect: "manual" });
  const back = new URL(res.headers.get("location") ?? "");
  verifyConnectState(back.searchParams.get("state") ?? "", { userId, nonce });
  await completeGoogleConnect(gcfg, { tenantId, code: back.searchParams.get("code") ?? "", redirectUri: REDIRECT });
}

/** Runs the fan-out and sends what it made (other tests share the database). */
async function sweep() {
  for (let i = 0; i < 20; i++) {
    const { deliveryIds, more } = await fanOutNotifications(deps, { limit: 500 });
    for (const id of deliveryIds) await deliverNotification(id, deps).catch(() => undefined);
    if (!more) return;
  }
}

const brokenNotices = (tenantId: string) =>
  platformDb().notificationDelivery.findMany({
    where: { tenantId, kind: "CALENDAR_BROKEN" },
    orderBy: { createdAt: "asc" },
  });

const week = (tenantId: string, appointmentTypeId: string) =>
  checkAvailability({ tenantId, appointmentTypeId, fromDate: "2026-12-01" }, NOW);

describe("calendar connection broken", () => {
  it("Google refusing the refresh token: owners and admins get one e-mail with a link to reconnect", async () => {
    const p = await practice("cal-broken-g");
    await connectGoogle(p.tenant.id, p.owner.id);
    await week(p.tenant.id, p.type.id); // works while connected
    // A call already in progress holds the calendar it loaded while the connection worked.
    const inFlight = await externalCalendarFor(p.tenant.id);
    google.revokeAccess("reception@smile.example");
    google.expireAccessTokens();

    // Three calls at once all meet the dead grant; the notice goes out; then the call
    // in progress meets it too, and later calls are refused without asking Google.
    const first = await Promise.allSettled([1, 2, 3].map(() => week(p.tenant.id, p.type.id)));
    for (const r of first) {
      expect(r.status).toBe("rejected");
      if (r.status === "rejected") expect(r.reason).toBeInstanceOf(CalendarUnavailableError);
    }
    await sweep();
    const brokenAt = (await platformDb().bookingCalendar.findUniqueOrThrow({ where: { tenantId: p.tenant.id } }))
      .connectionBrokenAt;
    expect(brokenAt).not.toBeNull();
    await expect(inFlight?.busy(NOW, new Date(NOW.getTime() + 86_400_000))).rejects.toThrow(CalendarUnavailableError);
    await expect(week(p.tenant.id, p.type.id)).rejects.toThrow(CalendarUnavailableError);
    await sweep();
    const row = await platformDb().bookingCalendar.findUniqueOrThrow({ where: { tenantId: p.tenant.id } });
    expect(row).toMatchObject({ connectionBrokenAt: brokenAt, brokenNoticePending: false });

    const notices = await brokenNotices(p.tenant.id);
    expect(notices.map((n) => [n.userId, n.status]).sort()).toEqual(
      [
        [p.owner.id, "SENT"],
        [p.admin.id, "SENT"],
      ].sort(),
    );
    const mail = await smtp.waitFor((m) => m.to.includes(p.owner.email) && m.subject.includes("Google Calendar"));
    expect(mail.subject).toBe("Action needed: Google Calendar stopped working for Smile Dental");
    expect(mail.text).toContain("Google Calendar stopped accepting our access");
    expect(mail.text).toContain("reconnect it on the Bookings page");
    expect(mail.text).toContain(`Reconnect: https://app.articulate.test/t/${p.tenant.slug}/bookings`);
    expect(mail.text).toMatch(/stopped working for Smile Dental at \d{2}\/\d{2}\/\d{4}/);
    expect(mail.html).toContain(`href="https://app.articulate.test/t/${p.tenant.slug}/bookings"`);
    expect(mail.text).not.toMatch(/GOOGLE_|invalid_grant/);
    await smtp.waitFor((m) => m.to.includes(p.admin.email) && m.subject.includes("Google Calendar"));
    expect(smtp.received.filter((m) => m.to.includes(p.member.email))).toEqual([]);

    // Reconnected, then broken again later: that is a new break, told again.
    await connectGoogle(p.tenant.id, p.owner.id);
    await week(p.tenant.id, p.type.id);
    google.revokeAccess("reception@smile.example");
    google.expireAccessTokens();
    await expect(week(p.tenant.id, p.type.id)).rejects.toThrow(CalendarUnavailableError);
    await sweep();
    expect(await brokenNotices(p.tenant.id)).toHaveLength(4);
  });

  it("Cal.com refusing the API key: told once; a notice reconnected before it was sent is dropped", async () => {
    const p = await practice("cal-broken-c");
    await connectCalcom({ baseUrl: calcom.url }, p.tenant.id, calcom.apiKey);
    await linkCalcomEventType({ baseUrl: calcom.url }, p.tenant.id, p.type.id, 501);
    // The key is revoked at Cal.com: the stored key is no longer one Cal.com accepts.
    await platformDb().bookingCalendar.update({
      where: { tenantId: p.tenant.id },
      data: { calcomApiKey: encryptSecret("cal_live_revoked0000") },
    });
    await expect(week(p.tenant.id, p.type.id)).rejects.toThrow(CalendarUnavailableError);
    await expect(week(p.tenant.id, p.type.id)).rejects.toThrow(CalendarUnavailableError);
    await sweep();
    const notices = await brokenNotices(p.tenant.id);
    expect(notices.map((n) => n.status)).toEqual(["SENT", "SENT"]);
    const mail = await smtp.waitFor((m) => m.to.includes(p.owner.email) && m.subject.includes("Cal.com"));
    expect(mail.subject).toBe("Action needed: Cal.com stopped working for Smile Dental");
    expect(mail.text).toContain(`https://app.articulate.test/t/${p.tenant.slug}/bookings`);

    // Broken again, but the owner reconnects before the e-mails go out: they are cancelled, not sent.
    await connectCalcom({ baseUrl: calcom.url }, p.tenant.id, calcom.apiKey);
    await platformDb().bookingCalendar.update({
      where: { tenantId: p.tenant.id },
      data: { calcomApiKey: encryptSecret("cal_live_revoked0001") },
    });
    await expect(week(p.tenant.id, p.type.id)).rejects.toThrow(CalendarUnavailableError);
    const { deliveryIds } = await fanOutNotifications(deps, { limit: 500 });
    await connectCalcom({ baseUrl: calcom.url }, p.tenant.id, calcom.apiKey);
    for (const id of deliveryIds) await deliverNotification(id, deps).catch(() => undefined);
    const later = (await brokenNotices(p.tenant.id)).slice(2);
    expect(later.map((n) => [n.status, n.lastError])).toEqual([
      ["CANCELLED", "the calendar was reconnected before it was sent"],
      ["CANCELLED", "the calendar was reconnected before it was sent"],
    ]);
  });
});
