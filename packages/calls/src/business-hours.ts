// Is the business open right now? The agent's weekly schedule read in the
// agent's own timezone, with the public holidays of its region (date-holidays)
// treated as closed.
import Holidays from "date-holidays";
import { z } from "zod";

/** Weekdays as stored in a weekly schedule, Monday first (the order owners read them in). */
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "must be HH:MM");
const intervalSchema = z
  .object({ open: hhmm, close: hhmm })
  .refine((i) => i.open < i.close, { message: "closing time must be after opening time", path: ["close"] });
/**
 * The one weekly-hours format (business hours, calling hours): open intervals
 * per weekday in the agent's timezone. Written by the dashboard and the API,
 * read by admission. A day that is absent or empty is closed.
 */
export const weeklyScheduleSchema = z.partialRecord(z.enum(WEEKDAYS), z.array(intervalSchema).max(6));
export type WeeklySchedule = z.infer<typeof weeklyScheduleSchema>;

export type OpenState =
  | { open: true }
  | { open: false; reason: "closed" }
  | { open: false; reason: "holiday"; holiday: string };

const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

const formatters = new Map<string, Intl.DateTimeFormat>();
function localParts(at: Date, timeZone: string): { day: Weekday; minute: number } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, f);
  }
  let day: Weekday = "sun";
  let hour = 0;
  let minute = 0;
  for (const p of f.formatToParts(at)) {
    if (p.type === "weekday") day = p.value.toLowerCase().slice(0, 3) as Weekday;
    else if (p.type === "hour") hour = Number(p.value);
    else if (p.type === "minute") minute = Number(p.value);
  }
  return { day, minute: hour * 60 + minute };
}

const holidayCalendars = new Map<string, Holidays>();
function holidayOn(at: Date, region: string, timeZone: string): string | null {
  const key = `${region}|${timeZone}`;
  let hd = holidayCalendars.get(key);
  if (!hd) {
    const [country, state] = region.split("-");
    hd = state
      ? new Holidays(country ?? "", state, { types: ["public"], timezone: timeZone })
      : new Holidays(country ?? "", { types: ["public"], timezone: timeZone });
    holidayCalendars.set(key, hd);
  }
  const found = hd.isHoliday(at);
  return found && found.length > 0 ? (found[0]?.name ?? "a public holiday") : null;
}

const holidaysByYear = new Map<string, Map<string, string>>();
/**
 * The public holiday on a civil date (YYYY-MM-DD) in a region, or null: one
 * date-holidays lookup per region and year, then a map read (slot search asks
 * about every day of a week, and a cold isHoliday costs milliseconds).
 */
export function publicHolidayOn(date: string, region: string, timeZone: string): string | null {
  const year = Number(date.slice(0, 4));
  const key = `${region}|${timeZone}|${year}`;
  let days = holidaysByYear.get(key);
  if (!days) {
    days = new Map();
    const [country, state] = region.split("-");
    const hd = state
      ? new Holidays(country ?? "", state, { types: ["public"], timezone: timeZone })
      : new Holidays(country ?? "", { types: ["public"], timezone: timeZone });
    for (const h of hd.getHolidays(year)) if (!days.has(h.date.slice(0, 10))) days.set(h.date.slice(0, 10), h.name);
    holidaysByYear.set(key, days);
  }
  return days.get(date) ?? null;
}

/** Parses a stored schedule; null (no schedule) means always open. Invalid JSON is an error naming the field. */
export function parseSchedule(raw: unknown): WeeklySchedule | null {
  if (raw === null || raw === undefined) return null;
  const parsed = weeklyScheduleSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`businessHours: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data;
}

export function openState(
  schedule: WeeklySchedule | null,
  at: Date,
  timeZone: string,
  holidayRegion: string | null,
): OpenState {
  if (holidayRegion) {
    const holiday = holidayOn(at, holidayRegion, timeZone);
    if (holiday) return { open: false, reason: "holiday", holiday };
  }
  if (!schedule) return { open: true };
  const { day, minute } = localParts(at, timeZone);
  const open = (schedule[day] ?? []).some((i) => minute >= minutes(i.open) && minute < minutes(i.close));
  return open ? { open: true } : { open: false, reason: "closed" };
}

const DAY_NAMES: Record<Weekday, string> = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
};

function spokenTime(t: string): string {
  const m = minutes(t);
  const h = Math.floor(m / 60) % 24;
  const mm = m % 60;
  const suffix = h < 12 ? "am" : "pm";
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return mm === 0 ? `${h12}${suffix}` : `${h12}:${String(mm).padStart(2, "0")}${suffix}`;
}

/** The schedule as a sentence a caller can follow ("Monday 9am to 5pm, …"). */
export function describeSchedule(schedule: WeeklySchedule | null): string {
  if (!schedule) return "We're open around the clock.";
  const parts = WEEKDAYS.filter((d) => (schedule[d] ?? []).length > 0).map(
    (d) =>
      `${DAY_NAMES[d]} ${(schedule[d] ?? []).map((i) => `${spokenTime(i.open)} to ${spokenTime(i.close)}`).join(" and ")}`,
  );
  return parts.length === 0 ? "We're currently closed." : `Our hours are ${parts.join(", ")}.`;
}
