"use server";
// Bookings from the dashboard: add one by hand, move it, cancel it; appointment
// types; the calendar feed link. The rules (hours, buffers, no double-booking)
// are @articulate/booking's, the same ones the agent books under.
import {
  bookAppointment,
  CalcomSetupError,
  CalendarConnectError,
  CalendarUnavailableError,
  cancelBooking,
  chooseGoogleCalendars,
  connectCalcom,
  createAppointmentType,
  disconnectCalcom,
  disconnectGoogle,
  linkCalcomEventType,
  rescheduleBooking,
  rotateBookingFeed,
  updateAppointmentType,
} from "@articulate/booking";
import { writeAudit } from "@articulate/db";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ActionError, notFoundInTenant, withTenantAction } from "@/lib/authz/action";
import { calcomConfig, googleCalendarConfig } from "./google";
import { auDateSchema, clockSchema, localInstant } from "./lib/local-input";

const id = z.string().min(1).max(64);
const whenFields = { date: auDateSchema, time: clockSchema };

function startFrom(input: { date: string; time: number }, timeZone: string): Date {
  const start = localInstant(input.date, input.time, timeZone);
  if (!start) throw new ActionError("That time doesn't exist on that day (the clocks change).", { field: "time" });
  return start;
}

export const addBookingAction = withTenantAction(
  z.object({
    appointmentTypeId: id,
    ...whenFields,
    callerName: z.string().trim().min(1, "Enter the person's name").max(200),
    callerPhone: z.string().trim().min(1, "Enter a phone number").max(32),
    reason: z.string().trim().max(2000).optional(),
  }),
  { role: "MEMBER" },
  async (input, { tenant, user }) => {
    const booking = await bookAppointment({
      tenantId: tenant.id,
      appointmentTypeId: input.appointmentTypeId,
      start: startFrom(input, tenant.timezone),
      callerName: input.callerName,
      callerPhone: input.callerPhone,
      reason: input.reason || undefined,
      source: "DASHBOARD",
      actor: { type: "user", id: user.id },
    });
    revalidatePath(`/t/${tenant.slug}/bookings`);
    return { id: booking.id };
  },
  { successMessage: "Booked." },
);

export const moveBookingAction = withTenantAction(
  z.object({ bookingId: id, ...whenFields }),
  { role: "MEMBER" },
  async (input, { tenant, user }) => {
    const moved = await rescheduleBooking({
      tenantId: tenant.id,
      bookingId: input.bookingId,
      start: startFrom(input, tenant.timezone),
      actor: { type: "user", id: user.id },
    });
    revalidatePath(`/t/${tenant.slug}/bookings`);
    return { id: moved.id };
  },
  { successMessage: "Moved." },
);

export const cancelBookingAction = withTenantAction(
  z.object({ bookingId: id }),
  { role: "MEMBER" },
  async (input, { tenant, db, user }) => {
    const exists = await db.booking.findFirst({ where: { id: input.bookingId }, select: { id: true } });
    if (!exists) throw notFoundInTenant("Booking");
    const cancelled = await cancelBooking({
      tenantId: tenant.id,
      bookingId: input.bookingId,
      actor: { type: "user", id: user.id },
    });
    revalidatePath(`/t/${tenant.slug}/bookings`);
    return { id: cancelled.id };
  },
  { successMessage: "Cancelled." },
);

const minutesFromHours = z.coerce
  .number({ message: "Enter a number of hours" })
  .min(0, "Can't be negative")
  .max(720, "At most 30 days")
  .transform((h) => Math.round(h * 60));

const appointmentTypeForm = z.object({
  name: z.string().trim(),
  agentId: id,
  durationMinutes: z.coerce.number({ message: "Enter minutes" }).int("Whole minutes"),
  bufferMinutes: z.coerce.number({ message: "Enter minutes" }).int("Whole minutes"),
  minNoticeHours: minutesFromHours,
  maxDaysAhead: z.coerce.number({ message: "Enter a number of days" }).int("Whole days"),
});

export const saveAppointmentTypeAction = withTenantAction(
  appointmentTypeForm.extend({ appointmentTypeId: id.optional() }),
  { role: "ADMIN" },
  async ({ appointmentTypeId, minNoticeHours, ...fields }, { tenant, db, user }) => {
    const input = { ...fields, minNoticeMinutes: minNoticeHours };
    const saved = appointmentTypeId
      ? await updateAppointmentType(tenant.id, appointmentTypeId, input)
      : await createAppointmentType(tenant.id, input);
    await writeAudit(db, {
      tenantId: tenant.id,
      actorType: "user",
      actorId: user.id,
      action: appointmentTypeId ? "appointment_type.updated" : "appointment_type.created",
      targetType: "AppointmentType",
      targetId: saved.id,
      data: { name: saved.name },
    });
    revalidatePath(`/t/${tenant.slug}/bookings`);
    return { id: saved.id };
  },
  { successMessage: "Saved." },
);

export const rotateFeedAction = withTenantAction(
  z.object({}),
  { role: "ADMIN" },
  async (_input, { tenant, db, user }) => {
    await rotateBookingFeed(tenant.id);
    await writeAudit(db, {
      tenantId: tenant.id,
      actorType: "user",
      actorId: user.id,
      action: "booking.feed_rotated",
      targetType: "BookingCalendar",
      targetId: tenant.id,
    });
    revalidatePath(`/t/${tenant.slug}/bookings`);
    return { rotated: true };
  },
  { successMessage: "New link made; the old one no longer works." },
);

