// Display formatting for the dashboard (AUD, durations, phone numbers, dates in the tenant's timezone).
// The browser-safe phone module (libphonenumber-js), not the package entry with its server code.
import { formatPhoneNumber } from "@articulate/telephony/phone-numbers";

const aud = new Intl.NumberFormat("en-AU", { style: "currency", currency: "AUD" });

/** Integer cents → "A$1,234.50" (Australian dollars, marked as such). */
export function formatMoney(minor: number | bigint): string {
  const n = typeof minor === "bigint" ? Number(minor) : minor;
  // `+ 0` turns -0 (e.g. Math.round(-0.4)) into 0, so nothing shows "-A$0.00".
  return aud.format(n / 100 + 0).replace("$", "A$");
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

/** "+61255501234" → "02 5550 1234", foreign numbers international (the one phone module; raw value if unparseable). */
export function formatPhone(e164: string | null | undefined): string {
  if (!e164) return "—";
  return formatPhoneNumber(e164);
}

const DAY = { day: "2-digit", month: "2-digit", year: "numeric" } as const;

/** "31/10/2026, 2:05 pm" in the tenant's timezone. */
export function formatDateTime(d: Date | null | undefined, timeZone: string): string {
  if (!d) return "—";
  return new Intl.DateTimeFormat("en-AU", { timeZone, ...DAY, hour: "numeric", minute: "2-digit" }).format(d);
}

/** "31/10/2026" in the tenant's timezone. */
export function formatDate(d: Date | null | undefined, timeZone: string): string {
  if (!d) return "—";
  return new Intl.DateTimeFormat("en-AU", { timeZone, ...DAY }).format(d);
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat("en-AU").format(n);
}

// Words that stay in capitals when an enum value is humanized.
const ACRONYMS = new Set(["byo", "sip", "api", "sms", "url", "ai", "livekit"]);
const PROPER: Record<string, string> = { livekit: "LiveKit" };

/** ENUM_VALUE → "Enum value"; acronyms stay capitals ("BYO", "SIP"). */
export function humanize(value: string | null | undefined): string {
  if (!value) return "—";
  const words = value.toLowerCase().split("_");
  return words
    .map((w, i) => {
      if (ACRONYMS.has(w)) return PROPER[w] ?? w.toUpperCase();
      return i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w;
    })
    .join(" ");
}

/** "1 call", "2 calls", "1,024 minutes": the count with its noun in the right number. */
export function formatCount(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatNumber(n)} ${n === 1 ? singular : plural}`;
}

/** Bytes → "43.7 KB" / "1.2 GB" (decimal units, as storage providers bill). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = bytes / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${new Intl.NumberFormat("en-AU", { maximumFractionDigits: 1 }).format(v)} ${units[i]}`;
}
