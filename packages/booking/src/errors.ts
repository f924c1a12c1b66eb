// What can go wrong with a booking, in words the agent can speak around and the
// dashboard can show. Codes are stable for the API and the agent tools.
import { DomainError } from "@articulate/core";
import type { Slot } from "./availability";

export type BookingErrorCode =
  | "unknown_appointment_type"
  | "slot_unavailable"
  | "slot_taken"
  | "booking_not_found"
  | "caller_not_verified"
  | "calendar_unavailable";

export class BookingError extends DomainError {
  constructor(
    readonly bookingCode: BookingErrorCode,
    message: string,
    /** Free slots to offer instead (slot_taken, slot_unavailable). */
    readonly alternatives: Slot[] = [],
  ) {
    super(bookingCode, message, { alternatives: alternatives.map((s) => s.start.toISOString()) });
  }
}
