// /api/v1 bookings and appointment types. The rules (opening hours, buffers,
// notice, no double-booking) are @articulate/booking's: a booking made here goes
// through the same atomic bookAppointment the agent and the dashboard use.
import {
  bookAppointment,
  cancelBooking,
  getBooking,
  listAppointmentTypes,
  listBookingsPage,
} from "@articulate/booking";
import type { AppointmentTypeModel, BookingModel } from "@articulate/db";
import { webhookEventDataSchemas } from "@articulate/webhooks";
import { z } from "zod";
import { apiSchemas, weeklyHoursSchema } from "./schemas";

const isoTime = z.iso.datetime({ offset: true });
const id = z.string().min(1).max(64);
const named = <S extends z.ZodType>(name: string, schema: S): S => {
  apiSchemas.add(schema, { id: name });
  return schema;
};

// A booking has one public shape: what booking.created / .updated / .cancelled carry, plus when.
export const bookingSchema = named(
  "Booking",
  webhookEventDataSchemas["booking.created"].shape.booking.extend({
    cancelledAt: isoTime.nullable(),
    createdAt: isoTime,
    updatedAt: isoTime,
  }),
);
export const bookingPageSchema = named(
  "BookingPage",
  z.object({ data: z.array(bookingSchema), nextCursor: z.string().nullable() }),
);

export const listBookingsQuerySchema = z
  .object({
    from: isoTime.optional().describe("Bookings starting at or after this time"),
    to: isoTime.optional().describe("Bookings starting before this time"),
    status: bookingSchema.shape.status.optional(),
    appointmentTypeId: id.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    after: z.string().min(1).max(256).optional().describe("nextCursor from the previous page"),
  })
  .strict();

export const bookingCreateSchema = named(
  "BookingCreate",
  z
    .object({
      appointmentTypeId: id.describe("One of your active appointment types"),
      start: isoTime.describe(
        "Start time with its offset, e.g. 2026-12-01T09:30:00+11:00; must be a free slot (GET /appointment-types for the rules)",
      ),
      callerName: z.string().trim().min(1).max(200),
      callerPhone: z.string().trim().min(1).max(32).describe("E.164, or an Australian number as dialled"),
      reason: z.string().trim().max(2000).optional(),
      answers: z
        .record(z.string().max(64), z.string().max(500))
        .optional()
        .describe("Answers to the appointment type's questions, by key"),
    })
    .strict(),
);

export const appointmentTypeSchema = named(
  "AppointmentType",
  z.object({
    id: z.string(),
    name: z.string(),
    agentId: z.string().nullable().describe("The agent offering it; its business hours apply when openHours is null"),
    durationMinutes: z.number().int(),
    bufferMinutes: z.number().int().describe("Kept free after each appointment"),
    minNoticeMinutes: z.number().int(),
    maxDaysAhead: z.number().int(),
    openHours: weeklyHoursSchema.nullable(),
    questions: z.array(z.object({ key: z.string(), label: z.string(), required: z.boolean() })),
    active: z.boolean(),
    createdAt: isoTime,
  }),
);
export const appointmentTypeListSchema = named(
  "AppointmentTypeList",
  z.object({ data: z.array(appointmentTypeSchema) }),
);

function answersOf(raw: unknown): Record<string, string> {
  return raw && typeof raw === "object" && !Array.isArray(raw)
    ? Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v)]))
    : {};
}

function toApiBooking(b: BookingModel & { appointmentTypeName: string }): z.infer<typeof bookingSchema> {
  return {
    id: b.id,
    appointmentTypeId: b.appointmentTypeId,
    appointmentType: b.appointmentTypeName,
    status: b.status,
    source: b.source,
    startsAt: b.startsAt.toISOString(),
    endsAt: b.endsAt.toISOString(),
    callerName: b.callerName,
    callerPhone: b.callerPhone,
    reason: b.reason,
    answers: answersOf(b.answers),
    callId: b.callId,
    cancelledAt: b.cancelledAt?.toISOString() ?? null,
    createdAt: b.createdAt.toISOString(),
    updatedAt: b.updatedAt.toISOString(),
  };
}

function toApiAppointmentType(t: AppointmentTypeModel): z.infer<typeof appointmentTypeSchema> {
  const questions = Array.isArray(t.questions)
    ? (t.questions as Array<{ key?: unknown; label?: unknown; required?: unknown }>).map((q) => ({
        key: String(q.key ?? ""),
        label: String(q.label ?? ""),
        required: q.required === true,
      }))
    : [];
  return {
    id: t.id,
    name: t.name,
    agentId: t.agentId,
    durationMinutes: t.durationMinutes,
    bufferMinutes: t.bufferMinutes,
    minNoticeMinutes: t.minNoticeMinutes,
    maxDaysAhead: t.maxDaysAhead,
    openHours: (t.openHours ?? null) as z.infer<typeof weeklyHoursSchema> | null,
    questions,
    active: t.active,
    createdAt: t.createdAt.toISOString(),
  };
}

export async function listBookingsForApi(tenantId: string, q: z.output<typeof listBookingsQuerySchema>) {
  const page = await listBookingsPage({
    tenantId,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
    status: q.status,
    appointmentTypeId: q.appointmentTypeId,
    limit: q.limit,
    after: q.after,
  });
  return { data: page.items.map(toApiBooking), nextCursor: page.nextCursor };
}

export async function getBookingForApi(tenantId: string, bookingId: string) {
  return toApiBooking(await getBooking(tenantId, bookingId));
}

/** Books through the one atomic path; a taken slot is a 409 with the next free times. */
export async function createBookingForApi(
  tenantId: string,
  input: z.output<typeof bookingCreateSchema>,
  apiKeyId: string,
) {
  const booking = await bookAppointment({
    tenantId,
    appointmentTypeId: input.appointmentTypeId,
    start: input.start,
    callerName: input.callerName,
    callerPhone: input.callerPhone,
    reason: input.reason,
    answers: input.answers ?? {},
    source: "API",
    actor: { type: "api_key", id: apiKeyId },
  });
  return getBookingForApi(tenantId, booking.id);
}

/** Cancels a confirmed booking; cancelling one already cancelled answers it unchanged (safe to retry). */
export async function cancelBookingForApi(tenantId: string, bookingId: string, apiKeyId: string) {
  const current = await getBooking(tenantId, bookingId);
  if (current.status === "CANCELLED") return toApiBooking(current);
  const cancelled = await cancelBooking({ tenantId, bookingId, actor: { type: "api_key", id: apiKeyId } });
  return getBookingForApi(tenantId, cancelled.id);
}

export async function listAppointmentTypesForApi(tenantId: string) {
  return { data: (await listAppointmentTypes(tenantId)).map(toApiAppointmentType) };
}
