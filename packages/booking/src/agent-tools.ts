// The booking tools the receptionist calls during a call, independent of the
// voice framework: each has a description, a zod parameter schema and an
// execute that returns the line the agent should act on. The worker wraps them
// as LLM tools; tests call them directly.
//
// Rules the tools enforce (not left to the model): concrete dates only (the
// model resolves "Tuesday" to a date; "arvo" is for it to ask about), a read-back
// before booking, a caller's own bookings only (their number plus their name),
// and a booking that cannot be made (provider down, timeout) becomes a message
// so someone confirms it: the caller is never left without an outcome.
import { saveMessage } from "@articulate/calls";
import { forTenant, type Prisma } from "@articulate/db";
import { z } from "zod";
import { listAppointmentTypes } from "./appointment-types";
import { bookAppointment, cancelBooking, checkAvailability, findCallerBookings, rescheduleBooking } from "./calendar";
import { BookingError } from "./errors";
import { spokenOptions, spokenTime } from "./spoken";

export interface BookingToolContext {
  tenantId: string;
  agentId: string;
  /** The call's row; tool invocations are recorded on it. Null in dry runs. */
  callId: string | null;
  /** The caller ID the call came from (E.164), when the network sent one. */
  callerNumber: string | null;
  timeZone: string;
  now?: () => Date;
  /** A booking write slower than this is treated as failed and becomes a message. */
  timeoutMs?: number;
}

export interface BookingTool<S extends z.ZodType = z.ZodType> {
  description: string;
  parameters: S;
  execute(args: z.output<S>): Promise<string>;
}

const civilDate = z.iso.date().describe("A concrete date, YYYY-MM-DD, in the business's timezone");
const localTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM")
  .describe("24-hour local time, HH:MM");

/** Keeps each tool's execute typed by its own parameter schema. */
function defineTool<S extends z.ZodType>(tool: BookingTool<S>): BookingTool<S> {
  return tool;
}

