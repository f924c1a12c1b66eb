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

export { getPreferences, NotificationInputError, savePreferences } from "./preferences";
export type { Rendered } from "./render";
export { renderBookingSms, renderDigestEmail, renderMessageEmail } from "./render";
export type { SmsApiBases } from "./sms";
export { createSmsSender, smsConfigFromEnv } from "./sms";

export { connectSmsAccount, getSmsAccount, removeSmsAccount, SmsTestError, sendTestSms } from "./sms-account";

export { applyUnsubscribe, topicLabel, unsubscribeToken, verifyUnsubscribeToken } from "./unsubscribe";
