// @articulate/booking: appointments the receptionist books. Appointment types,
// availability (opening hours, timezone and daylight saving, holidays, buffers,
// notice), atomic booking without double-booking, and a caller's own bookings
// found, moved and cancelled only after verification.

export { bookingInstructions, bookingTools } from "./agent-tools";

export { createAppointmentType, listAppointmentTypes, updateAppointmentType } from "./appointment-types";
export type { BusyInterval, SlotRules } from "./availability";
export { freeSlots, pickOptions } from "./availability";
export { type BookingPage, getBooking, listBookingsPage } from "./bookings-page";
export {
  CALCOM_API_VERSIONS,
  type CalcomConfig,
  CalcomSetupError,
  calcomConfigFromEnv,
  connectCalcom,
  disconnectCalcom,
  linkCalcomEventType,
  listCalcomEventTypes,
} from "./calcom";
export type { Availability } from "./calendar";
export {
  bookAppointment,
  cancelBooking,
  checkAvailability,
  findCallerBookings,
  listBookings,
  mondayOf,
  rescheduleBooking,
  slotRulesFor,
} from "./calendar";
export { BookingError } from "./errors";
export { CalendarUnavailableError } from "./external";
export {
  CalendarConnectError,
  chooseGoogleCalendars,
  completeGoogleConnect,
  disconnectGoogle,
  type GoogleOAuthConfig,
  googleConfigFromEnv,
  googleConsentUrl,
  listGoogleCalendars,
  verifyConnectState,
} from "./google-calendar";
export { bookingFeed, bookingFeedPath, renderIcs, rotateBookingFeed } from "./ics-feed";
export { addDays, type CivilDate, instantAt, wallClock } from "./local-time";

export { spokenTime } from "./spoken";
