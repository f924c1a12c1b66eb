// Booking on a real-audio call (the harness of audio-calls.test.ts, see
// docs/voice-testing.md): the caller asks for an appointment, hears the times
// the real built-in calendar offers, picks one, says yes to the read-back, and
// the booking is in the database, linked to the call. The stand-in model reads
// the tools' output as a real one would: it speaks the offered times, and books
// an exact start time check_availability returned.
import { addDays, createAppointmentType, mondayOf, wallClock } from "@articulate/booking";
import { forTenant } from "@articulate/db";
import { beforeAll, describe, expect, it } from "vitest";
import { ms, prepareCallerSpeech, startAudioCall } from "./audio/audio-call";
import { AGENT_VOICE, speechToolsAvailable, synthesize } from "./audio/phone-audio";
import { type AfterTool, type LlmRule, NO_DELAYS } from "./audio/stand-ins";
import { createReceptionTenant, OPEN_TUESDAY } from "./fixtures";

const TZ = "Australia/Sydney";
const TYPE = "Check-up";
const ASK = "Hi, can I book a check-up next week?";
const PICK = "The first one please, I'm Mia Nguyen.";
const YES = "Yes, that's right.";

// The working week after next: always bookable, so the test never ages.
const fromDate = mondayOf(addDays(wallClock(new Date(), TZ).date, 7));
const search = { appointmentType: TYPE, fromDate, toDate: addDays(fromDate, 4) };

/** What the model learnt from check_availability: the exact start times, and the sentence offering them. */
const offered: { starts: string[]; said: string | null } = { starts: [], said: null };

const book = (confirmedWithCaller: boolean) => () => ({
  appointmentType: TYPE,
  start: offered.starts[0] ?? "none offered",
  callerName: "Mia Nguyen",
  confirmedWithCaller,
});
const RULES: readonly LlmRule[] = [
  { when: /book a check-up/i, tool: { name: "check_availability", args: () => search } },
  { when: /first one/i, tool: { name: "book_appointment", args: book(false) } },
  { when: /^yes/i, tool: { name: "book_appointment", args: book(true) } },
];

function offerFrom(toolOutput: string): string {
  const text = JSON.parse(toolOutput) as string;
  const free = /^Free for [^:]+: (.+)\. Exact start times: (.+)\.$/.exec(text);
  if (!free) return text;
  offered.starts = (free[2] ?? "").split(", ");
  offered.said = `I can do ${free[1]}.`;
  return `${offered.said} Which suits you?`;
}
const AFTER_TOOL: AfterTool = {
  check_availability: offerFrom,
  book_appointment: (out) => {
    const text = JSON.parse(out) as string;
    const readBack = /^Read back: (.+?)\. Ask the caller/.exec(text)?.[1];
    if (readBack) return `Just to confirm, ${readBack}. Is that right?`;
    return /^Booked: /.test(text) ? "You're booked in. See you then!" : text;
  },
};

beforeAll(async () => {
  if (!(await speechToolsAvailable()))
    throw new Error("the audio harness needs espeak-ng and sox (apt-get install -y espeak-ng sox)");
  await prepareCallerSpeech([ASK, PICK, YES]);
}, 180_000);

describe("audio calls: booking", () => {
  it("the caller asks for an appointment, hears the times offered, accepts, and the booking is linked to the call", async () => {
    const fixture = await createReceptionTenant("audio-booking", { agent: { holidayRegion: null } });
    await createAppointmentType(fixture.tenantId, {
      name: TYPE,
      agentId: fixture.agentId,
      durationMinutes: 30,
      minNoticeMinutes: 0,
    });
    const call = await startAudioCall({
      fixture,
      at: OPEN_TUESDAY,
      rules: RULES,
      afterTool: AFTER_TOOL,
      delays: NO_DELAYS,
      name: "booking",
    });
    const bookings = () => forTenant(fixture.tenantId).booking.findMany({ where: { tenantId: fixture.tenantId } });
    await call.line.agentFinished();
    const asked = await call.say(ASK);
    await call.line.agentFinished();

    // Heard: the offered times, whole, after the question.
    expect(offered.said).not.toBeNull();
    expect(offered.starts.length).toBeGreaterThan(0);
    expect(call.tts.texts).toContain(offered.said);
    const offer = call.line.agentAudioAfter(asked.lastVoiced);
    expect(offer).not.toBeNull();
    expect(offer!.interrupted).toBe(false);
    const offerSpeech = await synthesize(offered.said!, AGENT_VOICE);
    expect(ms(offer!.end - offer!.start)).toBeGreaterThan(ms(offerSpeech.length) - 500);

    const picked = await call.say(PICK);
    await call.line.agentFinished();
    expect(call.line.agentAudioAfter(picked.lastVoiced)).not.toBeNull();
    expect(call.tts.texts.some((t) => t.startsWith("Just to confirm, Check-up on "))).toBe(true);
    expect(await bookings()).toEqual([]); // nothing booked before the caller says yes

    await call.say(YES);
    await call.line.agentFinished();
    expect(call.tts.texts).toContain("You're booked in. See you then!");
    call.hangUp();
    expect((await call.finish()).reason).toBe("CALLER_HUNG_UP");

    const [booking, ...others] = await bookings();
    expect(others).toEqual([]);
    expect(booking).toMatchObject({
      status: "CONFIRMED",
      source: "AGENT",
      callId: call.active.callId,
      callerName: "Mia Nguyen",
      callerPhone: "+61412000000",
    });
    expect(booking!.startsAt.toISOString()).toBe(new Date(offered.starts[0]!).toISOString());
    const tools = await forTenant(fixture.tenantId).callToolInvocation.findMany({
      where: { callId: call.active.callId },
      orderBy: { createdAt: "asc" },
    });
    expect(tools.map((t) => [t.tool, t.ok])).toEqual([
      ["check_availability", true],
      ["book_appointment", true],
      ["book_appointment", true],
    ]);
  }, 120_000);
});
