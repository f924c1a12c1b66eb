// @articulate/booking: appointments the receptionist books. Appointment types,
// availability (opening hours, timezone and daylight saving, holidays, buffers,
// notice), atomic booking without double-booking, and a caller's own bookings
// found, moved and cancelled only after verification.

export {
  type BookingTool,
  type BookingToolContext,
  type BookingToolName,
  bookingInstructions,
  bookingTools,
} from "./agent-tools";
export type { AppointmentTypeInput } from "./appointment-types";
export {
  appointmentTypeInputSchema,
  createAppointmentType,
  listAppointmentTypes,
  updateAppointmentType,
} from "./appointment-types";
export type { BusyInterval, Slot, SlotRules } from "./availability";
export { bookableWindow, freeSlots, pickOptions } from "./availability";
export { type BookingPage, type BookingPageInput, getBooking, listBookingsPage } from "./bookings-page";
export {
  CALCOM_API_VERSIONS,
  type CalcomConfig,
  type CalcomEventType,
  CalcomSetupError,
  calcomConfigFromEnv,
  connectCalcom,
  disconnectCalcom,
  linkCalcomEventType,
  listCalcomEventTypes,
} from "./calcom";
export type { Availability, AvailabilityInput, BookAppointmentInput, BookingListItem } from "./calendar";
export {
  bookAppointment,
  cancelBooking,
  checkAvailability,
  findCallerBookings,
  listBookings,
  mondayOf,
  rescheduleBooking,
  SLOT_STEP_MINUTES,
  slotRulesFor,
} from "./calendar";
export { BookingError, type BookingErrorCode } from "./errors";
export { CalendarUnavailableError, type ExternalCalendar } from "./external";
export {
  CalendarConnectError,
  chooseGoogleCalendars,
  completeGoogleConnect,
  disconnectGoogle,
  GOOGLE_CALENDAR_SCOPES,
  type GoogleOAuthConfig,
  googleConfigFromEnv,
  googleConsentUrl,
  listGoogleCalendars,
  verifyConnectState,
} from "./google-calendar";
export { bookingFeed, bookingFeedPath, type FeedBooking, renderIcs, rotateBookingFeed } from "./ics-feed";
export { addDays, type CivilDate, instantAt, wallClock } from "./local-time";
export { externalCalendarFor } from "./providers";
export { spokenOptions, spokenTime } from "./spoken";
