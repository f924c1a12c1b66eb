// The receptionist's booking tools as the model calls them: concrete dates
// only, read-back before booking, slot taken → other options, a caller's own
// bookings only, every invocation recorded on the call, and a calendar that
// does not answer turned into a message.
import crypto from "node:crypto";
import { startCall } from "@articulate/calls";
import { platformDb } from "@articulate/db";
import { describe, expect, it } from "vitest";
import { bookingTools, createAppointmentType, instantAt } from "../src/index";

const TZ = "Australia/Sydney";
const NOW = instantAt("2026-11-30", 8 * 60, TZ)!; // Monday 08:00
const hours = { open: "09:00", close: "17:00" };

async function setup(label: string, callerNumber: string | null = "+61412345678") {
  const suffix = crypto.randomBytes(5).toString("hex");
  const tenant = await platformDb().tenant.create({ data: { slug: `${label}-${suffix}`, name: `${label} ${suffix}` } });
  const agent = await platformDb().agent.create({
    data: {
      tenantId: tenant.id,
      name: "Ava",
      greeting: "Hello",
      instructions: "Be helpful.",
      businessHours: { mon: [hours], tue: [hours], wed: [hours], thu: [hours], fri: [hours] },
    },
  });
  await createAppointmentType(tenant.id, { name: "Check-up and clean", agentId: agent.id, durationMinutes: 45 });
  const call = await startCall({
    tenantId: tenant.id,
    roomName: `call_${suffix}`,
    direction: "INBOUND",
    fromNumber: callerNumber ?? "anonymous",
    toNumber: "+61255504477",
    agentId: agent.id,
  });
  const tools = bookingTools({
    tenantId: tenant.id,
    agentId: agent.id,
    callId: call.id,
    callerNumber,
    timeZone: TZ,
    now: () => NOW,
  });
  return { tenant, agent, call, tools };
}

const nineAm = instantAt("2026-12-01", 9 * 60, TZ)!.toISOString();

