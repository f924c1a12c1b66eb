// /api/v1 bookings: list a window of bookings, make one, cancel one. The rules
// (opening hours, notice, no double-booking, the business's calendar provider)
// are @articulate/booking's, the same ones the receptionist books under.
import {
  BookingError,
  bookAppointment,
  CalendarUnavailableError,
  cancelBooking,
  listBookings,
} from "@articulate/booking";
import type { TenantDb } from "@articulate/db";
import { bookingEventData, publicBookingSchema } from "@articulate/webhooks";
import { z } from "zod";
import { ApiError, notFound, validationError } from "./errors";
import { apiSchemas } from "./schemas";

const isoTime = z.iso.datetime({ offset: true }).refine((v) => {
  const year = new Date(v).getUTCFullYear();
  return year >= 2000 && year <= 2199;
}, "must be between 2000 and 2199");
const id = z.string().min(1).max(64);
const DAY = 86_400_000;
const MAX_WINDOW_DAYS = 62;
const named = <S extends z.ZodType>(name: string, schema: S): S => {
  apiSchemas.add(schema, { id: name });
  return schema;
};

export const bookingSchema = named("Booking", publicBookingSchema);
export const bookingListSchema = named("BookingList", z.object({ data: z.array(bookingSchema) }));

export const listBookingsQuerySchema = z
  .object({
    from: isoTime.optional().describe("Bookings starting at or after this time (default: now)"),
    to: isoTime
      .optional()
      .describe(`Bookings starting before this time (default: from + 7 days; at most ${MAX_WINDOW_DAYS} days)`),
    appointmentTypeId: id.optional(),
    includeCancelled: z.enum(["true", "false"]).optional().describe("Also list cancelled bookings"),
  })
  .strict();

export const bookingCreateSchema = named(
  "BookingCreate",
  z
    .object({
      appointmentTypeId: id,
      start: isoTime.describe("Exact start time; it must be free under the appointment type's rules"),
      callerName: z.string().trim().min(1).max(200),
      callerPhone: z.string().trim().min(1).max(32).describe("Australian or E.164 number"),
      reason: z.string().trim().max(2000).optional(),
    })
    .strict(),
);

type ApiBooking = z.infer<typeof bookingSchema>;

/** Domain refusals as API errors: a bad appointment type names its field; a taken time is a 409 with options. */
function apiBookingError(err: unknown): never {
  if (err instanceof BookingError) {
    if (err.bookingCode === "unknown_appointment_type")
      throw validationError([{ field: "appointmentTypeId", message: "no such appointment type" }]);
    if (err.bookingCode === "booking_not_found") throw notFound("Booking");
    throw new ApiError(409, "slot_unavailable", err.message, {
      alternatives: err.alternatives.map((s) => s.start.toISOString()),
    });
  }
  if (err instanceof CalendarUnavailableError) throw new ApiError(503, "calendar_unavailable", err.message);
  throw err;
}

export async function listBookingsForApi(
  tenantId: string,
  q: z.output<typeof listBookingsQuerySchema>,
  now = new Date(),
): Promise<{ data: ApiBooking[] }> {
  const from = q.from ? new Date(q.from) : now;
  const to = q.to ? new Date(q.to) : new Date(from.getTime() + 7 * DAY);
  if (to <= from) throw validationError([{ field: "to", message: "must be after from" }]);
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY)
    throw validationError([{ field: "to", message: `at most ${MAX_WINDOW_DAYS} days after from` }]);
  const rows = await listBookings(
    tenantId,
    { from, to },
    { appointmentTypeId: q.appointmentTypeId, includeCancelled: q.includeCancelled === "true" },
  );
  return { data: rows.map((b) => bookingEventData(b, b.appointmentTypeName).booking) };
}

export async function createBookingForApi(
  db: TenantDb,
  tenantId: string,
  input: z.output<typeof bookingCreateSchema>,
): Promise<ApiBooking> {
  const type = await db.appointmentType.findFirst({
    where: { id: input.appointmentTypeId, active: true },
    select: { name: true },
  });
  if (!type) throw validationError([{ field: "appointmentTypeId", message: "no such appointment type" }]);
  try {
    const booking = await bookAppointment({ tenantId, ...input, source: "API" });
    return bookingEventData(booking, type.name).booking;
  } catch (err) {
    apiBookingError(err);
  }
}

export async function cancelBookingForApi(db: TenantDb, tenantId: string, bookingId: string): Promise<ApiBooking> {
  const existing = await db.booking.findFirst({
    where: { id: bookingId },
    include: { appointmentType: { select: { name: true } } },
  });
  if (!existing) throw notFound("Booking");
  if (existing.status === "CANCELLED") return bookingEventData(existing, existing.appointmentType.name).booking;
  try {
    const cancelled = await cancelBooking({ tenantId, bookingId });
    return bookingEventData(cancelled, existing.appointmentType.name).booking;
  } catch (err) {
    apiBookingError(err);
  }
}
