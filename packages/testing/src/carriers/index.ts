// @articulate/testing/carriers: local Telnyx and Twilio APIs and their webhook signing, for tests.
export { startTelnyxFake } from "./telnyx";
export type { TelnyxFake, TelnyxFakeState, TelnyxAvailable, TelnyxOwnedNumber, TelnyxOrder } from "./telnyx";
export { startTwilioFake } from "./twilio";
export type { TwilioFake, TwilioFakeState, TwilioAvailable, TwilioIncoming, TwilioAddress } from "./twilio";
export { generateTelnyxKeyPair, telnyxSignatureHeaders, twilioSignature } from "./signing";
export type { TelnyxKeyPair } from "./signing";
