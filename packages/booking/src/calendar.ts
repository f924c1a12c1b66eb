// The built-in calendar: appointment types and bookings in PostgreSQL.
// Booking is atomic per business: under the tenant's "bookings" lock the slot
// is re-checked against the opening hours, the rules and the confirmed bookings,
// then written. Two callers racing for one slot: exactly one gets it, the other
// is offered the next free ones.
import type { WeeklySchedule } from "@articulate/calls";
import { parseSchedule } from "@articulate/calls";
import { parseInput } from "@articulate/core";
import {
  type BookingModel,
  forTenant,
  loadAvailabilityInputs,
  lockTenantScope,
  type TenantTx,
  writeAudit,
} from "@articulate/db";
import { toE164 } from "@articulate/telephony/phone-numbers";
import { bookingEventData, enqueueTenantEvent } from "@articulate/webhooks";
import { z } from "zod";
import { type BusyInterval, freeSlots, isFreeSlot, pickOptions, type Slot, type SlotRules } from "./availability";
import { BookingError } from "./errors";
import { type ExternalCalendar, type ProviderBooking, withoutInterval } from "./external";
import { addDays, type CivilDate, instantAt, wallClock } from "./local-time";
import { externalCalendarFor } from "./providers";

const MINUTE = 60_000;
/**
 * Bookings for one business queue on its lock, each holding a pooled connection
 * while it waits: allow a burst (20 callers at one slot) to wait its turn
 * rather than fail with "unable to start a transaction".
 */
const BOOKING_TX = { maxWait: 15_000, timeout: 15_000 };
/** Start times are offered every quarter hour from opening. */
export const SLOT_STEP_MINUTES = 15;

const id = z.string().min(1).max(64);
const civilDate = z.iso.date();
/** A start anyone could book: far-off years are refused here, before any date arithmetic or query. */
const startInstant = z.coerce
  .date()
  .refine((d) => d.getUTCFullYear() >= 2000 && d.getUTCFullYear() < 3000, "is not a time that can be booked");
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM");

type TypeWithAgent = {
  id: string;
  name: string;
  durationMinutes: number;
  bufferMinutes: number;
  minNoticeMinutes: number;
  maxDaysAhead: number;
  openHours: unknown;
  agent: { timezone: string; holidayRegion: string | null; businessHours: unknown } | null;
};

/** The rules one appointment type is booked under. */
export function slotRulesFor(type: TypeWithAgent, tenantTimeZone: string): SlotRules {
  const schedule: WeeklySchedule | null = parseSchedule(type.openHours ?? type.agent?.businessHours ?? null);
  return {
    durationMinutes: type.durationMinutes,
    bufferMinutes: type.bufferMinutes,
    minNoticeMinutes: type.minNoticeMinutes,
    maxDaysAhead: type.maxDaysAhead,
    schedule,
    timeZone: type.agent?.timezone ?? tenantTimeZone,
    holidayRegion: type.agent?.holidayRegion ?? null,
    stepMinutes: SLOT_STEP_MINUTES,
  };
}

type Reader = Pick<TenantTx, "appointmentType" | "booking" | "tenant">;

async function loadType(tx: Reader, tenantId: string, appointmentTypeId: string) {
  const type = await tx.appointmentType.findFirst({
    where: { tenantId, id: appointmentTypeId, active: true },
    include: { agent: { select: { timezone: true, holidayRegion: true, businessHours: true } } },
  });
  if (!type) throw new BookingError("unknown_appointment_type", "That appointment type isn't offered.");
  // The business's own timezone matters only for types no agent offers.
  const tenantTimeZone = type.agent
    ? type.agent.timezone
    : (await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { timezone: true } })).timezone;
  return { type, rules: slotRulesFor(type, tenantTimeZone) };
}

/** Confirmed bookings whose blocked interval overlaps [from, to), optionally leaving one out (a reschedule). */
async function busyBetween(
  tx: Reader,
  tenantId: string,
  from: Date,
  to: Date,
  excludeId?: string,
): Promise<BusyInterval[]> {
  const rows = await tx.booking.findMany({
    where: {
      tenantId,
      status: "CONFIRMED",
      startsAt: { lt: to },
      blockedUntil: { gt: from },
      ...(excludeId ? { id: { not: excludeId } } : {}),
    },
    select: { startsAt: true, blockedUntil: true },
  });
  return rows.map((r) => ({ start: r.startsAt, end: r.blockedUntil }));
}

