// Wall-clock arithmetic in a tenant's timezone (Intl, so DST is the zone's own rules).

/** The local calendar date ("YYYY-MM-DD") and minutes since local midnight at `at`. */
export function localClock(at: Date, timeZone: string): { date: string; minutes: number } {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "00";
  return {
    date: `${get("year")}-${get("month")}-${get("day")}`,
    minutes: Number(get("hour")) * 60 + Number(get("minute")),
  };
}

/** UTC instant of local midnight starting `date` ("YYYY-MM-DD") in `timeZone`. */
export function localMidnight(date: string, timeZone: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  // Start from UTC midnight and correct by the zone's offset twice (the offset may differ across a DST change).
  let guess = Date.UTC(y, m - 1, d);
  for (let i = 0; i < 2; i++) {
    const clock = localClock(new Date(guess), timeZone);
    const [cy, cm, cd] = clock.date.split("-").map(Number) as [number, number, number];
    const wall = Date.UTC(cy, cm - 1, cd) + clock.minutes * 60_000;
    guess -= wall - Date.UTC(y, m - 1, d);
  }
  return new Date(guess);
}

/** "HH:MM" → minutes since midnight. */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  return h * 60 + m;
}

/** The next local date after `date`. */
export function nextDate(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}
