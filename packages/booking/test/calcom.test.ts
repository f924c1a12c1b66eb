// Cal.com API v2 against the local Cal.com fake (which enforces the Bearer API
// key and each endpoint's cal-api-version): connecting checks the key and stores
// it encrypted; availability is our rules AND Cal.com's slots; book, reschedule
// (a new Cal.com uid) and cancel; a time Cal.com refuses is "slot taken" with
// options; a 429 is retried; a revoked key breaks the connection and calls take
// messages.
import crypto from "node:crypto";
import { decryptSecret, platformDb } from "@articulate/db";
import { type CalcomFake, startCalcomFake } from "@articulate/testing/calcom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BookingError,
  bookAppointment,
  CALCOM_API_VERSIONS,
  CalcomSetupError,
  CalendarUnavailableError,
  cancelBooking,
  checkAvailability,
  connectCalcom,
  createAppointmentType,
  disconnectCalcom,
  instantAt,
  linkCalcomEventType,
  listCalcomEventTypes,
  rescheduleBooking,
} from "../src/index";

const TZ = "Australia/Adelaide"; // +10:30 in December
const hours = { open: "09:00", close: "17:00" };
const NOW = instantAt("2026-11-30", 8 * 60, TZ)!;
const at = (date: string, hhmm: string) => instantAt(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), TZ)!;
const caller = { callerName: "Mia Nguyen", callerPhone: "0412 345 678" };

let fake: CalcomFake;
const saved = { ...process.env };
const cfg = () => ({ baseUrl: fake.url });

beforeAll(async () => {
  fake = await startCalcomFake({
    email: "owner@smile.example",
    eventTypes: [
      { id: 501, title: "Consultation", lengthInMinutes: 30 },
      { id: 502, title: "Long visit", lengthInMinutes: 60 },
    ],
  });
  process.env.CALCOM_API_BASE_URL = fake.url;
  // Cal.com's host is free 10:00–12:00 on Tuesday 1 December (Adelaide time).
  fake.openWindow(at("2026-12-01", "10:00"), at("2026-12-01", "12:00"));
});

afterAll(async () => {
  process.env = saved;
  await fake.close();
});

async function practice(label: string, link = true) {
  const suffix = crypto.randomBytes(5).toString("hex");
  const tenant = await platformDb().tenant.create({ data: { slug: `${label}-${suffix}`, name: `${label} ${suffix}` } });
  const agent = await platformDb().agent.create({
    data: {
      tenantId: tenant.id,
      name: "Reception",
      greeting: "Hello",
      instructions: "Be helpful.",
      timezone: TZ,
      holidayRegion: "AU-SA",
      businessHours: { mon: [hours], tue: [hours], wed: [hours], thu: [hours], fri: [hours] },
    },
  });
  const type = await createAppointmentType(tenant.id, {
    name: "Consult",
    agentId: agent.id,
    durationMinutes: 30,
    minNoticeMinutes: 60,
  });
  await connectCalcom(cfg(), tenant.id, fake.apiKey);
  if (link) await linkCalcomEventType(cfg(), tenant.id, type.id, 501);
  return { tenant, agent, type };
}

const row = (tenantId: string) => platformDb().bookingCalendar.findUniqueOrThrow({ where: { tenantId } });

