// Bookings told to the people they concern, against real PostgreSQL, a real
// SMTP server and the Twilio messaging fake: the caller is texted when a
// booking is made, moved and cancelled (business named first, an opt-out
// line); members who hear about every message get one e-mail per change; a
// booking made on a test call tells nobody; a refused number isn't retried, an
// outage is.
import crypto from "node:crypto";
import {
  bookAppointment,
  cancelBooking,
  createAppointmentType,
  instantAt,
  rescheduleBooking,
} from "@articulate/booking";
import { startCall } from "@articulate/calls";
import { platformDb } from "@articulate/db";
import { createMailer } from "@articulate/mail";
import { startTwilioFake, type TwilioFake } from "@articulate/testing/carriers";
import { type SmtpTestServer, startSmtpTestServer } from "@articulate/testing/smtp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createSmsSender,
  deliverNotification,
  fanOutNotifications,
  type NotifierDeps,
  renderBookingSms,
  savePreferences,
  textBookingCallers,
} from "../src/index";

const TZ = "Australia/Sydney";
const hours = { open: "09:00", close: "17:00" };
const NOW = instantAt("2026-11-30", 8 * 60, TZ)!;
const at = (date: string, hhmm: string) => instantAt(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), TZ)!;

let smtp: SmtpTestServer;
let twilio: TwilioFake;
let deps: NotifierDeps;

beforeAll(async () => {
  smtp = await startSmtpTestServer();
  twilio = await startTwilioFake();
  const mailer = createMailer({ smtpUrl: smtp.url, from: "Articulate <no-reply@articulate.test>", pool: false });
  const sms = createSmsSender({
    provider: "twilio",
    accountSid: twilio.credentials.accountSid,
    authToken: twilio.credentials.authToken,
    from: "+61485550199",
    apiBase: twilio.url,
  });
  deps = {
    appUrl: "https://app.articulate.test",
    unsubscribeSecret: "booking-notice-secret-0123456789abcd",
    mailer,
    sms,
  };
});

afterAll(async () => {
  await smtp?.close();
  await twilio?.close();
});

async function practice(label: string) {
  const suffix = crypto.randomBytes(4).toString("hex");
  const tenant = await platformDb().tenant.create({
    data: { slug: `${label}-${suffix}`, name: "Smile Dental", timezone: TZ },
  });
  const owner = await platformDb().user.create({ data: { email: `owner-${suffix}@example.test` } });
  await platformDb().membership.create({ data: { tenantId: tenant.id, userId: owner.id, role: "OWNER" } });
  await savePreferences(tenant.id, owner.id, {
    emailMode: "ALL_MESSAGES",
    smsMode: "NONE",
    digestEnabled: false,
    digestTime: "18:00",
  });
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
  const type = await createAppointmentType(tenant.id, {
    name: "Check-up and clean",
    agentId: agent.id,
    durationMinutes: 45,
  });
  return { tenant, owner, agent, type };
}

/** Runs the sweeps until this business's bookings have nothing left to tell (other tests share the database). */
async function drain(tenantId: string) {
  for (let i = 0; i < 50; i++) {
    const { deliveryIds } = await fanOutNotifications(deps, { limit: 500 });
    for (const id of deliveryIds) await deliverNotification(id, deps).catch(() => undefined);
    await textBookingCallers(deps, { limit: 200 });
    const left = await platformDb().booking.count({
      where: { tenantId, OR: [{ noticePending: true }, { callerSmsPending: true }] },
    });
    if (left === 0) return;
  }
  throw new Error("bookings still pending after 50 sweeps");
}

const textsTo = (n: string) => twilio.state.messages.filter((m) => m.to === n).map((m) => m.body);

