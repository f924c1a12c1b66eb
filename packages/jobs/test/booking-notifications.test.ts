// Booking notices on the real job system: real PostgreSQL, a real SMTP server and
// the Twilio messaging fake, driven through the catalog's notification jobs.
// Members who hear about every message or call get an e-mail for each booking
// made, moved or cancelled; the caller gets a text (business named, opt-out line)
// for bookings the agent made with them; a failed text never touches the booking.
import crypto from "node:crypto";
import { bookAppointment, cancelBooking, createAppointmentType, rescheduleBooking } from "@articulate/booking";
import { platformDb } from "@articulate/db";
import { createMailer } from "@articulate/mail";
import { createSmsSender, savePreferences } from "@articulate/notifications";
import { startTwilioFake, type TwilioFake } from "@articulate/testing/carriers";
import { type SmtpTestServer, startSmtpTestServer } from "@articulate/testing/smtp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type JobRunner, jobCatalog, startJobRunner } from "../src/index";

const databaseUrl = process.env.DATABASE_URL as string;
const HOUR = 3_600_000;
const at = (days: number, hours = 0) =>
  new Date(Math.ceil((Date.now() + days * 86_400_000) / HOUR) * HOUR + hours * HOUR);
let smtp: SmtpTestServer;
let twilio: TwilioFake;
let runner: JobRunner;

async function practice(label: string, emailMode: "ALL_MESSAGES" | "URGENT_MESSAGES" = "ALL_MESSAGES") {
  const suffix = crypto.randomBytes(4).toString("hex");
  const tenant = await platformDb().tenant.create({
    data: { slug: `${label}-${suffix}`, name: `Harbour Dental ${suffix}`, timezone: "Australia/Sydney" },
  });
  const owner = await platformDb().user.create({ data: { email: `owner-${suffix}@example.test` } });
  await platformDb().membership.create({ data: { tenantId: tenant.id, userId: owner.id, role: "OWNER" } });
  await savePreferences(tenant.id, owner.id, { emailMode, smsMode: "NONE", digestEnabled: false, digestTime: "18:00" });
  const agent = await platformDb().agent.create({
    data: { tenantId: tenant.id, name: "Ava", greeting: "Hi", instructions: "Book", holidayRegion: null },
  });
  const type = await createAppointmentType(tenant.id, { name: "Check-up", agentId: agent.id, durationMinutes: 30 });
  const call = async (isTest = false) =>
    platformDb().call.create({
      data: {
        tenantId: tenant.id,
        agentId: agent.id,
        direction: "INBOUND",
        fromNumber: "+61412345678",
        toNumber: "+61255504477",
        roomName: `call-${crypto.randomUUID()}`,
        status: "IN_PROGRESS",
        isTest,
      },
    });
  return { tenant, owner, agent, type, call };
}

async function deliveries(tenantId: string, n: number) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const rows = await platformDb().notificationDelivery.findMany({
      where: { tenantId, kind: "BOOKING" },
      orderBy: { createdAt: "asc" },
    });
    const settled = rows.filter((r) => r.status !== "PENDING" || r.attempts > 0);
    if ((rows.length >= n && settled.length >= n) || Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  smtp = await startSmtpTestServer();
  twilio = await startTwilioFake();
  const mailer = createMailer({ smtpUrl: smtp.url, from: "Articulate <no-reply@articulate.test>", pool: false });
  const sms = createSmsSender({
    provider: "twilio",
    accountSid: twilio.credentials.accountSid,
    authToken: twilio.credentials.authToken,
    from: "HarbourDent",
    apiBase: twilio.url,
  });
  runner = await startJobRunner({
    databaseUrl,
    jobs: jobCatalog(
      {
        sendMail: (m) => mailer.send(m),
        notifier: {
          appUrl: "https://app.articulate.test",
          unsubscribeSecret: "test-unsubscribe-secret-0123456789abcdef",
          mailer,
          sms,
          smsApiBases: { twilio: twilio.url },
        },
      },
      { notificationRetry: { limit: 2, delaySeconds: 1, backoff: false } },
    ).filter((j) => j.name.startsWith("notifications.") && j.name !== "notifications.plan-digests"),
    pollingIntervalSeconds: 0.5,
    log: () => {},
  });
});

afterAll(async () => {
  await runner?.stop();
  await smtp?.close();
  await twilio?.close();
});

const textsTo = (to: string, tenantName: string) =>
  twilio.state.messages.filter((m) => m.to === to && m.body.startsWith(`${tenantName}:`));

