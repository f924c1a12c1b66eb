// @articulate/notifications: what each member hears about every call — instant
// e-mails and texts for messages (and calls), the daily digest, unsubscribe
// links and the delivery log. Sending runs on the job system.
export { type BookingTextsSummary, senderTakesReplies, textBookingCallers } from "./booking-texts";
export { localClock, localMidnight } from "./local-time";
export type { DeliveryOutcome, NotifierDeps } from "./notify";
export {
  deliverNotification,
  digestData,
  fanOutNotifications,
  listMemberDeliveries,
  planDigests,
  wants,
} from "./notify";
export type { EffectivePreferences, PreferencesInput } from "./preferences";
export {
  effectivePreferences,
  getPreferences,
  NotificationInputError,
  parseMobileNumber,
  preferencesInputSchema,
  savePreferences,
} from "./preferences";
export type { BookingChange, BookingForNotice, DigestData, Rendered } from "./render";
export { renderBookingEmail, renderBookingSms, renderDigestEmail, renderMessageEmail } from "./render";
export type { SmsConfig, SmsSender } from "./sms";
export { createSmsSender, SmsError, smsConfigFromEnv } from "./sms";
export type { UnsubscribeTopic } from "./unsubscribe";
export { applyUnsubscribe, topicLabel, unsubscribeToken, verifyUnsubscribeToken } from "./unsubscribe";
