// The built-in calendar against real PostgreSQL: atomic booking under a race,
// alternatives when a slot is gone, the caller-verification rule, reschedule
// and cancel, and tenant isolation.
import crypto from "node:crypto";
import { forTenant, platformDb } from "@articulate/db";
import { createWebhookEndpoint } from "@articulate/webhooks";
import { describe, expect, it } from "vitest";
import {
  BookingError,
  bookAppointment,
  cancelBooking,
  checkAvailability,
  createAppointmentType,
  findCallerBookings,
  instantAt,
  rescheduleBooking,
} from "../src/index";

const TZ = "Australia/Sydney";
const hours = { open: "09:00", close: "17:00" };
// Monday 30 November 2026, 08:00 in Sydney: "now" for every test.
const NOW = instantAt("2026-11-30", 8 * 60, TZ)!;

async function practice(label: string) {
  const suffix = crypto.randomBytes(5).toString("hex");
  const tenant = await platformDb().tenant.create({ data: { slug: `${label}-${suffix}`, name: `${label} ${suffix}` } });
  const agent = await platformDb().agent.create({
    data: {
      tenantId: tenant.id,
      name: "Reception",
      greeting: "Hello",
      instructions: "Be helpful.",
      timezone: TZ,
      holidayRegion: "AU-NSW",
      businessHours: { mon: [hours], tue: [hours], wed: [hours], thu: [hours], fri: [hours] },
    },
  });
  const type = await createAppointmentType(tenant.id, {
    name: "Check-up and clean",
    agentId: agent.id,
    durationMinutes: 45,
    bufferMinutes: 15,
    minNoticeMinutes: 60,
  });
  return { tenant, agent, type };
}

const at = (date: string, hhmm: string) => instantAt(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), TZ)!;
const caller = { callerName: "Mia Nguyen", callerPhone: "0412 345 678" };

