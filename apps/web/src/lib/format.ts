// Display formatting for the dashboard (AUD, durations, phone numbers, dates in the tenant's timezone).
// The browser-safe phone module (libphonenumber-js), not the package entry with its server code.
import { formatPhoneNumber } from "@articulate/telephony/phone-numbers";

const aud = new Intl.NumberFormat("en-AU", { style: "currency", currency: "AUD" });

/** Integer cents → "$1,234.50". */
export function formatMoney(minor: number | bigint): string {
  const n = typeof minor === "bigint" ? Number(minor) : minor;
  // `+ 0` turns -0 (e.g. Math.round(-0.4)) into 0, so nothing shows "-$0.00".
  return aud.format(n / 100 + 0);
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null) return "—";
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? `${m}m ${String(s).padStart(2, "0")}s` : `${s}s`;
}

/** Milliseconds offset → "1:05". */
export function formatOffset(ms: number | null | undefined): string {
  if (ms == null) return "";
  const total = Math.floor(ms / 1000);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}

/** "+61255501234" or "0412345678" → "+61 2 5550 1234" / "+61 412 345 678" (raw value if unparseable). */
export function formatPhone(e164: string | null | undefined): string {
  if (!e164) return "—";
  return formatPhoneNumber(e164);
}

export function formatDateTime(d: Date | null | undefined, timeZone: string): string {
  if (!d) return "—";
  return new Intl.DateTimeFormat("en-AU", { timeZone, dateStyle: "medium", timeStyle: "short" }).format(d);
}

export function formatDate(d: Date | null | undefined, timeZone: string): string {
  if (!d) return "—";
  return new Intl.DateTimeFormat("en-AU", { timeZone, dateStyle: "medium" }).format(d);
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat("en-AU").format(n);
}

/** ENUM_VALUE → "Enum value". */
export function humanize(value: string | null | undefined): string {
  if (!value) return "—";
  const s = value.toLowerCase().replace(/_/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}
