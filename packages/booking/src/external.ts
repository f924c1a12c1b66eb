// What every external calendar provider (Google Calendar, Cal.com) answers for
// one business, and the one error that means "the calendar can't be used now":
// the agent then takes a message instead of booking.
import { DomainError } from "@articulate/core";
import { forTenant } from "@articulate/db";
import type { BusyInterval } from "./availability";

/** The calendar can't be reached or isn't connected properly: the agent takes a message instead. */
export class CalendarUnavailableError extends DomainError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("calendar_unavailable", message, {}, options);
  }
}

/**
 * Marks the business's connection broken with an owner-language reason. Only the
 * first caller to see the break marks it (calls in flight at the same moment
 * don't), and that marking queues one notice to the owners and admins.
 */
export async function markConnectionBroken(tenantId: string, reason: string, now = new Date()): Promise<void> {
  await forTenant(tenantId).bookingCalendar.updateMany({
    where: { tenantId, connectionBrokenAt: null },
    data: { connectionError: reason, connectionBrokenAt: now, brokenNoticePending: true },
  });
}

/** Where a provider keeps an event for one of our bookings. */
export interface ProviderBooking {
  startsAt: Date;
  endsAt: Date;
  callerName: string;
  callerPhone: string;
  reason: string | null;
  appointmentTypeName: string;
  /** The provider's own id for the appointment type (Cal.com event type), when it needs one. */
  externalTypeId: number | null;
  timeZone: string;
}

/** One business's external calendar: busy times, and the event kept for each booking. */
export interface ExternalCalendar {
  readonly provider: "GOOGLE" | "CALCOM";
  busy(from: Date, to: Date): Promise<BusyInterval[]>;
  /**
   * Providers that decide availability themselves (Cal.com's slots): the start
   * instants (ms) they offer in [from, to) for this appointment type. Our own
   * rules still apply on top.
   */
  freeStarts?(externalTypeId: number | null, from: Date, to: Date, timeZone: string): Promise<Set<number>>;
  /** Creates the event; returns its id (stored as Booking.externalId). */
  create(booking: ProviderBooking): Promise<string>;
  /** Moves the event; returns its id (a new one if it had been deleted there). */
  move(externalId: string | null, booking: ProviderBooking): Promise<string>;
  cancel(externalId: string | null): Promise<void>;
}

/** Subtracts [from, to) from each interval (a rescheduled booking's own event must not block its move). */
export function withoutInterval(busy: BusyInterval[], from: Date, to: Date): BusyInterval[] {
  const out: BusyInterval[] = [];
  for (const b of busy) {
    if (b.end <= from || b.start >= to) {
      out.push(b);
      continue;
    }
    if (b.start < from) out.push({ start: b.start, end: from });
    if (b.end > to) out.push({ start: to, end: b.end });
  }
  return out;
}
