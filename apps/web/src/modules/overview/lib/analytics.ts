// The overview's analytics for the billing period so far: calls, answered rate,
// outcomes and busiest hours from the call rollup (@articulate/db
// loadCallAnalytics: never a scan of the calls), in the tenant's timezone, with
// every local day of the period present for the chart.
import { type CallAnalytics, loadCallAnalytics } from "@articulate/db";

export interface OverviewAnalytics extends CallAnalytics {
  /** Share of calls answered, 0–100; null without calls. */
  answeredRate: number | null;
}

/** "YYYY-MM-DD" of an instant in a timezone. */
export function localDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

function nextDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

export async function loadOverviewAnalytics(
  tenant: { id: string; timezone: string },
  periodStart: Date,
  now = new Date(),
): Promise<OverviewAnalytics> {
  const from = localDay(periodStart, tenant.timezone);
  const to = nextDay(localDay(now, tenant.timezone));
  const a = await loadCallAnalytics(tenant.id, from, to);
  const byDay = new Map(a.daily.map((d) => [d.day, d]));
  const daily: CallAnalytics["daily"] = [];
  for (let d = from; d < to; d = nextDay(d)) daily.push(byDay.get(d) ?? { day: d, calls: 0, answered: 0 });
  return {
    ...a,
    daily,
    answeredRate: a.calls > 0 ? Math.round((a.answered / a.calls) * 100) : null,
  };
}
