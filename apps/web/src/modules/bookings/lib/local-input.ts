// Dates and times as an Australian owner types them (dd/mm/yyyy, 24-hour or
// 12-hour clock), turned into instants in the business's timezone.
import { type CivilDate, instantAt } from "@articulate/booking";
import { z } from "zod";

/** "01/12/2026" → "2026-12-01"; refuses impossible dates (31/02/2026). */
export const auDateSchema = z
  .string()
  .trim()
  .regex(/^\d{1,2}\/\d{1,2}\/\d{4}$/, "Enter the date as dd/mm/yyyy")
  .transform((s, ctx): CivilDate => {
    const [d, m, y] = s.split("/").map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
      ctx.addIssue({ code: "custom", message: "That date doesn't exist" });
      return z.NEVER;
    }
    return date.toISOString().slice(0, 10);
  });

/** "9:30", "09:30", "2:15 pm" → minutes after midnight. */
export const clockSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(\d{1,2}):([0-5]\d)\s*(am|pm)?$/, "Enter a time such as 9:30 am or 14:15")
  .transform((s, ctx) => {
    const [, hh, mm, ampm] = /^(\d{1,2}):([0-5]\d)\s*(am|pm)?$/.exec(s) as unknown as [string, string, string, string?];
    let h = Number(hh);
    if (ampm) {
      if (h < 1 || h > 12) {
        ctx.addIssue({ code: "custom", message: "Enter a time such as 9:30 am or 14:15" });
        return z.NEVER;
      }
      h = (h % 12) + (ampm === "pm" ? 12 : 0);
    } else if (h > 23) {
      ctx.addIssue({ code: "custom", message: "Enter a time such as 9:30 am or 14:15" });
      return z.NEVER;
    }
    return h * 60 + Number(mm);
  });

/** The instant of a local date and time, or null when the clock skips it (daylight saving). */
export function localInstant(date: CivilDate, minute: number, timeZone: string): Date | null {
  return instantAt(date, minute, timeZone);
}