describe("booking notifications", () => {
  it("an agent's booking: the owner is e-mailed and the caller texted; moving and cancelling it too", async () => {
    const { tenant, owner, type, call } = await practice("bk-notify");
    const c = await call();
    const start = at(3);
    const booking = await bookAppointment({
      tenantId: tenant.id,
      appointmentTypeId: type.id,
      start,
      callerName: "Priya Shah",
      callerPhone: "0412 345 678",
      callId: c.id,
      source: "AGENT",
    });
    const mail = await smtp.waitFor((m) => m.to.includes(owner.email) && m.subject.startsWith("New booking"));
    expect(mail.subject).toContain("Priya Shah");
    expect(mail.subject).toContain("Check-up");
    const local = new Intl.DateTimeFormat("en-AU", {
      timeZone: "Australia/Sydney",
      day: "2-digit",
      month: "2-digit",
      year: "numeric",
    }).format(start);
    expect(mail.subject).toContain(local); // dd/mm/yyyy in the practice's timezone
    expect(mail.text).toContain("Booked by your receptionist, on a call.");
    expect(mail.text).toContain(`https://app.articulate.test/t/${tenant.slug}/calls/${c.id}`);
    expect(mail.text).toContain("Priya Shah, 0412 345 678");

    let rows = await deliveries(tenant.id, 2);
    expect(rows.map((r) => [r.channel, r.status, r.bookingEvent]).sort()).toEqual([
      ["EMAIL", "SENT", "created"],
      ["SMS", "SENT", "created"],
    ]);
    const [text] = textsTo("+61412345678", tenant.name);
    expect(text?.from).toBe("HarbourDent");
    expect(text?.body).toContain("Hi Priya, your Check-up is booked for");
    expect(text?.body).toContain(local);
    expect(text?.body).toContain("To change it, call 02 5550 4477.");
    expect(text?.body).toMatch(/Reply STOP to opt out\.$/);

    await rescheduleBooking({ tenantId: tenant.id, bookingId: booking.id, start: at(4) });
    await smtp.waitFor((m) => m.to.includes(owner.email) && m.subject.startsWith("Booking moved"));
    await cancelBooking({ tenantId: tenant.id, bookingId: booking.id });
    await smtp.waitFor((m) => m.to.includes(owner.email) && m.subject.startsWith("Booking cancelled"));
    rows = await deliveries(tenant.id, 6);
    expect(rows.filter((r) => r.status === "SENT").map((r) => `${r.channel}:${r.bookingEvent}`)).toEqual(
      expect.arrayContaining(["EMAIL:changed", "SMS:changed", "EMAIL:cancelled", "SMS:cancelled"]),
    );
    const bodies = textsTo("+61412345678", tenant.name).map((m) => m.body);
    expect(bodies.some((b) => b.includes("has moved to"))).toBe(true);
    expect(bodies.some((b) => b.includes("is cancelled") && !b.includes("To change it"))).toBe(true);
    // Once each: another fan-out finds nothing new.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await platformDb().notificationDelivery.count({ where: { tenantId: tenant.id } })).toBe(6);
  });

  it("follows preferences and sources: no e-mail for urgent-only members, no text for staff bookings or test calls", async () => {
    const quiet = await practice("bk-quiet", "URGENT_MESSAGES");
    await bookAppointment({
      tenantId: quiet.tenant.id,
      appointmentTypeId: quiet.type.id,
      start: at(3),
      callerName: "Tom Fraser",
      callerPhone: "0491 570 110",
      source: "DASHBOARD",
    });
    const loud = await practice("bk-loud");
    const testCall = await loud.call(true);
    await bookAppointment({
      tenantId: loud.tenant.id,
      appointmentTypeId: loud.type.id,
      start: at(3),
      callerName: "Sim Caller",
      callerPhone: "0491 570 111",
      callId: testCall.id,
      source: "AGENT",
    });
    await bookAppointment({
      tenantId: loud.tenant.id,
      appointmentTypeId: loud.type.id,
      start: at(3, 2),
      callerName: "Lily Tran",
      callerPhone: "0491 570 112",
      source: "API",
    });
    const mail = await smtp.waitFor((m) => m.to.includes(loud.owner.email) && m.subject.includes("Lily Tran"));
    expect(mail.text).toContain("Booked by an integration, through the API.");
    await new Promise((r) => setTimeout(r, 2_000));
    // The claim happened (notifiedAt caught up) but nothing was owed.
    const claimed = await platformDb().booking.findMany({ where: { tenantId: quiet.tenant.id } });
    expect(claimed.every((b) => b.notifiedAt?.getTime() === b.updatedAt.getTime())).toBe(true);
    expect(await platformDb().notificationDelivery.count({ where: { tenantId: quiet.tenant.id } })).toBe(0);
    const loudRows = await platformDb().notificationDelivery.findMany({ where: { tenantId: loud.tenant.id } });
    expect(loudRows.map((r) => r.channel)).toEqual(["EMAIL"]);
    expect(twilio.state.messages.filter((m) => m.to === "+61491570111" || m.to === "+61491570112")).toEqual([]);
  });

  it("a text the carrier refuses is retried and recorded; the booking and the owner's e-mail are unaffected", async () => {
    const { tenant, owner, type, call } = await practice("bk-smsfail");
    twilio.state.failNextMessages = 10;
    const c = await call();
    const booking = await bookAppointment({
      tenantId: tenant.id,
      appointmentTypeId: type.id,
      start: at(5),
      callerName: "Ray Ng",
      callerPhone: "0412 000 999",
      callId: c.id,
      source: "AGENT",
    });
    await smtp.waitFor((m) => m.to.includes(owner.email) && m.subject.includes("Ray Ng"));
    const deadline = Date.now() + 20_000;
    let sms = await platformDb().notificationDelivery.findFirstOrThrow({
      where: { tenantId: tenant.id, channel: "SMS" },
    });
    while (sms.status !== "FAILED" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      sms = await platformDb().notificationDelivery.findFirstOrThrow({ where: { id: sms.id } });
    }
    twilio.state.failNextMessages = 0;
    expect(sms.status).toBe("FAILED");
    expect(sms.lastError).toMatch(/503/);
    expect(sms.destination).toBe("+61412000999");
    expect((await platformDb().booking.findUniqueOrThrow({ where: { id: booking.id } })).status).toBe("CONFIRMED");
  });
});