describe("built-in calendar", () => {
  it("offers a few spread options for a day, in the business's hours", async () => {
    const { tenant, type } = await practice("avail");
    const a = await checkAvailability({ tenantId: tenant.id, appointmentTypeId: type.id, fromDate: "2026-12-01" }, NOW);
    expect(a.timeZone).toBe(TZ);
    expect(a.slots[0]!.start.toISOString()).toBe(at("2026-12-01", "09:00").toISOString());
    expect(a.options).toHaveLength(3);
    const afternoon = await checkAvailability(
      { tenantId: tenant.id, appointmentTypeId: type.id, fromDate: "2026-12-01", after: "13:00" },
      NOW,
    );
    expect(afternoon.slots[0]!.start.toISOString()).toBe(at("2026-12-01", "13:00").toISOString());
  });

  it("books exactly one of 20 concurrent attempts at one slot; the rest are offered other times", async () => {
    const { tenant, type } = await practice("race");
    const start = at("2026-12-02", "10:00");
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, n) =>
        bookAppointment(
          {
            tenantId: tenant.id,
            appointmentTypeId: type.id,
            start,
            callerName: `Caller ${n}`,
            callerPhone: `+6141200${String(1000 + n)}`,
            source: "AGENT",
          },
          NOW,
        ),
      ),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const r of lost) {
      expect(r.reason).toBeInstanceOf(BookingError);
      expect((r.reason as BookingError).bookingCode).toBe("slot_taken");
      expect((r.reason as BookingError).alternatives.length).toBeGreaterThan(0);
    }
    expect(await platformDb().booking.count({ where: { tenantId: tenant.id, status: "CONFIRMED" } })).toBe(1);
    // The buffer holds too: 10:45 (inside 10:00–10:45 + 15 min) is refused, 11:00 is free.
    await expect(
      bookAppointment(
        {
          tenantId: tenant.id,
          appointmentTypeId: type.id,
          start: at("2026-12-02", "10:45"),
          ...caller,
          source: "AGENT",
        },
        NOW,
      ),
    ).rejects.toMatchObject({ bookingCode: "slot_taken" });
    await bookAppointment(
      { tenantId: tenant.id, appointmentTypeId: type.id, start: at("2026-12-02", "11:00"), ...caller, source: "AGENT" },
      NOW,
    );
  });

  it("refuses a past time, a time outside hours and an unknown type with errors the agent can speak around", async () => {
    const { tenant, type } = await practice("refuse");
    const book = (start: Date, appointmentTypeId = type.id) =>
      bookAppointment({ tenantId: tenant.id, appointmentTypeId, start, ...caller, source: "AGENT" }, NOW);
    await expect(book(at("2026-11-27", "10:00"))).rejects.toMatchObject({
      bookingCode: "slot_unavailable",
      message: "That time has already passed.",
    });
    await expect(book(at("2026-12-01", "18:00"))).rejects.toMatchObject({ bookingCode: "slot_unavailable" });
    await expect(book(at("2026-12-05", "10:00"))).rejects.toMatchObject({ bookingCode: "slot_unavailable" }); // Saturday
    await expect(book(at("2026-12-25", "10:00"))).rejects.toMatchObject({ bookingCode: "slot_unavailable" }); // Christmas
    await expect(book(at("2026-12-01", "10:07"))).rejects.toMatchObject({ bookingCode: "slot_unavailable" }); // off the grid
    await expect(book(at("2026-12-01", "10:00"), "no-such-type")).rejects.toMatchObject({
      bookingCode: "unknown_appointment_type",
    });
    await expect(
      bookAppointment(
        {
          tenantId: tenant.id,
          appointmentTypeId: type.id,
          start: at("2026-12-01", "10:00"),
          callerName: "Mia",
          callerPhone: "call me maybe",
          source: "AGENT",
        },
        NOW,
      ),
    ).rejects.toMatchObject({ code: "invalid_input", field: "callerPhone" });
    expect(await platformDb().booking.count({ where: { tenantId: tenant.id } })).toBe(0);
  });

  it("shows, moves and cancels a booking only for its own caller, after the name matches", async () => {
    const { tenant, type } = await practice("verify");
    const booking = await bookAppointment(
      { tenantId: tenant.id, appointmentTypeId: type.id, start: at("2026-12-03", "09:00"), ...caller, source: "AGENT" },
      NOW,
    );
    expect(booking.callerPhone).toBe("+61412345678");
    const mine = await findCallerBookings({ tenantId: tenant.id, callerPhone: "+61412345678", callerName: "mia" }, NOW);
    expect(mine.map((b) => b.id)).toEqual([booking.id]);
    expect(mine[0]!.appointmentTypeName).toBe("Check-up and clean");
    // Same phone, wrong name; right name, other phone: nothing revealed.
    expect(
      await findCallerBookings({ tenantId: tenant.id, callerPhone: "+61412345678", callerName: "Sam" }, NOW),
    ).toEqual([]);
    expect(
      await findCallerBookings({ tenantId: tenant.id, callerPhone: "+61499999999", callerName: "Mia" }, NOW),
    ).toEqual([]);
    // Another caller can neither move nor cancel it.
    await expect(
      cancelBooking({ tenantId: tenant.id, bookingId: booking.id, callerPhone: "+61499999999" }, NOW),
    ).rejects.toMatchObject({ bookingCode: "booking_not_found" });
    await expect(
      rescheduleBooking(
        { tenantId: tenant.id, bookingId: booking.id, callerPhone: "+61499999999", start: at("2026-12-03", "11:00") },
        NOW,
      ),
    ).rejects.toMatchObject({ bookingCode: "booking_not_found" });
    // Its caller moves it 15 minutes later (overlapping its own old slot is fine) and then cancels.
    const moved = await rescheduleBooking(
      { tenantId: tenant.id, bookingId: booking.id, callerPhone: "0412 345 678", start: at("2026-12-03", "09:15") },
      NOW,
    );
    expect(moved.startsAt.toISOString()).toBe(at("2026-12-03", "09:15").toISOString());
    const cancelled = await cancelBooking(
      { tenantId: tenant.id, bookingId: booking.id, callerPhone: "+61412345678" },
      NOW,
    );
    expect(cancelled.status).toBe("CANCELLED");
    const again = await checkAvailability(
      { tenantId: tenant.id, appointmentTypeId: type.id, fromDate: "2026-12-03" },
      NOW,
    );
    expect(again.slots[0]!.start.toISOString()).toBe(at("2026-12-03", "09:00").toISOString());
  });

  it("keeps each business's calendar to itself", async () => {
    const a = await practice("iso-a");
    const b = await practice("iso-b");
    const booking = await bookAppointment(
      {
        tenantId: a.tenant.id,
        appointmentTypeId: a.type.id,
        start: at("2026-12-04", "09:00"),
        ...caller,
        source: "AGENT",
      },
      NOW,
    );
    // B can't book A's type, see A's booking, or cancel it.
    await expect(
      bookAppointment(
        {
          tenantId: b.tenant.id,
          appointmentTypeId: a.type.id,
          start: at("2026-12-04", "10:00"),
          ...caller,
          source: "AGENT",
        },
        NOW,
      ),
    ).rejects.toMatchObject({ bookingCode: "unknown_appointment_type" });
    expect(await findCallerBookings({ tenantId: b.tenant.id, ...caller }, NOW)).toEqual([]);
    await expect(cancelBooking({ tenantId: b.tenant.id, bookingId: booking.id }, NOW)).rejects.toMatchObject({
      bookingCode: "booking_not_found",
    });
    // A's booking does not block B's calendar.
    const bSlots = await checkAvailability(
      { tenantId: b.tenant.id, appointmentTypeId: b.type.id, fromDate: "2026-12-04" },
      NOW,
    );
    expect(bSlots.slots[0]!.start.toISOString()).toBe(at("2026-12-04", "09:00").toISOString());
    // Nor look up A's type's availability (the one-query read is tenant-scoped too).
    await expect(
      checkAvailability({ tenantId: b.tenant.id, appointmentTypeId: a.type.id, fromDate: "2026-12-04" }, NOW),
    ).rejects.toMatchObject({ bookingCode: "unknown_appointment_type" });
  });

  it("refuses appointment types with neither hours nor an agent, and duplicate names, naming the field", async () => {
    const { tenant, agent } = await practice("types");
    await expect(createAppointmentType(tenant.id, { name: "Consult", durationMinutes: 30 })).rejects.toMatchObject({
      field: "openHours",
    });
    await expect(
      createAppointmentType(tenant.id, { name: "Check-up and clean", agentId: agent.id, durationMinutes: 30 }),
    ).rejects.toMatchObject({ field: "name" });
    await expect(
      createAppointmentType(tenant.id, { name: "Consult", agentId: "someone-elses-agent", durationMinutes: 30 }),
    ).rejects.toMatchObject({ field: "agentId" });
  });

  it("emits booking.created, booking.updated and booking.cancelled with the booking, in its own transaction", async () => {
    const { tenant, type } = await practice("hooks");
    await createWebhookEndpoint(tenant.id, { url: "https://example.test/hooks" }, { actorType: "system" });
    const booking = await bookAppointment(
      { tenantId: tenant.id, appointmentTypeId: type.id, start: at("2026-12-03", "09:00"), ...caller, source: "AGENT" },
      NOW,
    );
    await rescheduleBooking({ tenantId: tenant.id, bookingId: booking.id, start: at("2026-12-03", "10:00") }, NOW);
    await cancelBooking({ tenantId: tenant.id, bookingId: booking.id }, NOW);
    // A refused booking queues nothing.
    await expect(
      bookAppointment(
        {
          tenantId: tenant.id,
          appointmentTypeId: type.id,
          start: at("2026-12-05", "09:00"),
          ...caller,
          source: "AGENT",
        },
        NOW,
      ),
    ).rejects.toBeInstanceOf(BookingError);
    const rows = await forTenant(tenant.id).webhookDelivery.findMany({ where: {}, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => r.eventType)).toEqual(["booking.created", "booking.updated", "booking.cancelled"]);
    expect(rows[1]!.payload).toMatchObject({
      data: {
        booking: {
          id: booking.id,
          appointmentType: "Check-up and clean",
          startsAt: at("2026-12-03", "10:00").toISOString(),
          callerPhone: "+61412345678",
          status: "CONFIRMED",
        },
      },
    });
    expect(rows[2]!.payload).toMatchObject({ data: { booking: { status: "CANCELLED" } } });
  });

  it("audits a member's or API key's change in the change's transaction; a refused change writes none", async () => {
    const { tenant, type } = await practice("audit");
    const member = { type: "user" as const, id: "user_member_1" };
    const booking = await bookAppointment(
      {
        tenantId: tenant.id,
        appointmentTypeId: type.id,
        start: at("2026-12-03", "09:00"),
        ...caller,
        source: "DASHBOARD",
        actor: member,
      },
      NOW,
    );
    await rescheduleBooking(
      { tenantId: tenant.id, bookingId: booking.id, start: at("2026-12-03", "10:00"), actor: member },
      NOW,
    );
    // Taken slot: the booking is refused, so its audit entry is never written.
    await expect(
      bookAppointment(
        {
          tenantId: tenant.id,
          appointmentTypeId: type.id,
          start: at("2026-12-03", "10:00"),
          ...caller,
          source: "API",
          actor: { type: "api_key", id: "key_1" },
        },
        NOW,
      ),
    ).rejects.toBeInstanceOf(BookingError);
    await cancelBooking({ tenantId: tenant.id, bookingId: booking.id, actor: { type: "api_key", id: "key_1" } }, NOW);
    // The agent's own booking (no actor) is recorded on its call, not in the audit log.
    await bookAppointment(
      { tenantId: tenant.id, appointmentTypeId: type.id, start: at("2026-12-04", "09:00"), ...caller, source: "AGENT" },
      NOW,
    );
    const entries = await forTenant(tenant.id).auditLog.findMany({
      where: { targetType: "Booking" },
      orderBy: { createdAt: "asc" },
    });
    expect(entries.map((e) => [e.action, e.actorType, e.actorId, e.targetId])).toEqual([
      ["booking.created", "user", "user_member_1", booking.id],
      ["booking.rescheduled", "user", "user_member_1", booking.id],
      ["booking.cancelled", "api_key", "key_1", booking.id],
    ]);
    expect(entries[1]!.data).toEqual({ startsAt: at("2026-12-03", "10:00").toISOString() });
  });

  it("refuses an actor of an unknown kind, naming the field", async () => {
    const { tenant, type } = await practice("audit-bad");
    await expect(
      bookAppointment(
        {
          tenantId: tenant.id,
          appointmentTypeId: type.id,
          start: at("2026-12-03", "09:00"),
          ...caller,
          source: "DASHBOARD",
          // @ts-expect-error: an actor kind the audit log does not know
          actor: { type: "robot", id: "r1" },
        },
        NOW,
      ),
    ).rejects.toMatchObject({ field: "actor.type" });
  });
});
