// Wall-clock time in a business's timezone ↔ instants, with Intl only.
// A "civil date" is YYYY-MM-DD as the business reads its calendar; minutes are
// minutes after local midnight. DST gaps and half-hour offsets (Adelaide) are
// handled by asking Intl for the offset at the instant itself.

export type CivilDate = string; // "2026-04-05"

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
function offsetFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = offsetFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    offsetFormatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock in `timeZone` at `at`: civil date and minute of the day. */
export function wallClock(at: Date, timeZone: string): { date: CivilDate; minute: number } {
  const parts: Record<string, string> = {};
  for (const p of offsetFormatter(timeZone).formatToParts(at)) parts[p.type] = p.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minute: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** Offset of `timeZone` from UTC at `at`, in minutes (Sydney summer = +660, Adelaide winter = +570). */
export function utcOffsetMinutes(at: Date, timeZone: string): number {
  const parts: Record<string, string> = {};
  for (const p of offsetFormatter(timeZone).formatToParts(at)) parts[p.type] = p.value;
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant a wall-clock time happens in `timeZone`, or null when it never
 * happens that day (the hour skipped when daylight saving starts). An hour that
 * happens twice (daylight saving ends) resolves to its first occurrence.
 */
export function instantAt(date: CivilDate, minute: number, timeZone: string): Date | null {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const naive = Date.UTC(y, m - 1, d, 0, minute);
  // Try the offsets in force a day either side; the earliest that round-trips wins.
  const candidates = new Set([
    utcOffsetMinutes(new Date(naive - 86_400_000), timeZone),
    utcOffsetMinutes(new Date(naive), timeZone),
    utcOffsetMinutes(new Date(naive + 86_400_000), timeZone),
  ]);
  let best: Date | null = null;
  for (const offset of candidates) {
    const at = new Date(naive - offset * 60_000);
    const back = wallClock(at, timeZone);
    if (back.date === date && back.minute === minute && (!best || at < best)) best = at;
  }
  return best;
}

/** Day of the week of a civil date: "sun" … "sat". */
export function weekdayOf(date: CivilDate): "sun" | "mon" | "tue" | "wed" | "thu" | "fri" | "sat" {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return (["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const)[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]!;
}

/** The civil date `days` after `date`. */
export function addDays(date: CivilDate, days: number): CivilDate {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * Converts many wall-clock minutes of one civil date: when the offset is the
 * same at the start and the end of the day (every day but the two daylight-saving
 * Sundays) it is plain arithmetic; otherwise each minute goes through instantAt.
 */
export function dayConverter(date: CivilDate, timeZone: string): (minute: number) => Date | null {
  const start = instantAt(date, 0, timeZone);
  const next = instantAt(addDays(date, 1), 0, timeZone);
  if (start && next) {
    const offsetAtStart = utcOffsetMinutes(start, timeZone);
    const offsetAtEnd = utcOffsetMinutes(new Date(next.getTime() - 1000), timeZone);
    if (offsetAtStart === offsetAtEnd && next.getTime() - start.getTime() === 86_400_000) {
      const base = start.getTime();
      return (minute) => new Date(base + minute * 60_000);
    }
  }
  return (minute) =>
    minute >= 24 * 60 ? instantAt(addDays(date, 1), minute - 24 * 60, timeZone) : instantAt(date, minute, timeZone);
}
