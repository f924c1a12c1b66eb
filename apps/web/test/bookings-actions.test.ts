// Bookings from the dashboard, through the real authorising wrapper: dd/mm/yyyy
// input in the business's timezone, the booking rules' field errors, role checks,
// another business's booking (404, untouched), and the .ics feed route.
import crypto from "node:crypto";
import { addDays, bookingFeedPath, createAppointmentType, instantAt, mondayOf, wallClock } from "@articulate/booking";
import { platformDb } from "@articulate/db";
import { describe, expect, it, vi } from "vitest";

const session = vi.hoisted(() => ({
  user: null as null | {
    id: string;
    email: string;
    name: string | null;
    emailVerified: Date | null;
    isPlatformAdmin: boolean;
  },
}));
vi.mock("@/lib/authz/session", () => ({ getSessionUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { addBookingAction, cancelBookingAction, moveBookingAction, saveAppointmentTypeAction } = await import(
  "@/modules/bookings/actions"
);
const { GET: feedRoute } = await import("@/app/api/calendar/[tenantId]/[token]/route");

const idle = { status: "idle" } as const;
const hours = { open: "09:00", close: "17:00" };
const weekdays = { mon: [hours], tue: [hours], wed: [hours], thu: [hours], fri: [hours] };

async function business(label: string) {
  const suffix = crypto.randomBytes(4).toString("hex");
  const tenant = await platformDb().tenant.create({
    data: { slug: `${label}-${suffix}`, name: `${label} ${suffix}`, timezone: "Australia/Brisbane" },
  });
  const agent = await platformDb().agent.create({
    data: {
      tenantId: tenant.id,
      name: "Ava",
      greeting: "Hi",
      instructions: "-",
      timezone: "Australia/Brisbane",
      holidayRegion: null,
      businessHours: weekdays,
    },
  });
  const type = await createAppointmentType(tenant.id, {
    name: "Consult",
    agentId: agent.id,
    durationMinutes: 30,
    minNoticeMinutes: 0,
  });
  return { tenant, agent, type };
}

async function member(tenantId: string, role: "OWNER" | "ADMIN" | "MEMBER") {
  const u = await platformDb().user.create({
    data: { email: `${role.toLowerCase()}-${crypto.randomBytes(4).toString("hex")}@test.local` },
  });
  await platformDb().membership.create({ data: { tenantId, userId: u.id, role } });
  return { id: u.id, email: u.email, name: null, emailVerified: null, isPlatformAdmin: false };
}

// A Monday two to three weeks ahead (in Brisbane), so the test never ages.
const BNE = "Australia/Brisbane";
const monday = mondayOf(addDays(wallClock(new Date(), BNE).date, 14));
const au = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
const FUTURE = au(monday);
const SATURDAY = au(addDays(monday, 5));
const isoAt = (hhmm: number) => instantAt(monday, hhmm, BNE)!.toISOString();
describe("bookings from the dashboard", () => {
  it("adds a booking typed as dd/mm/yyyy in the business's timezone, moves it, and cancels it (audited)", async () => {
    const { tenant, type } = await business("bk-add");
    session.user = await member(tenant.id, "MEMBER");
    const added = await addBookingAction(idle, {
      slug: tenant.slug,
      appointmentTypeId: type.id,
      date: FUTURE,
      time: "9:30 am",
      callerName: "Mia Nguyen",
      callerPhone: "0412 345 678",
    });
    expect(added).toMatchObject({ status: "success" });
    const booking = await platformDb().booking.findFirstOrThrow({ where: { tenantId: tenant.id } });
    expect(booking.startsAt.toISOString()).toBe(isoAt(9 * 60 + 30)); // Brisbane, +10
    expect(booking.source).toBe("DASHBOARD");

    expect(
      await moveBookingAction(idle, { slug: tenant.slug, bookingId: booking.id, date: FUTURE, time: "14:00" }),
    ).toMatchObject({
      status: "success",
    });
    expect((await platformDb().booking.findUniqueOrThrow({ where: { id: booking.id } })).startsAt.toISOString()).toBe(
      isoAt(14 * 60),
    );
    expect(await cancelBookingAction(idle, { slug: tenant.slug, bookingId: booking.id })).toMatchObject({
      status: "success",
    });
    const audit = await platformDb().auditLog.findMany({
      where: { tenantId: tenant.id, targetId: booking.id },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual(["booking.created", "booking.rescheduled", "booking.cancelled"]);
  });

  it("names the field for bad dates, times outside hours and bad phone numbers, and writes nothing", async () => {
    const { tenant, type } = await business("bk-bad");
    session.user = await member(tenant.id, "MEMBER");
    const base = {
      slug: tenant.slug,
      appointmentTypeId: type.id,
      callerName: "Mia",
      callerPhone: "0412 345 678",
      time: "10:00",
    };
    expect(await addBookingAction(idle, { ...base, date: monday })).toMatchObject({
      status: "error",
      code: 400,
      fieldErrors: { date: "Enter the date as dd/mm/yyyy" },
    });
    expect(await addBookingAction(idle, { ...base, date: `31/02/${monday.slice(0, 4)}` })).toMatchObject({
      status: "error",
      fieldErrors: { date: "That date doesn't exist" },
    });
    expect(await addBookingAction(idle, { ...base, date: FUTURE, time: "25:00" })).toMatchObject({
      status: "error",
      fieldErrors: { time: expect.any(String) },
    });
    const closed = await addBookingAction(idle, { ...base, date: SATURDAY, time: "10:00" });
    expect(closed).toMatchObject({ status: "error", message: "That time isn't available for this appointment." });
    expect(await addBookingAction(idle, { ...base, date: FUTURE, callerPhone: "not a number" })).toMatchObject({
      status: "error",
      fieldErrors: { callerPhone: "must be a phone number" },
    });
    expect(await platformDb().booking.count({ where: { tenantId: tenant.id } })).toBe(0);
  });

  it("lets only admins add appointment types, and 404s another business's booking without touching it", async () => {
    const a = await business("bk-iso-a");
    const b = await business("bk-iso-b");
    session.user = await member(a.tenant.id, "MEMBER");
    expect(
      await saveAppointmentTypeAction(idle, {
        slug: a.tenant.slug,
        name: "Clean",
        agentId: a.agent.id,
        durationMinutes: "30",
        bufferMinutes: "0",
        minNoticeHours: "2",
        maxDaysAhead: "60",
      }),
    ).toMatchObject({ status: "error", code: 403 });
    session.user = await member(a.tenant.id, "ADMIN");
    expect(
      await saveAppointmentTypeAction(idle, {
        slug: a.tenant.slug,
        name: "Clean",
        agentId: a.agent.id,
        durationMinutes: "30",
        bufferMinutes: "5",
        minNoticeHours: "1.5",
        maxDaysAhead: "60",
      }),
    ).toMatchObject({ status: "success" });
    expect(
      await platformDb().appointmentType.findFirst({ where: { tenantId: a.tenant.id, name: "Clean" } }),
    ).toMatchObject({ minNoticeMinutes: 90, bufferMinutes: 5 });
    // B's agent id in A's form is refused naming the field.
    expect(
      await saveAppointmentTypeAction(idle, {
        slug: a.tenant.slug,
        name: "Other",
        agentId: b.agent.id,
        durationMinutes: "30",
        bufferMinutes: "0",
        minNoticeHours: "2",
        maxDaysAhead: "60",
      }),
    ).toMatchObject({ status: "error", fieldErrors: { agentId: "is not one of this business's agents" } });

    session.user = await member(b.tenant.id, "OWNER");
    await addBookingAction(idle, {
      slug: b.tenant.slug,
      appointmentTypeId: b.type.id,
      date: FUTURE,
      time: "11:00",
      callerName: "Sam",
      callerPhone: "0499 000 111",
    });
    const bBooking = await platformDb().booking.findFirstOrThrow({ where: { tenantId: b.tenant.id } });
    session.user = await member(a.tenant.id, "OWNER");
    expect(await cancelBookingAction(idle, { slug: a.tenant.slug, bookingId: bBooking.id })).toMatchObject({
      status: "error",
      code: 404,
    });
    expect(
      await moveBookingAction(idle, { slug: a.tenant.slug, bookingId: bBooking.id, date: FUTURE, time: "12:00" }),
    ).toMatchObject({ status: "error" });
    expect(await platformDb().booking.findUniqueOrThrow({ where: { id: bBooking.id } })).toMatchObject({
      status: "CONFIRMED",
      startsAt: bBooking.startsAt,
    });
  });

  it("serves the .ics feed for the signed link and 404s anything else", async () => {
    const { tenant, type } = await business("bk-ics");
    session.user = await member(tenant.id, "OWNER");
    await addBookingAction(idle, {
      slug: tenant.slug,
      appointmentTypeId: type.id,
      date: FUTURE,
      time: "9:00",
      callerName: "Mia",
      callerPhone: "0412 345 678",
    });
    const path = await bookingFeedPath(tenant.id);
    const [, , , tenantId, tokenFile] = path.split("/");
    const ok = await feedRoute(new Request(`http://localhost${path}`), {
      params: Promise.resolve({ tenantId: tenantId!, token: tokenFile! }),
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(await ok.text()).toContain("SUMMARY:Consult: Mia");
    const bad = await feedRoute(new Request("http://localhost/x"), {
      params: Promise.resolve({ tenantId: tenantId!, token: `${"A".repeat(43)}.ics` }),
    });
    expect(bad.status).toBe(404);
  });
});