const availabilitySchema = z.object({
  tenantId: id,
  appointmentTypeId: id,
  /** First local date wanted, in the business's timezone. */
  fromDate: civilDate,
  /** Last local date wanted (inclusive); defaults to fromDate. */
  toDate: civilDate.optional(),
  /** Only starts at or after / before this local time. */
  after: hhmm.optional(),
  before: hhmm.optional(),
  limit: z.number().int().min(1).max(10).default(3),
});
export type AvailabilityInput = z.input<typeof availabilitySchema>;

export interface Availability {
  appointmentType: { id: string; name: string; durationMinutes: number };
  timeZone: string;
  /** Every free slot in the window. */
  slots: Slot[];
  /** A few of them, spread out, to offer a caller. */
  options: Slot[];
}

/** Free slots of one appointment type between two local dates, with a few options to offer. */
export async function checkAvailability(input: AvailabilityInput, now = new Date()): Promise<Availability> {
  const i = parseInput(availabilitySchema, input);
  const toDate: CivilDate = i.toDate ?? i.fromDate;
  if (toDate < i.fromDate) throw new BookingError("slot_unavailable", "The end date is before the start date.");
  // One round trip: the type, its agent, the business's timezone and calendar
  // provider, and the busy intervals (every timezone is within a day of UTC, so
  // the busy window needs no timezone).
  const inputs = await loadAvailabilityInputs(
    i.tenantId,
    i.appointmentTypeId,
    new Date(Date.parse(`${i.fromDate}T00:00:00Z`) - 86_400_000),
    new Date(Date.parse(`${addDays(toDate, 1)}T00:00:00Z`) + 86_400_000),
  );
  if (!inputs) throw new BookingError("unknown_appointment_type", "That appointment type isn't offered.");
  const { type, busy } = inputs;
  const rules = slotRulesFor(type, inputs.tenantTimeZone);
  const external = inputs.provider === "BUILT_IN" ? null : await externalCalendarFor(i.tenantId);
  const from = instantAt(i.fromDate, 0, rules.timeZone) ?? new Date(`${i.fromDate}T00:00:00Z`);
  const to = instantAt(addDays(toDate, 1), 0, rules.timeZone) ?? new Date(`${addDays(toDate, 1)}T00:00:00Z`);
  if (external) busy.push(...(await external.busy(from, to)));
  const offered = external?.freeStarts
    ? await external.freeStarts(type.calcomEventTypeId, from, to, rules.timeZone)
    : null;
  const after = i.after ? Number(i.after.slice(0, 2)) * 60 + Number(i.after.slice(3)) : 0;
  const before = i.before ? Number(i.before.slice(0, 2)) * 60 + Number(i.before.slice(3)) : 24 * 60;
  const slots = freeSlots(rules, busy, from, to, now).filter((s) => {
    if (offered && !offered.has(s.start.getTime())) return false;
    const m = wallClock(s.start, rules.timeZone).minute;
    return m >= after && m < before;
  });
  return {
    appointmentType: { id: type.id, name: type.name, durationMinutes: type.durationMinutes },
    timeZone: rules.timeZone,
    slots,
    options: pickOptions(slots, i.limit, rules.timeZone),
  };
}

/** Free slots after `start` (for "that one's gone, how about …"), up to a week on. */
async function alternativesAfter(tenantId: string, appointmentTypeId: string, start: Date, now: Date): Promise<Slot[]> {
  const tdb = forTenant(tenantId);
  const { type, rules } = await loadType(tdb, tenantId, appointmentTypeId);
  const from = new Date(Math.max(start.getTime(), now.getTime()));
  const to = new Date(from.getTime() + 7 * 86_400_000);
  const [busy, external] = await Promise.all([
    busyBetween(tdb, tenantId, new Date(from.getTime() - 86_400_000), to),
    externalCalendarFor(tenantId),
  ]);
  if (external) busy.push(...(await external.busy(from, to)));
  const offered = external?.freeStarts
    ? await external.freeStarts(type.calcomEventTypeId, from, to, rules.timeZone)
    : null;
  const slots = freeSlots(rules, busy, from, to, now).filter((s) => !offered || offered.has(s.start.getTime()));
  return pickOptions(slots, 3, rules.timeZone);
}

