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

/** "+61255501234" → "+61 2 5550 1234"; falls back to the input when it cannot be parsed. */
export function formatPhoneNumber(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  return parsed ? parsed.formatInternational() : e164;
}

/** Any valid number (local Australian formats read as AU) in E.164, or null: for forms that report their own message. */
export function toE164(input: string, defaultCountry: CountryCode = "AU"): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry);
  return parsed?.isValid() ? parsed.number : null;
}
