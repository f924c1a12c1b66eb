// Telephony failures → action errors. The telephony package writes its messages
// for business owners, so they are shown as they are, on the field they concern.
import {
  InvalidPhoneNumberError,
  InvalidTelephonyInputError,
  NotFoundError,
  TelephonyError,
} from "@articulate/telephony";
import { ActionError } from "@/lib/authz/action";

export function toActionError(err: unknown, fieldMap: Record<string, string> = {}): never {
  if (err instanceof NotFoundError) throw new ActionError(err.message, { code: 404 });
  if (err instanceof InvalidPhoneNumberError || err instanceof InvalidTelephonyInputError) {
    throw new ActionError(err.message, { field: fieldMap[err.field] ?? err.field, code: 400 });
  }
  if (err instanceof TelephonyError) throw new ActionError(err.message, { code: 409 });
  throw err;
}

/** "1.50" (carrier decimal string) → 150 cents, exactly; null if not a plain decimal. */
export function decimalToMinor(value: string | undefined): number | null {
  if (!value) return null;
  const m = /^(\d+)(?:\.(\d{1,2})\d*)?$/.exec(value.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}