describe("booking tools", () => {
  it("accepts only concrete dates: 'next Tuesday arvo' is for the agent to ask about", () => {
    const { parameters } = bookingTools({
      tenantId: "t",
      agentId: "a",
      callId: null,
      callerNumber: null,
      timeZone: TZ,
    }).check_availability;
    expect(parameters.safeParse({ appointmentType: "clean", fromDate: "next Tuesday arvo" }).success).toBe(false);
    expect(parameters.safeParse({ appointmentType: "clean", fromDate: "2026-12-01", after: "12:00" }).success).toBe(
      true,
    );
  });

  it("finds times, reads back, books after a yes, and records every call on the call", async () => {
    const { tenant, call, tools } = await setup("tools-book");
    const offered = await tools.check_availability.execute({ appointmentType: "clean", fromDate: "2026-12-01" });
    expect(offered).toContain("Tuesday 1 December at 9 am");
    expect(offered).toContain(nineAm);

    const readBack = await tools.book_appointment.execute({
      appointmentType: "Check-up and clean",
      start: nineAm,
      callerName: "Mia Nguyen",
      confirmedWithCaller: false,
    });
    expect(readBack).toMatch(/^Read back: Check-up and clean on Tuesday 1 December at 9 am for Mia Nguyen/);
    expect(await platformDb().booking.count({ where: { tenantId: tenant.id } })).toBe(0);

    const booked = await tools.book_appointment.execute({
      appointmentType: "Check-up and clean",
      start: nineAm,
      callerName: "Mia Nguyen",
      confirmedWithCaller: true,
    });
    expect(booked).toBe(
      "Booked: Check-up and clean on Tuesday 1 December at 9 am for Mia Nguyen. Confirm it to the caller.",
    );
    const booking = await platformDb().booking.findFirstOrThrow({ where: { tenantId: tenant.id } });
    expect(booking).toMatchObject({ callId: call.id, callerPhone: "+61412345678", source: "AGENT" });

    const log = await platformDb().callToolInvocation.findMany({
      where: { callId: call.id },
      orderBy: { createdAt: "asc" },
    });
    expect(log.map((l) => [l.tool, l.ok])).toEqual([
      ["check_availability", true],
      ["book_appointment", true],
      ["book_appointment", true],
    ]);
    expect(log[2]!.result).toContain("Booked:");
  });

  it("offers other times when the slot went between check and book", async () => {
    const first = await setup("tools-race");
    await first.tools.book_appointment.execute({
      appointmentType: "clean",
      start: nineAm,
      callerName: "Mia",
      confirmedWithCaller: true,
    });
    const second = bookingTools({
      tenantId: first.tenant.id,
      agentId: first.agent.id,
      callId: null,
      callerNumber: "+61499000111",
      timeZone: TZ,
      now: () => NOW,
    });
    const answer = await second.book_appointment.execute({
      appointmentType: "clean",
      start: nineAm,
      callerName: "Sam",
      confirmedWithCaller: true,
    });
    expect(answer).toMatch(/^That time has just been taken\. Offer instead: Tuesday 1 December at 9:45 am/);
  });

  it("reveals, moves and cancels only the caller's own booking", async () => {
    const { tools, tenant } = await setup("tools-own");
    await tools.book_appointment.execute({
      appointmentType: "clean",
      start: nineAm,
      callerName: "Mia",
      confirmedWithCaller: true,
    });
    expect(await tools.find_my_appointments.execute({ callerName: "Sam" })).toBe(
      "No upcoming appointments found for this caller under that name and number.",
    );
    const found = await tools.find_my_appointments.execute({ callerName: "mia" });
    const bookingId = /booking (\w+)\)/.exec(found)?.[1];
    expect(bookingId).toBeTruthy();

    // Someone else calling about that booking id gets nothing.
    const stranger = bookingTools({
      tenantId: tenant.id,
      agentId: "x",
      callId: null,
      callerNumber: "+61499000222",
      timeZone: TZ,
      now: () => NOW,
    });
    expect(await stranger.cancel_appointment.execute({ bookingId: bookingId!, confirmedWithCaller: true })).toBe(
      "That booking wasn't found.",
    );

    const eleven = instantAt("2026-12-01", 11 * 60, TZ)!.toISOString();
    expect(
      await tools.reschedule_appointment.execute({
        bookingId: bookingId!,
        newStart: eleven,
        confirmedWithCaller: true,
      }),
    ).toBe("Moved to Tuesday 1 December at 11 am. Confirm it to the caller.");
    expect(await tools.cancel_appointment.execute({ bookingId: bookingId!, confirmedWithCaller: true })).toBe(
      "Cancelled the appointment on Tuesday 1 December at 11 am. Tell the caller.",
    );
  });

  it("turns a calendar that does not answer into a message someone will confirm", async () => {
    const { tenant, agent, call } = await setup("tools-down");
    const slow = bookingTools({
      tenantId: tenant.id,
      agentId: agent.id,
      callId: call.id,
      callerNumber: "+61412345678",
      timeZone: TZ,
      now: () => NOW,
      timeoutMs: 0,
    });
    const answer = await slow.book_appointment.execute({
      appointmentType: "clean",
      start: nineAm,
      callerName: "Mia Nguyen",
      confirmedWithCaller: true,
    });
    expect(answer).toContain("passed on as a message");
    const message = await platformDb().message.findFirstOrThrow({ where: { tenantId: tenant.id, callId: call.id } });
    expect(message.reason).toContain("Booking request: Check-up and clean on Tuesday 1 December at 9 am");
    expect(message.callbackNumber).toBe("+61412345678");
  });

  it("says so when the caller's number is withheld instead of guessing", async () => {
    const { tools } = await setup("tools-withheld", null);
    expect(await tools.find_my_appointments.execute({ callerName: "Mia" })).toContain("withheld");
    expect(
      await tools.book_appointment.execute({
        appointmentType: "clean",
        start: nineAm,
        callerName: "Mia",
        confirmedWithCaller: true,
      }),
    ).toBe("Ask for a phone number to put on the booking, then try again.");
  });
});
