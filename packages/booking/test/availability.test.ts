// Availability arithmetic in the business's own clock: daylight saving in
// Sydney, none in Brisbane, Adelaide's half-hour offset, buffers, notice,
// how far ahead, and public holidays closed.
import { describe, expect, it } from "vitest";
import { type BusyInterval, freeSlots, pickOptions, type SlotRules } from "../src/availability";
import { instantAt, utcOffsetMinutes, wallClock } from "../src/local-time";

const weekdays = { open: "09:00", close: "17:00" };
const rules = (over: Partial<SlotRules> = {}): SlotRules => ({
  durationMinutes: 30,
  bufferMinutes: 0,
  minNoticeMinutes: 0,
  maxDaysAhead: 400,
  schedule: { mon: [weekdays], tue: [weekdays], wed: [weekdays], thu: [weekdays], fri: [weekdays] },
  timeZone: "Australia/Sydney",
  holidayRegion: null,
  stepMinutes: 15,
  ...over,
});
const day = (date: string, tz: string) => [instantAt(date, 0, tz)!, instantAt(date, 24 * 60 - 1, tz)!] as const;
const local = (d: Date, tz: string) => {
  const w = wallClock(d, tz);
  return `${w.date} ${String(Math.floor(w.minute / 60)).padStart(2, "0")}:${String(w.minute % 60).padStart(2, "0")}`;
};
const longAgo = new Date("2026-01-01T00:00:00Z");

describe("local time", () => {
  it("knows Sydney's, Brisbane's and Adelaide's offsets either side of daylight saving", () => {
    const winter = new Date("2026-07-01T00:00:00Z");
    const summer = new Date("2026-12-01T00:00:00Z");
    expect([utcOffsetMinutes(winter, "Australia/Sydney"), utcOffsetMinutes(summer, "Australia/Sydney")]).toEqual([
      600, 660,
    ]);
    expect([utcOffsetMinutes(winter, "Australia/Brisbane"), utcOffsetMinutes(summer, "Australia/Brisbane")]).toEqual([
      600, 600,
    ]);
    expect([utcOffsetMinutes(winter, "Australia/Adelaide"), utcOffsetMinutes(summer, "Australia/Adelaide")]).toEqual([
      570, 630,
    ]);
  });

  it("has no 2:30 am on the Sunday Sydney's clocks go forward, and one (the first) when they go back", () => {
    expect(instantAt("2026-10-04", 150, "Australia/Sydney")).toBeNull();
    expect(instantAt("2026-10-04", 180, "Australia/Sydney")?.toISOString()).toBe("2026-10-03T16:00:00.000Z");
    // 5 April 2026: 02:30 happens at 15:30Z (AEDT) and again at 16:30Z (AEST); the first is taken.
    expect(instantAt("2026-04-05", 150, "Australia/Sydney")?.toISOString()).toBe("2026-04-04T15:30:00.000Z");
  });
});

