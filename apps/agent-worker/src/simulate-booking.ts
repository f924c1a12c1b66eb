// simulate-call's booking scripts: a caller books an appointment, or (a later
// call from the same number) moves it, or cancels it. The scripted model is a
// FakeLLM that reads what the real booking tools answer, as a real model would:
// it offers the times check_availability returned, books the one the caller
// picks after reading it back, and takes the booking id from
// find_my_appointments. The tools run against the real calendar and database.
import { addDays, listAppointmentTypes, mondayOf, wallClock } from "@articulate/booking";
import { voice } from "@livekit/agents";
import type { CallConfig } from "./call-config";

export const BOOKING_SCRIPTS = ["book", "reschedule", "cancel"] as const;
export type BookingScript = (typeof BOOKING_SCRIPTS)[number];

/** The caller's name on the booking (find_my_appointments needs it to match). */
export const BOOKING_CALLER_NAME = "Sam Taylor";

const BYE = "Thanks, that's all. Bye!";
const YES = "Yes, that's right.";

interface ToolCall {
  name: string;
  args: Record<string, unknown>;
}
type Decision = { content?: string; toolCalls?: ToolCall[] };

/** The scripted receptionist: a FakeLLM whose answers depend on the tools' real output. */
class BookingModel extends voice.testing.FakeLLM {
  private options: string[] = [];
  private bookingId: string | null = null;
  private pending: ToolCall | null = null;

  constructor(
    private readonly script: BookingScript,
    private readonly search: { appointmentType: string; fromDate: string; toDate: string },
  ) {
    super([]);
  }

  override lookup(input: string) {
    const d = this.decide(input);
    return d ? { input, type: "llm" as const, ttft: 0, duration: 0, ...d } : undefined;
  }

  private decide(raw: string): Decision | undefined {
    // A tool's output reaches the model JSON-encoded; the caller's words do not.
    let tool: unknown = null;
    try {
      tool = raw.startsWith('"') || raw.startsWith("{") ? JSON.parse(raw) : null;
    } catch {}
    if (tool !== null) return typeof tool === "string" ? this.afterTool(tool) : undefined;
    return this.afterCaller(raw);
  }

  private afterCaller(input: string): Decision | undefined {
    const call = (name: string, args: Record<string, unknown>): Decision => ({ toolCalls: [{ name, args }] });
    // The caller's lines.
    if (/^Hi, could I book/.test(input)) return call("check_availability", this.search);
    if (/^Hi, it's .*(move|cancel) my appointment/.test(input))
      return call("find_my_appointments", { callerName: BOOKING_CALLER_NAME });
    if (/^The first one/.test(input)) {
      this.pending = {
        name: "book_appointment",
        args: { appointmentType: this.search.appointmentType, start: this.options[0], callerName: BOOKING_CALLER_NAME },
      };
      return call(this.pending.name, { ...this.pending.args, confirmedWithCaller: false });
    }
    if (/^The last one/.test(input)) {
      this.pending = {
        name: "reschedule_appointment",
        args: { bookingId: this.bookingId, newStart: this.options.at(-1) },
      };
      return call(this.pending.name, { ...this.pending.args, confirmedWithCaller: false });
    }
    if (input === YES) {
      if (!this.pending) return { content: "Sorry, what would you like me to do?" };
      const { name, args } = this.pending;
      this.pending = null;
      return call(name, { ...args, confirmedWithCaller: true });
    }
    if (input === BYE) return call("end_call", { reason: "Caller said goodbye" });
    return undefined;
  }

  /** What the tools answered. */
  private afterTool(input: string): Decision {
    const call = (name: string, args: Record<string, unknown>): Decision => ({ toolCalls: [{ name, args }] });
    const free = /^Free for [^:]+: (.+)\. Exact start times: (.+)\.$/.exec(input);
    if (free) {
      this.options = (free[2] ?? "").split(", ");
      const verb = this.script === "reschedule" ? "move it to" : "do";
      return { content: `I can ${verb} ${free[1]}. Which suits you?` };
    }
    const upcoming = /^Upcoming: (.+?) \(booking (\S+)\)/.exec(input);
    if (upcoming) {
      this.bookingId = upcoming[2] ?? null;
      if (this.script === "reschedule") return call("check_availability", this.search);
      this.pending = { name: "cancel_appointment", args: { bookingId: this.bookingId } };
      return { content: `I can see your ${upcoming[1]}. Shall I cancel it?` };
    }
    const readBack = /^Read back: (.+?)\. Ask the caller/.exec(input);
    if (readBack) return { content: `Just to confirm: ${readBack[1]}. Is that right?` };
    const newTime = /^Read back the new time, (.+?), and ask/.exec(input);
    if (newTime) return { content: `So that's ${newTime[1]} instead. Is that right?` };
    const done =
      /^(Booked: .+?|Moved to .+?|Cancelled the appointment on .+?)\. (Confirm it to|Tell) the caller\.$/.exec(input);
    if (done) return { content: `Done. ${done[1]}. Is there anything else?` };
    // Anything else a tool said (a refusal, "nothing is free", an error): spoken as given.
    return { content: input };
  }
}

/** The caller's lines and the scripted model for a booking script. */
export async function bookingConversation(
  script: BookingScript,
  config: CallConfig,
  now: Date,
): Promise<{ lines: string[]; model: voice.testing.FakeLLM }> {
  const types = await listAppointmentTypes(config.tenant.id, { agentId: config.agent.id });
  // One that can be booked the week after next (≤ 13 days ahead), else the first.
  const type = types.find((t) => t.maxDaysAhead >= 14) ?? types[0];
  if (!type) throw new Error(`--script ${script}: the agent offers no appointment types; add one under Bookings first`);
  // The working week after next, so there is always notice and room ahead.
  const fromDate = mondayOf(addDays(wallClock(now, config.agent.timezone).date, 7));
  const search = { appointmentType: type.name, fromDate, toDate: addDays(fromDate, 4) };
  const lines = {
    book: [
      `Hi, could I book a ${type.name.toLowerCase()} next week?`,
      `The first one, please. I'm ${BOOKING_CALLER_NAME}.`,
    ],
    reschedule: [`Hi, it's ${BOOKING_CALLER_NAME}, I need to move my appointment.`, "The last one, please."],
    cancel: [`Hi, it's ${BOOKING_CALLER_NAME}, I need to cancel my appointment.`],
  }[script];
  return { lines: [...lines, YES, BYE], model: new BookingModel(script, search) };
}
