// Sender and recipient rules both carriers' messaging APIs enforce for
// Australia, shared by the Twilio and Telnyx fakes: the recipient is an E.164
// number; the sender is an E.164 number the account holds or an alphanumeric
// sender ID (letters, digits, spaces; 1–11 characters, at least one letter).
export interface SentSms {
  id: string;
  provider: "twilio" | "telnyx";
  /** The account that sent it: Twilio Account SID, or the Telnyx API key's account id. */
  account: string;
  from: string;
  to: string;
  body: string;
  at: Date;
}

export const E164 = /^\+[1-9]\d{6,14}$/;
export const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;

/** Whether `from` may send: an owned number, or an alphanumeric sender id. */
export function senderAllowed(from: string, ownedNumbers: Iterable<string>): boolean {
  if (ALPHANUMERIC_SENDER.test(from)) return true;
  return E164.test(from) && [...ownedNumbers].includes(from);
}
