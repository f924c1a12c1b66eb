// @articulate/testing/carriers: local Telnyx and Twilio APIs and their webhook signing, for tests.

export type { TelnyxKeyPair } from "./signing";
export { generateTelnyxKeyPair, telnyxSignatureHeaders, twilioSignature } from "./signing";
export type { SentSms } from "./sms-rules";
export type { TelnyxAvailable, TelnyxFake, TelnyxFakeState, TelnyxOrder, TelnyxOwnedNumber } from "./telnyx";
export { startTelnyxFake } from "./telnyx";
export type { TwilioAddress, TwilioAvailable, TwilioFake, TwilioFakeState, TwilioIncoming } from "./twilio";
export { startTwilioFake } from "./twilio";
