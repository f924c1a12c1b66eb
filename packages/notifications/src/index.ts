// @articulate/notifications: what each member hears about every call — instant
// e-mails and texts for messages (and calls), the daily digest, unsubscribe
// links and the delivery log. Sending runs on the job system.
export { senderTakesReplies, textBookingCallers } from "./booking-texts";

export type { NotifierDeps } from "./notify";
export {
  deliverNotification,
  digestData,
  fanOutNotifications,
  listMemberDeliveries,
  planDigests,
  wants,
} from "./notify";
export type { EffectivePreferences, PreferencesInput, SavedPreferences } from "./preferences";
export {
  effectivePreferences,
  getPreferences,
  NotificationInputError,
  notificationAddress,
  parseMobileNumber,
  parseNotificationEmail,
  preferencesInputSchema,
  savePreferences,
} from "./preferences";
export type { BookingChange, BookingForNotice, DigestData, Rendered } from "./render";
export {
  renderBookingEmail,
  renderBookingSms,
  renderCalendarBrokenEmail,
  renderDigestEmail,
  renderMessageEmail,
} from "./render";
export type { SmsApiBases, SmsConfig, SmsSender } from "./sms";
export { createSmsSender, SmsError, smsConfigFromEnv } from "./sms";
export type { SmsAccountInput, SmsAccountView } from "./sms-account";
export {
  connectSmsAccount,
  explainSmsFailure,
  getSmsAccount,
  removeSmsAccount,
  SmsTestError,
  sendTestSms,
  smsAccountInputSchema,
  tenantSmsSender,
} from "./sms-account";
export type { UnsubscribeTopic } from "./unsubscribe";
export { applyUnsubscribe, topicLabel, unsubscribeToken, verifyUnsubscribeToken } from "./unsubscribe";