class ProviderTimeout extends Error {}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ProviderTimeout(`no answer from the calendar within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function recordInvocation(
  ctx: BookingToolContext,
  tool: string,
  args: unknown,
  result: string,
  ok: boolean,
  startedAt: number,
): Promise<void> {
  if (!ctx.callId) return;
  try {
    await forTenant(ctx.tenantId).callToolInvocation.create({
      data: {
        tenantId: ctx.tenantId,
        callId: ctx.callId,
        tool,
        arguments: args as Prisma.InputJsonValue,
        result,
        ok,
        durationMs: Math.round(performance.now() - startedAt),
      },
    });
  } catch {
    // The log is for the owner's call page; losing a line must never break the call.
  }
}

/** Finds an appointment type by the name the model passes ("clean", "Check-up and clean"). */
async function resolveType(ctx: BookingToolContext, name: string) {
  const types = await listAppointmentTypes(ctx.tenantId, { agentId: ctx.agentId });
  const wanted = name.trim().toLowerCase();
  const exact = types.find((t) => t.name.toLowerCase() === wanted);
  const partial = types.filter((t) => t.name.toLowerCase().includes(wanted) || wanted.includes(t.name.toLowerCase()));
  const type = exact ?? (partial.length === 1 ? partial[0] : undefined);
  if (!type) {
    const names = types.map((t) => t.name).join(", ");
    throw new BookingError(
      "unknown_appointment_type",
      names
        ? `There is no appointment called "${name}". The options are: ${names}.`
        : "No appointments can be booked here.",
    );
  }
  return type;
}

export function bookingTools(ctx: BookingToolContext) {
  const now = () => ctx.now?.() ?? new Date();
  const timeoutMs = ctx.timeoutMs ?? 4_000;

  /** Runs a tool body, records it, and turns domain refusals into lines the agent can speak around. */
  async function run(tool: string, args: unknown, body: () => Promise<string>): Promise<string> {
    const startedAt = performance.now();
    try {
      const result = await body();
      await recordInvocation(ctx, tool, args, result, true, startedAt);
      return result;
    } catch (err) {
      const result =
        err instanceof BookingError
          ? err.alternatives.length > 0
            ? `${err.message} Offer instead: ${spokenOptions(err.alternatives, ctx.timeZone)}.`
            : err.message
          : "The calendar isn't answering right now. Offer to take a message instead.";
      await recordInvocation(ctx, tool, args, result, false, startedAt);
      return result;
    }
  }

  const checkAvailabilityTool = defineTool({
    description:
      'Find free times for an appointment. Resolve the caller\'s words to concrete dates in the business\'s timezone first; if they are vague ("sometime soon", "arvo"), ask. Returns a few options to offer.',
    parameters: z.object({
      appointmentType: z.string().min(1).max(120).describe("The appointment the caller wants, by name"),
      fromDate: civilDate,
      toDate: civilDate.optional().describe("Last date to look at (inclusive); defaults to fromDate"),
      after: localTime.optional().describe("Only times at or after this (e.g. 12:00 for the afternoon)"),
      before: localTime.optional().describe("Only times before this"),
    }),
    execute: (args) =>
      run("check_availability", args, async () => {
        const type = await resolveType(ctx, args.appointmentType);
        const a = await withTimeout(
          checkAvailability({ tenantId: ctx.tenantId, appointmentTypeId: type.id, ...args }, now()),
          timeoutMs,
        );
        if (a.options.length === 0) return `Nothing is free for ${type.name} then. Ask about another day.`;
        return `Free for ${type.name} (${type.durationMinutes} minutes): ${spokenOptions(a.options, a.timeZone)}. Exact start times: ${a.options.map((s) => s.start.toISOString()).join(", ")}.`;
      }),
  });

  const bookTool = defineTool({
    description:
      "Book an appointment at one of the exact start times check_availability returned. Before calling with confirmedWithCaller=true, read the day, time and name back to the caller and get a yes.",
    parameters: z.object({
      appointmentType: z.string().min(1).max(120),
      start: z.iso.datetime({ offset: true }).describe("Exact start time as returned by check_availability"),
      callerName: z.string().min(1).max(200),
      callerPhone: z
        .string()
        .max(32)
        .optional()
        .describe("Only if the caller gives a different number from the one they are calling from"),
      reason: z.string().max(500).optional(),
      answers: z.record(z.string(), z.string()).optional().describe("Answers to the appointment's extra questions"),
      confirmedWithCaller: z.boolean().describe("True only after the caller said yes to the read-back"),
    }),
    execute: (args) =>
      run("book_appointment", args, async () => {
        const type = await resolveType(ctx, args.appointmentType);
        const start = new Date(args.start);
        if (!args.confirmedWithCaller) {
          return `Read back: ${type.name} on ${spokenTime(start, ctx.timeZone)} for ${args.callerName}. Ask the caller to confirm, then book with confirmedWithCaller true.`;
        }
        const callerPhone = args.callerPhone ?? ctx.callerNumber;
        if (!callerPhone) return "Ask for a phone number to put on the booking, then try again.";
        try {
          const booking = await withTimeout(
            bookAppointment(
              {
                tenantId: ctx.tenantId,
                appointmentTypeId: type.id,
                start,
                callerName: args.callerName,
                callerPhone,
                reason: args.reason,
                answers: args.answers ?? {},
                callId: ctx.callId ?? undefined,
                source: "AGENT",
              },
              now(),
            ),
            timeoutMs,
          );
          return `Booked: ${type.name} on ${spokenTime(booking.startsAt, ctx.timeZone)} for ${booking.callerName}. Confirm it to the caller.`;
        } catch (err) {
          if (err instanceof BookingError) throw err;
          // The calendar failed, not the request: keep the caller's wish as a message for the business.
          await saveMessage({
            tenantId: ctx.tenantId,
            callId: ctx.callId,
            agentId: ctx.agentId,
            callerName: args.callerName,
            callbackNumber: callerPhone,
            reason: `Booking request: ${type.name} on ${spokenTime(start, ctx.timeZone)} (could not be booked automatically; please confirm with the caller).`,
          });
          return "The booking system didn't respond, so the request was passed on as a message. Tell the caller someone will call to confirm the time.";
        }
      }),
  });

  const findTool = defineTool({
    description:
      "Look up the caller's upcoming appointments by the number they are calling from. Ask for their name first; nothing is revealed unless it matches.",
    parameters: z.object({ callerName: z.string().min(1).max(200).describe("The name the caller gave") }),
    execute: (args) =>
      run("find_my_appointments", args, async () => {
        if (!ctx.callerNumber)
          return "The caller's number is withheld, so bookings can't be looked up. Offer to take a message.";
        const found = await findCallerBookings(
          { tenantId: ctx.tenantId, callerPhone: ctx.callerNumber, callerName: args.callerName },
          now(),
        );
        if (found.length === 0) return "No upcoming appointments found for this caller under that name and number.";
        return `Upcoming: ${found.map((b) => `${b.appointmentTypeName} on ${spokenTime(b.startsAt, ctx.timeZone)} (booking ${b.id})`).join("; ")}.`;
      }),
  });

  const rescheduleTool = defineTool({
    description:
      "Move the caller's own booking (from find_my_appointments) to a new exact start time from check_availability, after the caller confirms.",
    parameters: z.object({
      bookingId: z.string().min(1).max(64),
      newStart: z.iso.datetime({ offset: true }),
      confirmedWithCaller: z.boolean(),
    }),
    execute: (args) =>
      run("reschedule_appointment", args, async () => {
        if (!ctx.callerNumber)
          return "The caller's number is withheld, so bookings can't be changed. Offer to take a message.";
        if (!args.confirmedWithCaller) {
          return `Read back the new time, ${spokenTime(new Date(args.newStart), ctx.timeZone)}, and ask the caller to confirm.`;
        }
        const moved = await withTimeout(
          rescheduleBooking(
            { tenantId: ctx.tenantId, bookingId: args.bookingId, callerPhone: ctx.callerNumber, start: args.newStart },
            now(),
          ),
          timeoutMs,
        );
        return `Moved to ${spokenTime(moved.startsAt, ctx.timeZone)}. Confirm it to the caller.`;
      }),
  });

  const cancelTool = defineTool({
    description: "Cancel the caller's own booking (from find_my_appointments), after the caller confirms.",
    parameters: z.object({ bookingId: z.string().min(1).max(64), confirmedWithCaller: z.boolean() }),
    execute: (args) =>
      run("cancel_appointment", args, async () => {
        if (!ctx.callerNumber)
          return "The caller's number is withheld, so bookings can't be changed. Offer to take a message.";
        if (!args.confirmedWithCaller) return "Ask the caller to confirm they want to cancel.";
        const cancelled = await withTimeout(
          cancelBooking({ tenantId: ctx.tenantId, bookingId: args.bookingId, callerPhone: ctx.callerNumber }, now()),
          timeoutMs,
        );
        return `Cancelled the appointment on ${spokenTime(cancelled.startsAt, ctx.timeZone)}. Tell the caller.`;
      }),
  });

  return {
    check_availability: checkAvailabilityTool,
    book_appointment: bookTool,
    find_my_appointments: findTool,
    reschedule_appointment: rescheduleTool,
    cancel_appointment: cancelTool,
  };
}

export type BookingToolName = keyof ReturnType<typeof bookingTools>;

/** What the receptionist's instructions say about booking, when the business offers appointments. */
export function bookingInstructions(typeNames: readonly string[], today: string, timeZone: string): string {
  return [
    `You can book appointments: ${typeNames.join(", ")}. Today is ${today} (${timeZone}).`,
    "Turn the caller's words into concrete dates before calling check_availability; if they are vague, ask which day.",
    "Offer the options it returns, read the chosen time and the caller's name back, and book only after a yes.",
    "To change or cancel, ask the caller's name and use find_my_appointments first; never reveal other bookings.",
  ].join(" ");
}