describe("booking notifications", () => {
  it("texts the caller and e-mails the members on each change, once", async () => {
    const { tenant, owner, agent, type } = await practice("bk-notify");
    const call = await startCall({
      tenantId: tenant.id,
      roomName: `call_${tenant.id}`,
      direction: "INBOUND",
      fromNumber: "+61412000111",
      toNumber: "+61255504477",
      agentId: agent.id,
    });
    const booking = await bookAppointment(
      {
        tenantId: tenant.id,
        appointmentTypeId: type.id,
        start: at("2026-12-01", "09:00"),
        callerName: "Mia Nguyen",
        callerPhone: "0412 000 111",
        reason: "Sore tooth",
        callId: call.id,
        source: "AGENT",
      },
      NOW,
    );
    await drain(tenant.id);
    await drain(tenant.id); // a second sweep tells nobody twice
    expect(textsTo("+61412000111")).toEqual([
      "Smile Dental: your Check-up and clean is booked for Tue, 1 Dec, 9:00 am. To change it, call 02 5550 4477. Reply STOP to opt out.",
    ]);
    const first = await smtp.waitFor((m) => m.to.includes(owner.email) && m.subject.startsWith("New booking"));
    expect(first.subject).toBe("New booking: Check-up and clean, 01/12/2026, 9:00 am – Mia Nguyen");
    expect(first.text).toContain("by your receptionist on a call");
    expect(first.text).toContain("Reason: Sore tooth");
    expect(first.text).toContain(`https://app.articulate.test/t/${tenant.slug}/bookings?week=2026-12-01`);

    await rescheduleBooking({ tenantId: tenant.id, bookingId: booking.id, start: at("2026-12-02", "10:00") }, NOW);
    await drain(tenant.id);
    await cancelBooking({ tenantId: tenant.id, bookingId: booking.id }, NOW);
    await drain(tenant.id);
    expect(textsTo("+61412000111").slice(1)).toEqual([
      "Smile Dental: your Check-up and clean is moved to Wed, 2 Dec, 10:00 am. To change it, call 02 5550 4477. Reply STOP to opt out.",
      "Smile Dental: your Check-up and clean on Wed, 2 Dec, 10:00 am is cancelled. Reply STOP to opt out.",
    ]);
    await smtp.waitFor((m) => m.to.includes(owner.email) && m.subject.startsWith("Booking moved"));
    await smtp.waitFor((m) => m.to.includes(owner.email) && m.subject.startsWith("Booking cancelled"));
    const deliveries = await platformDb().notificationDelivery.findMany({
      where: { tenantId: tenant.id, kind: "BOOKING" },
    });
    expect(deliveries.map((d) => [d.status, d.dedupeKey.split(":")[2]]).sort()).toEqual([
      ["SENT", "1"],
      ["SENT", "2"],
      ["SENT", "3"],
    ]);
  });

  it("a booking made on a test call tells nobody", async () => {
    const { tenant, agent, type } = await practice("bk-test-call");
    const call = await startCall({
      tenantId: tenant.id,
      roomName: `test_${tenant.id}`,
      direction: "INBOUND",
      fromNumber: "+61412000222",
      toNumber: "+61255504477",
      agentId: agent.id,
      isTest: true,
    });
    await bookAppointment(
      {
        tenantId: tenant.id,
        appointmentTypeId: type.id,
        start: at("2026-12-01", "11:00"),
        callerName: "Owner trying it",
        callerPhone: "0412 000 222",
        callId: call.id,
        source: "AGENT",
      },
      NOW,
    );
    await drain(tenant.id);
    expect(textsTo("+61412000222")).toEqual([]);
    expect(await platformDb().notificationDelivery.count({ where: { tenantId: tenant.id } })).toBe(0);
  });

  it("an SMS outage doesn't lose the text; with an alphanumeric sender the opt-out line names a number to call", async () => {
    const { tenant, type } = await practice("bk-retry");
    twilio.state.failNextMessages = 1;
    const booking = await bookAppointment(
      {
        tenantId: tenant.id,
        appointmentTypeId: type.id,
        start: at("2026-12-03", "14:00"),
        callerName: "Sam",
        callerPhone: "0412 000 333",
        source: "DASHBOARD",
      },
      NOW,
    );
    // The first attempt hits the outage (on this or another test's booking): it is kept and sent by a later sweep.
    await drain(tenant.id);
    expect(twilio.state.failNextMessages).toBe(0);
    expect(textsTo("+61412000333")).toHaveLength(1);
    const row = await platformDb().booking.findUniqueOrThrow({ where: { id: booking.id } });
    expect(row).toMatchObject({ callerSmsPending: false, callerSmsError: null });

    expect(
      renderBookingSms({
        tenantName: "Smile Dental",
        timeZone: TZ,
        booking: { change: "new", appointmentTypeName: "Clean", startsAt: at("2026-12-03", "14:00") },
        businessNumber: "+61255504477",
        senderTakesReplies: false,
      }),
    ).toBe(
      "Smile Dental: your Clean is booked for Thu, 3 Dec, 2:00 pm. To change it, call 02 5550 4477. To stop these texts, call 02 5550 4477.",
    );
  });
});
