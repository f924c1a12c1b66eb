// Phone number parsing and display (libphonenumber-js, full metadata). Australian
// input is first class: "02 5550 1234", "0412 345 678", "1800 555 012".

import type { NumberType } from "@articulate/db";
import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js/max";
import { InvalidPhoneNumberError } from "./errors";

export interface ParsedPhoneNumber {
  e164: string;
  country: string | undefined;
  /** Our number type, when the number is one we can sell/route. */
  numberType: NumberType | undefined;
  international: string;
  national: string;
}

export function parsePhoneNumber(
  input: string,
  opts: { field?: string; defaultCountry?: CountryCode } = {},
): ParsedPhoneNumber {
  const field = opts.field ?? "phoneNumber";
  const parsed = parsePhoneNumberFromString(input.trim(), opts.defaultCountry ?? "AU");
  if (!parsed?.isValid()) throw new InvalidPhoneNumberError(field, input);
  const type = parsed.getType();
  const numberType: NumberType | undefined =
    type === "MOBILE"
      ? "MOBILE"
      : type === "TOLL_FREE" || type === "SHARED_COST"
        ? "TOLL_FREE"
        : type === "FIXED_LINE" || type === "FIXED_LINE_OR_MOBILE"
          ? "LOCAL"
          : undefined;
  return {
    e164: parsed.number,
    country: parsed.country,
    numberType,
    international: parsed.formatInternational(),
    national: parsed.formatNational(),
  };
}

/** An Australian number (any AU type) in E.164; anything else is refused naming the field. */
export function parseAuNumber(input: string, field = "phoneNumber"): ParsedPhoneNumber {
  const p = parsePhoneNumber(input, { field, defaultCountry: "AU" });
  if (p.country !== "AU") throw new InvalidPhoneNumberError(field, input, "is not an Australian number");
  return p;
}

/** Why we will not dial this number for a tenant (not a real number, or premium-rate such as AU 190x), or null. */
export function undiallableReason(e164: string): string | null {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed?.isValid()) return "is not a valid phone number";
  if (parsed.getType() === "PREMIUM_RATE") return "must not be a premium-rate number";
  return null;
}

/**
 * How a number is shown everywhere (dashboard, e-mails, SMS, messages for owners):
 * Australian numbers in national format ("+61255501234" → "02 5550 1234",
 * "+61412345678" → "0412 345 678"), any other country's internationally
 * ("+1 415 555 0100"); the input itself when it cannot be parsed. Safe in the browser.
 */
export function formatPhoneNumber(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164, "AU");
  if (!parsed) return e164;
  // libphonenumber writes AU area codes in brackets ("(02) 5550 1234"); Australians write "02 5550 1234".
  return parsed.country === "AU"
    ? parsed.formatNational().replace(/^\((\d+)\)\s*/, "$1 ")
    : parsed.formatInternational();
}

/** Any valid number (local Australian formats read as AU) in E.164, or null: for forms that report their own message. */
export function toE164(input: string, defaultCountry: CountryCode = "AU"): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry);
  return parsed?.isValid() ? parsed.number : null;
}

/**
 * Normalizes a dialed number to E.164 the way carriers and LiveKit hand it to
 * us ("+61 2 5550 1234", "61255501234", "(02) 5550 1234", "tel:+61…", "sip:+61…@host").
 * Numbers without a country code are read as Australian. null when it is not
 * a phone number at all.
 */
export function normalizeDialedNumber(input: string): string | null {
  if (typeof input !== "string") return null;
  let s = input
    .trim()
    .replace(/^(tel:|sip:)/i, "")
    .replace(/@.*$/, "");
  if (s.length === 0 || s.length > 40) return null;
  // Fast path: already E.164 (the worker passes sip.trunkPhoneNumber as given).
  if (/^\+[1-9]\d{6,14}$/.test(s)) return s;
  s = s.replace(/[\s\-().]/g, "");
  if (/^00[1-9]/.test(s)) s = `+${s.slice(2)}`;
  else if (/^[1-9]\d{9,14}$/.test(s) && !s.startsWith("0")) s = `+${s}`;
  const parsed = parsePhoneNumberFromString(s, "AU");
  return parsed?.isPossible() ? parsed.number : null;
}
