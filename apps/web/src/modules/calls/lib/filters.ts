// Call history filters from the URL (?status=…&agent=…): validated; a bad value
// is reported by name and ignored instead of breaking the page.
import { withTextRule } from "@articulate/core";
import { z } from "zod";

/** A day as owners type it (dd/mm/yyyy; yyyy-mm-dd from older links), kept as yyyy-mm-dd. */
const day = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
  z
    .string()
    .trim()
    .transform((v, ctx) => {
      const au = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
      const iso = au ? `${au[3]}-${au[2]?.padStart(2, "0")}-${au[1]?.padStart(2, "0")}` : v;
      const d = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T00:00:00Z`) : null;
      if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) {
        ctx.addIssue({ code: "custom", message: "use dd/mm/yyyy, e.g. 31/10/2026" });
        return z.NEVER;
      }
      return iso;
    })
    .optional(),
);

/** "2026-10-31" → "31/10/2026" for the date fields. */
export function auDay(iso: string | undefined): string {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return m ? `${m[3]}/${m[2]}/${m[1]}` : "";
}

export const callFiltersSchema = z.object({
  from: day,
  to: day,
  status: z
    .enum(["RINGING", "IN_PROGRESS", "COMPLETED", "FAILED", "NO_ANSWER", "BUSY", "DECLINED"])
    .optional()
    .or(z.literal("").transform(() => undefined)),
  direction: z
    .enum(["INBOUND", "OUTBOUND"])
    .optional()
    .or(z.literal("").transform(() => undefined)),
  agent: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  number: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  q: z
    .string()
    .trim()
    .max(200, "search at most 200 characters")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  after: z
    .string()
    .min(1)
    .max(256)
    .optional()
    .or(z.literal("").transform(() => undefined)),
});

export type CallFilters = z.infer<typeof callFiltersSchema>;

export function parseCallFilters(raw: Record<string, string | string[] | undefined>): {
  filters: CallFilters;
  problems: string[];
} {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (typeof v === "string") flat[k] = v;
  const parsed = withTextRule(callFiltersSchema).safeParse(flat);
  if (parsed.success) return { filters: parsed.data, problems: [] };
  const problems = parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
  const bad = new Set(parsed.error.issues.map((i) => String(i.path[0])));
  const cleaned = Object.fromEntries(Object.entries(flat).filter(([k]) => !bad.has(k)));
  return { filters: callFiltersSchema.parse(cleaned), problems };
}

/** Local calendar day in the tenant's timezone → UTC instant of its midnight. */
export function localDayStart(dayStr: string, timeZone: string): Date {
  const [y, m, d] = dayStr.split("-").map(Number) as [number, number, number];
  const guess = new Date(Date.UTC(y, m - 1, d));
  // Offset of the zone at that moment (minutes), from the formatted wall time.
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(guess);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"));
  return new Date(guess.getTime() - (wall - guess.getTime()));
}

export function filterRange(filters: CallFilters, timeZone: string): { from?: Date; to?: Date } {
  return {
    from: filters.from ? localDayStart(filters.from, timeZone) : undefined,
    // "to" is inclusive of that whole day.
    to: filters.to ? new Date(localDayStart(filters.to, timeZone).getTime() + 86_400_000) : undefined,
  };
}

export function filtersToQuery(filters: CallFilters, overrides: Partial<CallFilters> = {}): string {
  const merged = { ...filters, ...overrides };
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : "";
}