const callerSchema = z.object({
  callerName: z.string().trim().min(1, "is required").max(200),
  callerPhone: z
    .string()
    .trim()
    .min(1, "is required")
    .max(32)
    .transform((s, ctx) => {
      const e164 = toE164(s);
      if (!e164) {
        ctx.addIssue({ code: "custom", message: "must be a phone number" });
        return z.NEVER;
      }
      return e164;
    }),
});

/**
 * Who made a change, for the audit log: a member in the dashboard or an API key. Written in the change's own
 * transaction, so a booking is never changed without its entry. The agent's changes are recorded on the call.
 */
const actorSchema = z.object({ type: z.enum(["user", "api_key"]), id }).optional();
type BookingActor = z.output<typeof actorSchema>;

async function auditBookingChange(
  tx: TenantTx,
  tenantId: string,
  actor: BookingActor,
  action: "booking.created" | "booking.rescheduled" | "booking.cancelled",
  booking: BookingModel,
): Promise<void> {
  if (!actor) return;
  await writeAudit(tx, {
    tenantId,
    actorType: actor.type,
    actorId: actor.id,
    action,
    targetType: "Booking",
    targetId: booking.id,
    ...(action === "booking.cancelled" ? {} : { data: { startsAt: booking.startsAt.toISOString() } }),
  });
}

const bookSchema = callerSchema.extend({
  tenantId: id,
  appointmentTypeId: id,
  start: startInstant,
  reason: z.string().trim().max(2000).optional(),
  answers: z.record(z.string().max(64), z.string().max(500)).default({}),
  callId: id.optional(),
  source: z.enum(["AGENT", "DASHBOARD", "API"]),
  actor: actorSchema,
});
export type BookAppointmentInput = z.input<typeof bookSchema>;

/** Why a slot can't be booked, once we know it isn't free. */
function refusal(rules: SlotRules, busy: BusyInterval[], start: Date, now: Date): BookingError {
  const withoutBookings = isFreeSlot(rules, [], start, now);
  if (withoutBookings && busy.length > 0) return new BookingError("slot_taken", "That time has just been taken.");
  if (start.getTime() < now.getTime()) return new BookingError("slot_unavailable", "That time has already passed.");
  return new BookingError("slot_unavailable", "That time isn't available for this appointment.");
}

interface SlotWrite {
  slot: Slot;
  blockedUntil: Date;
  typeName: string;
  externalTypeId: number | null;
  timeZone: string;
  /** The business's external calendar (Google, Cal.com), or null on the built-in one. */
  external: ExternalCalendar | null;
  /** Undoes a provider-side change if our transaction then fails. */
  onRollback(undo: () => Promise<void>): void;
}

async function writeUnderLock<T>(
  tenantId: string,
  appointmentTypeId: string,
  start: Date,
  now: Date,
  exclude: BookingModel | undefined,
  write: (tx: TenantTx, w: SlotWrite) => Promise<T>,
): Promise<T> {
  const undo: Array<() => Promise<void>> = [];
  try {
    const external = await externalCalendarFor(tenantId);
    return await forTenant(tenantId).$transaction(async (tx) => {
      await lockTenantScope(tx, tenantId, "bookings");
      const { type, rules } = await loadType(tx, tenantId, appointmentTypeId);
      const end = new Date(start.getTime() + type.durationMinutes * MINUTE);
      const blockedUntil = new Date(end.getTime() + type.bufferMinutes * MINUTE);
      const busy = await busyBetween(tx, tenantId, new Date(start.getTime() - 86_400_000), blockedUntil, exclude?.id);
      if (!isFreeSlot(rules, busy, start, now)) throw refusal(rules, busy, start, now);
      if (external) {
        // Busy in the provider's calendar too (less the moved booking's own event).
        let theirs = await external.busy(start, blockedUntil);
        if (exclude) theirs = withoutInterval(theirs, exclude.startsAt, exclude.endsAt);
        if (!isFreeSlot(rules, theirs, start, now)) throw refusal(rules, theirs, start, now);
        // A provider that decides availability (Cal.com) must offer this start; a move is
        // checked by the provider's own reschedule (its current booking holds the old time).
        if (external.freeStarts && !exclude) {
          const offered = await external.freeStarts(type.calcomEventTypeId, start, end, rules.timeZone);
          if (!offered.has(start.getTime())) throw new BookingError("slot_taken", "That time has just been taken.");
        }
      }
      return write(tx, {
        slot: { start, end },
        blockedUntil,
        typeName: type.name,
        externalTypeId: type.calcomEventTypeId,
        timeZone: rules.timeZone,
        external,
        onRollback: (fn) => undo.push(fn),
      });
    }, BOOKING_TX);
  } catch (err) {
    for (const fn of undo) await fn().catch(() => undefined);
    if (err instanceof BookingError && (err.bookingCode === "slot_taken" || err.bookingCode === "slot_unavailable")) {
      const alternatives = await alternativesAfter(tenantId, appointmentTypeId, start, now);
      throw new BookingError(err.bookingCode, err.message, alternatives);
    }
    throw err;
  }
}