export const disconnectGoogleAction = withTenantAction(
  z.object({}),
  { role: "ADMIN" },
  async (_input, { tenant, db, user }) => {
    await disconnectGoogle(googleCalendarConfig(), tenant.id);
    await writeAudit(db, {
      tenantId: tenant.id,
      actorType: "user",
      actorId: user.id,
      action: "booking.calendar_disconnected",
      targetType: "BookingCalendar",
      targetId: tenant.id,
      data: { provider: "GOOGLE" },
    });
    revalidatePath(`/t/${tenant.slug}/bookings`);
    return { disconnected: true };
  },
  { successMessage: "Google Calendar disconnected. Bookings stay here, in the built-in calendar." },
);

export const chooseGoogleCalendarsAction = withTenantAction(
  z.object({
    eventsCalendarId: z.string().trim().min(1, "Choose a calendar").max(1024),
    busyCalendarIds: z
      .union([z.string().max(1024), z.array(z.string().max(1024)).max(50)])
      .optional()
      .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
  }),
  { role: "ADMIN" },
  async (input, { tenant, db, user }) => {
    const cfg = googleCalendarConfig();
    if (!cfg) throw new ActionError("Google Calendar isn't available on this server.");
    try {
      await chooseGoogleCalendars(cfg, tenant.id, input);
    } catch (err) {
      if (err instanceof CalendarConnectError) throw new ActionError(err.message, { field: "eventsCalendarId" });
      throw err;
    }
    await writeAudit(db, {
      tenantId: tenant.id,
      actorType: "user",
      actorId: user.id,
      action: "booking.calendars_chosen",
      targetType: "BookingCalendar",
      targetId: tenant.id,
      data: { events: input.eventsCalendarId, busy: input.busyCalendarIds },
    });
    revalidatePath(`/t/${tenant.slug}/bookings`);
    return { saved: true };
  },
  { successMessage: "Saved." },
);

export const connectCalcomAction = withTenantAction(
  z.object({ apiKey: z.string().trim().min(1, "Paste your Cal.com API key").max(200) }),
  { role: "ADMIN" },
  async (input, { tenant, db, user }) => {
    let email: string;
    try {
      ({ email } = await connectCalcom(calcomConfig(), tenant.id, input.apiKey));
    } catch (err) {
      if (err instanceof CalcomSetupError) throw new ActionError(err.message, { field: "apiKey" });
      throw err;
    }
    await writeAudit(db, {
      tenantId: tenant.id,
      actorType: "user",
      actorId: user.id,
      action: "booking.calendar_connected",
      targetType: "BookingCalendar",
      targetId: tenant.id,
      data: { provider: "CALCOM", account: email },
    });
    revalidatePath(`/t/${tenant.slug}/bookings`);
    return { email };
  },
  { successMessage: "Cal.com is connected. Link each appointment type to its Cal.com event type." },
);

export const linkCalcomEventTypeAction = withTenantAction(
  z.object({
    appointmentTypeId: id,
    /** Empty = not linked. */
    calcomEventTypeId: z.union([
      z.literal(""),
      z.coerce.number().int("Choose an event type").positive("Choose an event type"),
    ]),
  }),
  { role: "ADMIN" },
  async (input, { tenant, db, user }) => {
    const exists = await db.appointmentType.findFirst({ where: { id: input.appointmentTypeId }, select: { id: true } });
    if (!exists) throw notFoundInTenant("Appointment type");
    const eventTypeId = input.calcomEventTypeId === "" ? null : input.calcomEventTypeId;
    try {
      await linkCalcomEventType(calcomConfig(), tenant.id, input.appointmentTypeId, eventTypeId);
    } catch (err) {
      if (err instanceof CalcomSetupError || err instanceof CalendarUnavailableError)
        throw new ActionError(err.message, { field: "calcomEventTypeId" });
      throw err;
    }
    await writeAudit(db, {
      tenantId: tenant.id,
      actorType: "user",
      actorId: user.id,
      action: "appointment_type.updated",
      targetType: "AppointmentType",
      targetId: input.appointmentTypeId,
      data: { calcomEventTypeId: eventTypeId },
    });
    revalidatePath(`/t/${tenant.slug}/bookings`);
    return { linked: eventTypeId !== null };
  },
  { successMessage: "Saved." },
);

export const disconnectCalcomAction = withTenantAction(
  z.object({}),
  { role: "ADMIN" },
  async (_input, { tenant, db, user }) => {
    await disconnectCalcom(tenant.id);
    await writeAudit(db, {
      tenantId: tenant.id,
      actorType: "user",
      actorId: user.id,
      action: "booking.calendar_disconnected",
      targetType: "BookingCalendar",
      targetId: tenant.id,
      data: { provider: "CALCOM" },
    });
    revalidatePath(`/t/${tenant.slug}/bookings`);
    return { disconnected: true };
  },
  { successMessage: "Cal.com disconnected. Bookings stay here, in the built-in calendar." },
);