describe("freeSlots", () => {
  it("offers quarter-hour starts inside opening hours, the last one ending at closing", () => {
    const [from, to] = day("2026-12-01", "Australia/Sydney"); // a Tuesday
    const slots = freeSlots(rules(), [], from, to, longAgo);
    expect(slots).toHaveLength(31); // 09:00 … 16:30
    expect(local(slots[0]!.start, "Australia/Sydney")).toBe("2026-12-01 09:00");
    expect(local(slots.at(-1)!.end, "Australia/Sydney")).toBe("2026-12-01 17:00");
    expect(slots[0]!.start.toISOString()).toBe("2026-11-30T22:00:00.000Z"); // AEDT, +11
  });

  it("is closed at weekends and on public holidays of the business's region", () => {
    const r = rules({ holidayRegion: "AU-NSW" });
    const [satFrom, satTo] = day("2026-12-05", "Australia/Sydney");
    expect(freeSlots(r, [], satFrom, satTo, longAgo)).toEqual([]);
    const [xmasFrom, xmasTo] = day("2026-12-25", "Australia/Sydney"); // a Friday, Christmas Day
    expect(freeSlots(r, [], xmasFrom, xmasTo, longAgo)).toEqual([]);
    expect(freeSlots(rules(), [], xmasFrom, xmasTo, longAgo)).toHaveLength(31);
  });

  it("keeps each booking's buffer free and fits new appointments with their own buffer before the next", () => {
    const tz = "Australia/Sydney";
    const r = rules({ bufferMinutes: 15 });
    // Booked 10:00–10:30, blocked until 10:45.
    const busy: BusyInterval[] = [{ start: instantAt("2026-12-01", 600, tz)!, end: instantAt("2026-12-01", 645, tz)! }];
    const [from, to] = day("2026-12-01", tz);
    const starts = freeSlots(r, busy, from, to, longAgo).map((s) => local(s.start, tz).slice(11));
    // 09:15 would end 09:45 + 15 min buffer = 10:00: fits. 09:30 would run into the booking.
    expect(starts).toContain("09:15");
    expect(starts).not.toContain("09:30");
    expect(starts).not.toContain("10:30");
    expect(starts).toContain("10:45");
  });

  it("respects the minimum notice and how far ahead a booking may be", () => {
    const tz = "Australia/Sydney";
    const now = instantAt("2026-12-01", 9 * 60 + 5, tz)!; // 09:05 on the Tuesday
    const r = rules({ minNoticeMinutes: 120, maxDaysAhead: 1 });
    const [from] = day("2026-12-01", tz);
    const [, to] = day("2026-12-04", tz);
    const slots = freeSlots(r, [], from, to, now);
    expect(local(slots[0]!.start, tz)).toBe("2026-12-01 11:15");
    expect(local(slots.at(-1)!.start, tz)).toBe("2026-12-02 16:30"); // nothing on the 3rd (2 days ahead)
  });

  it("gives correct instants on both daylight-saving Sundays in Sydney (open around the clock)", () => {
    const tz = "Australia/Sydney";
    const r = rules({ schedule: null, durationMinutes: 60, stepMinutes: 60 });
    const [fwdFrom, fwdTo] = day("2026-10-04", tz);
    const forward = freeSlots(r, [], fwdFrom, fwdTo, longAgo).map((s) => local(s.start, tz).slice(11));
    expect(forward).not.toContain("02:00"); // 02:00 never happens
    expect(forward).not.toContain("01:00"); // would end at 02:00, which never happens
    expect(forward).toContain("03:00");
    expect(forward).toHaveLength(22);
    const [backFrom, backTo] = day("2026-04-05", tz);
    const back = freeSlots(r, [], backFrom, backTo, longAgo);
    for (const s of back) expect(s.end.getTime() - s.start.getTime()).toBe(3_600_000);
  });

  it("uses Brisbane's fixed +10 and Adelaide's half-hour offset", () => {
    const [bFrom, bTo] = day("2026-12-01", "Australia/Brisbane");
    const bris = freeSlots(rules({ timeZone: "Australia/Brisbane" }), [], bFrom, bTo, longAgo);
    expect(bris[0]!.start.toISOString()).toBe("2026-11-30T23:00:00.000Z");
    const [aFrom, aTo] = day("2026-07-01", "Australia/Adelaide"); // winter, +9:30
    const adl = freeSlots(rules({ timeZone: "Australia/Adelaide" }), [], aFrom, aTo, longAgo);
    expect(adl[0]!.start.toISOString()).toBe("2026-06-30T23:30:00.000Z");
    const [sFrom, sTo] = day("2026-12-01", "Australia/Adelaide"); // summer, +10:30
    expect(freeSlots(rules({ timeZone: "Australia/Adelaide" }), [], sFrom, sTo, longAgo)[0]!.start.toISOString()).toBe(
      "2026-11-30T22:30:00.000Z",
    );
  });
});

describe("pickOptions", () => {
  it("spreads a few options across days instead of three neighbours in one morning", () => {
    const tz = "Australia/Sydney";
    const [from] = day("2026-12-01", tz);
    const [, to] = day("2026-12-03", tz);
    const picked = pickOptions(freeSlots(rules(), [], from, to, longAgo), 3, tz);
    expect(picked.map((s) => local(s.start, tz).slice(0, 10))).toEqual(["2026-12-01", "2026-12-02", "2026-12-03"]);
  });
});