/** Books a slot atomically, or throws slot_taken / slot_unavailable with alternatives. */
export async function bookAppointment(input: BookAppointmentInput, now = new Date()): Promise<BookingModel> {
  const i = parseInput(bookSchema, input);
  return writeUnderLock(
    i.tenantId,
    i.appointmentTypeId,
    i.start,
    now,
    undefined,
    async (tx, { slot, blockedUntil, typeName, externalTypeId, timeZone, external, onRollback }) => {
      let externalId: string | null = null;
      if (external) {
        externalId = await external.create({
          startsAt: slot.start,
          endsAt: slot.end,
          callerName: i.callerName,
          callerPhone: i.callerPhone,
          reason: i.reason ?? null,
          appointmentTypeName: typeName,
          externalTypeId,
          timeZone,
        });
        const made = externalId;
        onRollback(() => external.cancel(made));
      }
      const booking = await tx.booking.create({
        data: {
          tenantId: i.tenantId,
          appointmentTypeId: i.appointmentTypeId,
          callId: i.callId ?? null,
          source: i.source,
          startsAt: slot.start,
          endsAt: slot.end,
          blockedUntil,
          callerName: i.callerName,
          callerPhone: i.callerPhone,
          reason: i.reason ?? null,
          answers: i.answers,
          externalId,
        },
      });
      // The booking, its webhook (outbox) and its audit entry commit together.
      await enqueueTenantEvent(tx, i.tenantId, "booking.created", bookingEventData(booking, typeName));
      await auditBookingChange(tx, i.tenantId, i.actor, "booking.created", booking);
      return booking;
    },
  );
}

/** A change to announce: the members are e-mailed and the caller texted again (notifications' sweeps). */
const NEW_CHANGE = {
  changeSeq: { increment: 1 },
  noticePending: true,
  callerSmsPending: true,
  callerSmsAttempts: 0,
} as const;

/** Loose name match for verifying a caller: same first name, case and accents aside. */
function sameFirstName(a: string, b: string): boolean {
  const first = (s: string) => s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().trim().split(/\s+/)[0] ?? "";
  return first(a).length > 0 && first(a) === first(b);
}

const findSchema = callerSchema.extend({ tenantId: id });

/**
 * A caller's upcoming bookings, found by the number they are calling from and
 * revealed only when the name they give matches the booking's: a different
 * caller learns nothing (the same empty answer as "no bookings").
 */
export async function findCallerBookings(
  input: z.input<typeof findSchema>,
  now = new Date(),
): Promise<Array<BookingModel & { appointmentTypeName: string }>> {
  const i = parseInput(findSchema, input);
  const rows = await forTenant(i.tenantId).booking.findMany({
    where: { tenantId: i.tenantId, callerPhone: i.callerPhone, status: "CONFIRMED", startsAt: { gt: now } },
    include: { appointmentType: { select: { name: true } } },
    orderBy: { startsAt: "asc" },
    take: 10,
  });
  return rows
    .filter((b) => sameFirstName(b.callerName, i.callerName))
    .map(({ appointmentType, ...b }) => ({ ...b, appointmentTypeName: appointmentType.name }));
}

const ownSchema = z.object({
  tenantId: id,
  bookingId: id,
  /** The caller's own number: required for agent actions, absent for the business's own staff. */
  callerPhone: z.string().trim().max(32).optional(),
  actor: actorSchema,
});

async function ownBooking(tenantId: string, bookingId: string, callerPhone: string | undefined): Promise<BookingModel> {
  const booking = await forTenant(tenantId).booking.findFirst({ where: { tenantId, id: bookingId } });
  if (booking?.status !== "CONFIRMED") throw new BookingError("booking_not_found", "That booking wasn't found.");
  if (callerPhone !== undefined) {
    const e164 = toE164(callerPhone);
    if (!e164)
      throw new BookingError("caller_not_verified", "That booking can only be changed by the person who made it.");
    // Same answer as "not found": a caller can't probe other people's bookings.
    if (e164 !== booking.callerPhone) throw new BookingError("booking_not_found", "That booking wasn't found.");
  }
  return booking;
}