describe("Cal.com", () => {
  it("connecting checks the key with Cal.com and stores it encrypted; a bad key is refused", async () => {
    const { tenant } = await practice("cal-connect", false);
    const r = await row(tenant.id);
    expect(r).toMatchObject({ provider: "CALCOM", calcomEmail: "owner@smile.example" });
    expect(r.calcomApiKey).toMatch(/^v1\./);
    expect(decryptSecret(r.calcomApiKey!)).toBe(fake.apiKey);
    await expect(connectCalcom(cfg(), tenant.id, "cal_live_wrongkey123")).rejects.toThrow(/didn't accept/);
    await expect(connectCalcom(cfg(), tenant.id, "not-a-key")).rejects.toThrow(CalcomSetupError);
  });

  it("sends the cal-api-version each endpoint needs (the fake refuses anything else)", async () => {
    const { tenant } = await practice("cal-versions");
    const seen = fake.requests.length;
    expect(await listCalcomEventTypes(cfg(), tenant.id)).toHaveLength(2);
    await checkAvailability(
      {
        tenantId: tenant.id,
        appointmentTypeId: (await platformDb().appointmentType.findFirstOrThrow({ where: { tenantId: tenant.id } })).id,
        fromDate: "2026-12-01",
      },
      NOW,
    );
    const sent = fake.requests.slice(seen).map((r) => [r.path, r.version, r.status]);
    expect(sent).toEqual([
      ["/v2/event-types", CALCOM_API_VERSIONS.eventTypes, 200],
      ["/v2/slots", CALCOM_API_VERSIONS.slots, 200],
    ]);
    // The rule is real: without the header the fake answers 400 as a misconfigured client would see.
    const raw = await fetch(`${fake.url}/v2/slots?eventTypeId=501&start=2026-12-01&end=2026-12-01`, {
      headers: { authorization: `Bearer ${fake.apiKey}` },
    });
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as { status: string }).status).toBe("error");
  });

  it("linking needs an event type of the same length", async () => {
    const { tenant, type } = await practice("cal-link", false);
    await expect(linkCalcomEventType(cfg(), tenant.id, type.id, 502)).rejects.toThrow(/60 minutes in Cal.com/);
    await expect(linkCalcomEventType(cfg(), tenant.id, type.id, 999)).rejects.toThrow(/isn't in the connected/);
    await expect(
      checkAvailability({ tenantId: tenant.id, appointmentTypeId: type.id, fromDate: "2026-12-01" }, NOW),
    ).rejects.toThrow(/isn't linked to a Cal.com event type/);
  });

  it("offers only times both our rules and Cal.com allow; books, reschedules and cancels there", async () => {
    const { tenant, type } = await practice("cal-flow");
    const a = await checkAvailability({ tenantId: tenant.id, appointmentTypeId: type.id, fromDate: "2026-12-01" }, NOW);
    expect(a.slots.map((s) => s.start.getTime())).toEqual(
      ["10:00", "10:30", "11:00", "11:30"].map((t) => at("2026-12-01", t).getTime()),
    );

    const booking = await bookAppointment(
      {
        tenantId: tenant.id,
        appointmentTypeId: type.id,
        start: at("2026-12-01", "10:00"),
        ...caller,
        reason: "Tooth",
        source: "AGENT",
      },
      NOW,
    );
    const made = fake.allBookings().find((b) => b.uid === booking.externalId);
    expect(made).toMatchObject({
      status: "accepted",
      eventTypeId: 501,
      start: at("2026-12-01", "10:00").toISOString(),
      attendee: { name: "Mia Nguyen", email: "owner@smile.example", timeZone: TZ, phoneNumber: "+61412345678" },
      bookingFieldsResponses: { notes: "Tooth", attendeePhoneNumber: "+61412345678" },
    });

    const moved = await rescheduleBooking(
      { tenantId: tenant.id, bookingId: booking.id, callerPhone: caller.callerPhone, start: at("2026-12-01", "11:00") },
      NOW,
    );
    expect(moved.externalId).not.toBe(booking.externalId);
    expect(fake.allBookings().find((b) => b.uid === booking.externalId)?.status).toBe("cancelled");
    expect(fake.allBookings().find((b) => b.uid === moved.externalId)).toMatchObject({
      status: "accepted",
      rescheduledFromUid: booking.externalId,
      start: at("2026-12-01", "11:00").toISOString(),
    });

    await cancelBooking({ tenantId: tenant.id, bookingId: booking.id }, NOW);
    expect(fake.allBookings().find((b) => b.uid === moved.externalId)?.status).toBe("cancelled");
  });

  it("a time Cal.com has given away is slot_taken with other options; a 429 is retried", async () => {
    const { tenant, type } = await practice("cal-taken");
    fake.addBooking(501, at("2026-12-01", "11:30")); // booked on the owner's Cal.com page
    fake.failNext(1, 429);
    const seen = fake.requests.length;
    const err = await bookAppointment(
      { tenantId: tenant.id, appointmentTypeId: type.id, start: at("2026-12-01", "11:30"), ...caller, source: "AGENT" },
      NOW,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BookingError);
    expect((err as BookingError).bookingCode).toBe("slot_taken");
    expect((err as BookingError).alternatives.map((s) => s.start.getTime())).not.toContain(
      at("2026-12-01", "11:30").getTime(),
    );
    expect(fake.requests.slice(seen, seen + 2).map((r) => r.status)).toEqual([429, 200]);
    expect(await platformDb().booking.count({ where: { tenantId: tenant.id } })).toBe(0);

    // A move is checked by Cal.com itself: its "not available" answer is slot_taken too.
    const booking = await bookAppointment(
      { tenantId: tenant.id, appointmentTypeId: type.id, start: at("2026-12-01", "10:30"), ...caller, source: "AGENT" },
      NOW,
    );
    await expect(
      rescheduleBooking({ tenantId: tenant.id, bookingId: booking.id, start: at("2026-12-01", "11:30") }, NOW),
    ).rejects.toMatchObject({ bookingCode: "slot_taken" });
    // …then the alternatives are read from Cal.com's slots.
    expect(fake.requests.at(-2)).toMatchObject({ path: `/v2/bookings/${booking.externalId}/reschedule`, status: 400 });
  });

  it("a key Cal.com stops accepting breaks the connection; disconnecting returns to the built-in calendar", async () => {
    const { tenant, type } = await practice("cal-broken");
    await platformDb().bookingCalendar.update({
      where: { tenantId: tenant.id },
      data: { calcomApiKey: (await import("@articulate/db")).encryptSecret("cal_live_revoked0000") },
    });
    await expect(
      checkAvailability({ tenantId: tenant.id, appointmentTypeId: type.id, fromDate: "2026-12-01" }, NOW),
    ).rejects.toThrow(CalendarUnavailableError);
    expect((await row(tenant.id)).connectionError).toMatch(/stopped accepting the API key/);

    await disconnectCalcom(tenant.id);
    expect(await row(tenant.id)).toMatchObject({ provider: "BUILT_IN", calcomApiKey: null, connectionError: null });
    const a = await checkAvailability({ tenantId: tenant.id, appointmentTypeId: type.id, fromDate: "2026-12-01" }, NOW);
    expect(a.slots.length).toBe(31); // our own hours again: 09:00 to 16:30 on the quarter-hour grid
  });
});
