// The receptionist books during a (text) call: the booking tools are offered
// when the agent has appointment types, the model's tool calls reach the real
// built-in calendar, and the booking and every tool call land on the call.
import {
  addDays,
  bookingTools,
  createAppointmentType,
  instantAt,
  mondayOf,
  spokenTime,
  wallClock,
} from "@articulate/booking";
import { platformDb } from "@articulate/db";
import { describe, expect, it } from "vitest";
import { callerHangsUp, startTestCall } from "./call-harness";
import { createReceptionTenant, OPEN_TUESDAY } from "./fixtures";

const TZ = "Australia/Sydney";

describe("booking during a call", () => {
  it("checks availability, books after the read-back, and records the booking and tool calls on the call", async () => {
    const f = await createReceptionTenant("book", { agent: { holidayRegion: null } });
    await createAppointmentType(f.tenantId, {
      name: "Check-up and clean",
      agentId: f.agentId,
      durationMinutes: 45,
      minNoticeMinutes: 0,
    });
    // A Monday two to three weeks ahead, so the test never ages.
    const day = mondayOf(addDays(wallClock(new Date(), TZ).date, 14));
    const nine = instantAt(day, 9 * 60, TZ)!;
    const checkArgs = { appointmentType: "Check-up and clean", fromDate: day };
    // What the tool will answer (same calendar, same moment): the model's next input.
    const offer = await bookingTools({
      tenantId: f.tenantId,
      agentId: f.agentId,
      callId: null,
      callerNumber: null,
      timeZone: TZ,
    }).check_availability.execute(checkArgs);
    expect(offer).toContain(nine.toISOString());
    const bookArgs = {
      appointmentType: "Check-up and clean",
      start: nine.toISOString(),
      callerName: "Mia Nguyen",
      confirmedWithCaller: true,
    };
    const booked = `Booked: Check-up and clean on ${spokenTime(nine, TZ)} for Mia Nguyen. Confirm it to the caller.`;
    const { session, active } = await startTestCall(f, {
      at: OPEN_TUESDAY,
      responses: [
        {
          input: "Can I book a check-up and clean on Monday?",
          toolCalls: [{ name: "check_availability", args: checkArgs }],
        },
        { input: JSON.stringify(offer), content: "I can do 9 am. Shall I book that?" },
        { input: "Yes, 9 am please, I'm Mia Nguyen", toolCalls: [{ name: "book_appointment", args: bookArgs }] },
        { input: JSON.stringify(booked), content: "You're booked in." },
      ],
    });
    const first = await session.run({ userInput: "Can I book a check-up and clean on Monday?" }).wait();
    first.expect.nextEvent().isFunctionCall({ name: "check_availability", args: checkArgs });
    first.expect.nextEvent().isFunctionCallOutput({ isError: false });
    const second = await session.run({ userInput: "Yes, 9 am please, I'm Mia Nguyen" }).wait();
    second.expect.nextEvent().isFunctionCall({ name: "book_appointment", args: bookArgs });
    second.expect.nextEvent().isFunctionCallOutput({ isError: false });

    const booking = await platformDb().booking.findFirstOrThrow({ where: { tenantId: f.tenantId } });
    expect(booking).toMatchObject({
      callId: active.callId,
      callerName: "Mia Nguyen",
      callerPhone: "+61412000000",
      source: "AGENT",
    });
    expect(booking.startsAt.toISOString()).toBe(nine.toISOString());
    const log = await platformDb().callToolInvocation.findMany({
      where: { callId: active.callId },
      orderBy: { createdAt: "asc" },
    });
    expect(log.map((l) => [l.tool, l.ok, l.result])).toEqual([
      ["check_availability", true, offer],
      ["book_appointment", true, booked],
    ]);
    callerHangsUp(session);
    await active.ended;
  });

  it("offers no booking tools when the agent has no appointment types", async () => {
    const f = await createReceptionTenant("book-none");
    const { session, active } = await startTestCall(f, { at: OPEN_TUESDAY });
    const tools = Object.keys(
      (session as unknown as { agent?: { toolCtx?: Record<string, unknown> } }).agent?.toolCtx ?? {},
    );
    expect(tools).not.toContain("check_availability");
    callerHangsUp(session);
    await active.ended;
  });
});