function providerBooking(
  b: BookingModel,
  appointmentTypeName: string,
  externalTypeId: number | null,
  timeZone: string,
): ProviderBooking {
  return {
    startsAt: b.startsAt,
    endsAt: b.endsAt,
    callerName: b.callerName,
    callerPhone: b.callerPhone,
    reason: b.reason,
    appointmentTypeName,
    externalTypeId,
    timeZone,
  };
}

const slotTimes = (slot: Slot) => ({ startsAt: slot.start, endsAt: slot.end });

/** Moves a booking to a new start, atomically, keeping its own old slot out of the clash check. */
export async function rescheduleBooking(
  input: z.input<typeof ownSchema> & { start: Date | string },
  now = new Date(),
): Promise<BookingModel> {
  const i = parseInput(ownSchema.extend({ start: startInstant }), input);
  const booking = await ownBooking(i.tenantId, i.bookingId, i.callerPhone);
  return writeUnderLock(
    i.tenantId,
    booking.appointmentTypeId,
    i.start,
    now,
    booking,
    async (tx, { slot, blockedUntil, typeName, externalTypeId, timeZone, external }) => {
      const externalId = external
        ? await external.move(booking.externalId, {
            ...providerBooking(booking, typeName, externalTypeId, timeZone),
            ...slotTimes(slot),
          })
        : booking.externalId;
      const moved = await tx.booking.update({
        where: { tenantId: i.tenantId, id: booking.id },
        data: { startsAt: slot.start, endsAt: slot.end, blockedUntil, externalId, ...NEW_CHANGE },
      });
      await enqueueTenantEvent(tx, i.tenantId, "booking.updated", bookingEventData(moved, typeName));
      await auditBookingChange(tx, i.tenantId, i.actor, "booking.rescheduled", moved);
      return moved;
    },
  );
}

/** Cancels a booking (the caller's own, when callerPhone is given). */
export async function cancelBooking(input: z.input<typeof ownSchema>, now = new Date()): Promise<BookingModel> {
  const i = parseInput(ownSchema, input);
  const booking = await ownBooking(i.tenantId, i.bookingId, i.callerPhone);
  const external = await externalCalendarFor(i.tenantId);
  return forTenant(i.tenantId).$transaction(async (tx) => {
    // The provider's event goes first: if it can't be removed, the booking stays (and still blocks the time).
    if (external) await external.cancel(booking.externalId);
    const cancelled = await tx.booking.update({
      where: { tenantId: i.tenantId, id: booking.id },
      data: { status: "CANCELLED", cancelledAt: now, ...NEW_CHANGE },
      include: { appointmentType: { select: { name: true } } },
    });
    const { appointmentType, ...row } = cancelled;
    await enqueueTenantEvent(tx, i.tenantId, "booking.cancelled", bookingEventData(row, appointmentType.name));
    await auditBookingChange(tx, i.tenantId, i.actor, "booking.cancelled", row);
    return row;
  });
}

export type BookingListItem = BookingModel & { appointmentTypeName: string };

/** A business's bookings starting in [from, to), for the dashboard's week view and list. */
export async function listBookings(
  tenantId: string,
  window: { from: Date; to: Date },
  filters: { appointmentTypeId?: string; includeCancelled?: boolean } = {},
): Promise<BookingListItem[]> {
  const rows = await forTenant(tenantId).booking.findMany({
    where: {
      tenantId,
      startsAt: { gte: window.from, lt: window.to },
      ...(filters.includeCancelled ? {} : { status: "CONFIRMED" }),
      ...(filters.appointmentTypeId ? { appointmentTypeId: filters.appointmentTypeId } : {}),
    },
    include: { appointmentType: { select: { name: true } } },
    orderBy: { startsAt: "asc" },
    take: 2_000,
  });
  return rows.map(({ appointmentType, ...b }) => ({ ...b, appointmentTypeName: appointmentType.name }));
}

/** The Monday (civil date) of the week holding `date`. */
export function mondayOf(date: CivilDate): CivilDate {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay(); // 0 = Sunday
  return addDays(date, weekday === 0 ? -6 : 1 - weekday);
}
