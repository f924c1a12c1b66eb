// Free slots of one appointment type: pure arithmetic over the opening hours
// (the type's own, or its agent's business hours), the business's timezone and
// public holidays, the booking rules (duration, buffer, minimum notice, how far
// ahead) and what is already booked. No I/O here: the built-in calendar loads
// the busy intervals and calls it; tests drive it directly.
import { publicHolidayOn, type WeeklySchedule } from "@articulate/calls";
import { addDays, type CivilDate, dayConverter, instantAt, wallClock, weekdayOf } from "./local-time";

export interface SlotRules {
  durationMinutes: number;
  /** Kept free after each appointment (and so before the next one). */
  bufferMinutes: number;
  minNoticeMinutes: number;
  maxDaysAhead: number;
  /** null = open around the clock. */
  schedule: WeeklySchedule | null;
  timeZone: string;
  /** date-holidays region ("AU-NSW"); null = holidays not observed. */
  holidayRegion: string | null;
  /** Start times are offered on this grid from each opening time. */
  stepMinutes: number;
}

/** A blocked interval [start, end): an existing booking from its start to the end of its buffer. */
export interface BusyInterval {
  start: Date;
  end: Date;
}

export interface Slot {
  start: Date;
  end: Date;
}

const MINUTE = 60_000;
const hhmm = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/** Is the civil date a public holiday where the business is? */
function isHoliday(date: CivilDate, rules: SlotRules): boolean {
  return rules.holidayRegion !== null && publicHolidayOn(date, rules.holidayRegion, rules.timeZone) !== null;
}

/** The bookable window for `now`: from the minimum notice to the last day ahead (end of that local day). */
export function bookableWindow(rules: SlotRules, now: Date): { earliest: Date; latest: Date } {
  const earliest = new Date(now.getTime() + rules.minNoticeMinutes * MINUTE);
  const lastDay = addDays(wallClock(now, rules.timeZone).date, rules.maxDaysAhead);
  const latest =
    instantAt(addDays(lastDay, 1), 0, rules.timeZone) ??
    new Date(now.getTime() + (rules.maxDaysAhead + 1) * 86_400_000);
  return { earliest, latest };
}

/**
 * Every free slot whose start lies in [from, to), inside the opening hours of its
 * local day, within the bookable window, and clear (with its buffer) of `busy`.
 * `busy` may be in any order. Slots that would straddle a daylight-saving change
 * are not offered (the wall clock and the elapsed time disagree).
 */
export function freeSlots(rules: SlotRules, busy: readonly BusyInterval[], from: Date, to: Date, now: Date): Slot[] {
  const { earliest, latest } = bookableWindow(rules, now);
  const lo = Math.max(from.getTime(), earliest.getTime());
  const hi = Math.min(to.getTime(), latest.getTime());
  if (lo >= hi) return [];
  const sortedBusy = [...busy].sort((a, b) => a.start.getTime() - b.start.getTime());
  const durationMs = rules.durationMinutes * MINUTE;
  const blockMs = (rules.durationMinutes + rules.bufferMinutes) * MINUTE;
  const out: Slot[] = [];
  const lastDate = wallClock(new Date(hi), rules.timeZone).date;
  for (let date = wallClock(new Date(lo), rules.timeZone).date; date <= lastDate; date = addDays(date, 1)) {
    if (isHoliday(date, rules)) continue;
    const intervals = rules.schedule ? (rules.schedule[weekdayOf(date)] ?? []) : [{ open: "00:00", close: "24:00" }];
    if (intervals.length === 0) continue;
    const at = dayConverter(date, rules.timeZone);
    for (const interval of intervals) {
      const close = hhmm(interval.close);
      for (let m = hhmm(interval.open); m + rules.durationMinutes <= close; m += rules.stepMinutes) {
        const start = at(m);
        if (!start) continue; // the hour daylight saving skips
        const t = start.getTime();
        if (t < lo || t >= hi) continue;
        const end = at(m + rules.durationMinutes);
        if (!end || end.getTime() - t !== durationMs) continue;
        const blockEnd = t + blockMs;
        const clash = sortedBusy.some((b) => b.start.getTime() < blockEnd && t < b.end.getTime());
        if (!clash) out.push({ start, end });
      }
    }
  }
  return out;
}

/** Is `start` one of the slots `freeSlots` would offer? (the booking-time re-check) */
export function isFreeSlot(rules: SlotRules, busy: readonly BusyInterval[], start: Date, now: Date): boolean {
  const slots = freeSlots(rules, busy, start, new Date(start.getTime() + 1), now);
  return slots.some((s) => s.start.getTime() === start.getTime());
}

/**
 * A few options to offer a caller, spread across the window rather than the
 * first three of one morning: the first free slot, then the next ones at least
 * `gapMinutes` apart, across different days where possible.
 */
export function pickOptions(slots: readonly Slot[], count: number, timeZone: string, gapMinutes = 90): Slot[] {
  const picked: Slot[] = [];
  const perDay = new Map<string, number>();
  const maxPerDay = Math.max(
    1,
    Math.ceil(count / Math.max(1, new Set(slots.map((s) => wallClock(s.start, timeZone).date)).size)),
  );
  for (const slot of slots) {
    if (picked.length >= count) break;
    const day = wallClock(slot.start, timeZone).date;
    const last = picked.at(-1);
    if ((perDay.get(day) ?? 0) >= maxPerDay) continue;
    if (last && slot.start.getTime() - last.start.getTime() < gapMinutes * MINUTE) continue;
    picked.push(slot);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  // A thin day: fill with what's left, in order.
  for (const slot of slots) {
    if (picked.length >= count) break;
    if (!picked.includes(slot)) picked.push(slot);
  }
  return picked.sort((a, b) => a.start.getTime() - b.start.getTime());
}
