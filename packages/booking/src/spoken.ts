// Times as a receptionist says them: "Tuesday 1 December at 9:30 am", and a
// short list of options ("… at 9:30 am, Wednesday at 11 am or Thursday at 2 pm").
import type { Slot } from "./availability";
import { wallClock } from "./local-time";

const dayFormatters = new Map<string, Intl.DateTimeFormat>();
function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = dayFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-AU", { timeZone, weekday: "long", day: "numeric", month: "long" });
    dayFormatters.set(timeZone, f);
  }
  return f;
}

export function spokenClock(at: Date, timeZone: string): string {
  const { minute } = wallClock(at, timeZone);
  const h = Math.floor(minute / 60);
  const m = minute % 60;
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${h12}${m === 0 ? "" : `:${String(m).padStart(2, "0")}`} ${h < 12 ? "am" : "pm"}`;
}

/** "Tuesday 1 December at 9:30 am" in the business's timezone. */
export function spokenTime(at: Date, timeZone: string): string {
  return `${dayFormatter(timeZone).format(at).replace(",", "")} at ${spokenClock(at, timeZone)}`;
}

/** Options in one sentence, naming each day once: "Tuesday 1 December at 9:30 am or 11 am, or Wednesday …". */
export function spokenOptions(slots: readonly Slot[], timeZone: string): string {
  const byDay = new Map<string, Slot[]>();
  for (const s of slots) {
    const day = wallClock(s.start, timeZone).date;
    byDay.set(day, [...(byDay.get(day) ?? []), s]);
  }
  const parts = [...byDay.values()].map((daySlots) => {
    const first = daySlots[0]!;
    const times = daySlots.map((s) => spokenClock(s.start, timeZone));
    const dayName = dayFormatter(timeZone).format(first.start).replace(",", "");
    return `${dayName} at ${times.length > 1 ? `${times.slice(0, -1).join(", ")} or ${times.at(-1)}` : times[0]}`;
  });
  return parts.length > 1 ? `${parts.slice(0, -1).join(", ")}, or ${parts.at(-1)}` : (parts[0] ?? "");
}
