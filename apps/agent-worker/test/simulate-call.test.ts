// simulate-call end to end against real PostgreSQL: the scripted caller, the
// real receptionist and the real persistence leave a complete call behind.

import { createAppointmentType } from "@articulate/booking";
import { AI_DISCLOSURE } from "@articulate/calls";
import { platformDb } from "@articulate/db";
import { describe, expect, it } from "vitest";
import { BOOKING_CALLER_NAME } from "../src/simulate-booking";
import { simulateCall } from "../src/simulate-call";
import { createReceptionTenant, OPEN_TUESDAY, TUESDAY_EVENING } from "./fixtures";

describe("simulateCall", () => {
  it("message script: greeting, message stored, agent ends; a test call, timed like a phone call, never billed", async () => {
    const f = await createReceptionTenant("sim-msg");
    const r = await simulateCall({ tenant: f.slug, script: "message", at: OPEN_TUESDAY });
    expect(r.plan).toBe("converse");
    expect(r.endReason).toBe("AGENT_ENDED");
    expect(r.transcript[0]).toEqual({
      speaker: "AGENT",
      text: `Thanks for calling Harbour Dental, this is Ava. ${AI_DISCLOSURE}`,
    });
    expect(r.transcript.map((s) => s.speaker)).toContain("CALLER");
    expect(r.transcript.at(-1)?.text).toBe("Thanks for calling. Goodbye!");
    const msg = await platformDb().message.findFirstOrThrow({ where: { tenantId: f.tenantId, callId: r.callId } });
    expect(msg).toMatchObject({
      callerName: "Sam Taylor",
      callbackNumber: "0412345678",
      reason: "Wants to move their Friday appointment",
      agentId: f.agentId,
    });
    const call = await platformDb().call.findUniqueOrThrow({ where: { id: r.callId }, include: { usageRecord: true } });
    expect(call).toMatchObject({
      status: "COMPLETED",
      finalizedBy: "WORKER",
      phoneNumberId: f.phoneNumberId,
      toNumber: f.e164,
      isTest: true,
      unbilledReason: "TEST_CALL",
      billableMinutes: 0,
    });
    expect(call.usageRecord).toBeNull();
    // Placed at the requested time, answered after a ring, and as long as its lines take to say.
    expect(call.startedAt.toISOString()).toBe(OPEN_TUESDAY.toISOString());
    const answered = call.answeredAt?.getTime() ?? 0;
    const ended = call.endedAt?.getTime() ?? 0;
    expect(answered).toBeGreaterThan(call.startedAt.getTime());
    expect(ended - answered).toBeGreaterThan(15_000);
    const segments = await platformDb().transcriptSegment.findMany({
      where: { callId: r.callId },
      orderBy: { sequence: "asc" },
    });
    for (let i = 1; i < segments.length; i++) {
      expect(segments[i]?.startMs ?? 0).toBeGreaterThan(segments[i - 1]?.endMs ?? 0);
    }
    expect(ended - answered).toBeGreaterThan(segments.at(-1)?.endMs ?? 0);
  });

  it("after hours (decided at the given time): the message is taken and the call ends with the after-hours reason", async () => {
    const f = await createReceptionTenant("sim-ah");
    const r = await simulateCall({ tenant: f.slug, script: "after-hours", at: TUESDAY_EVENING });
    expect(r).toMatchObject({ plan: "converse", situation: "after_hours", endReason: "AFTER_HOURS" });
    expect(r.messageIds).toHaveLength(1);
  });
});

describe("simulateCall booking scripts", () => {
  it("a caller books, then (later calls from the same number) moves and cancels it, through the real tools", async () => {
    const f = await createReceptionTenant("sim-book", { agent: { holidayRegion: null } });
    await createAppointmentType(f.tenantId, {
      name: "Check-up",
      agentId: f.agentId,
      durationMinutes: 30,
      minNoticeMinutes: 0,
    });
    const bookings = () => platformDb().booking.findMany({ where: { tenantId: f.tenantId } });

    const booked = await simulateCall({ tenant: f.slug, script: "book", at: OPEN_TUESDAY });
    expect(booked.endReason).toBe("AGENT_ENDED");
    const [made, ...others] = await bookings();
    expect(others).toEqual([]);
    expect(made).toMatchObject({
      status: "CONFIRMED",
      source: "AGENT",
      callId: booked.callId,
      callerName: BOOKING_CALLER_NAME,
      callerPhone: "+61412345678",
    });
    expect(booked.transcript.some((s) => s.speaker === "AGENT" && s.text.startsWith("Just to confirm:"))).toBe(true);
    const tools = async (callId: string) =>
      (await platformDb().callToolInvocation.findMany({ where: { callId }, orderBy: { createdAt: "asc" } })).map(
        (t) => [t.tool, t.ok],
      );
    expect(await tools(booked.callId)).toEqual([
      ["check_availability", true],
      ["book_appointment", true],
      ["book_appointment", true],
    ]);

    const moved = await simulateCall({ tenant: f.slug, script: "reschedule", at: OPEN_TUESDAY });
    expect(moved.endReason).toBe("AGENT_ENDED");
    const [after] = await bookings();
    expect(after).toMatchObject({ id: made!.id, status: "CONFIRMED" });
    expect(after!.startsAt.getTime()).toBeGreaterThan(made!.startsAt.getTime());
    expect(await tools(moved.callId)).toEqual([
      ["find_my_appointments", true],
      ["check_availability", true],
      ["reschedule_appointment", true],
      ["reschedule_appointment", true],
    ]);

    const cancelled = await simulateCall({ tenant: f.slug, script: "cancel", at: OPEN_TUESDAY });
    expect(cancelled.endReason).toBe("AGENT_ENDED");
    expect(await bookings()).toMatchObject([{ id: made!.id, status: "CANCELLED", startsAt: after!.startsAt }]);
    expect(await tools(cancelled.callId)).toEqual([
      ["find_my_appointments", true],
      ["cancel_appointment", true],
    ]);
  });

  it("a booking script for an agent with nothing to book says so", async () => {
    const f = await createReceptionTenant("sim-book-none");
    await expect(simulateCall({ tenant: f.slug, script: "book", at: OPEN_TUESDAY })).rejects.toThrow(
      /offers no appointment types/,
    );
  });
});
