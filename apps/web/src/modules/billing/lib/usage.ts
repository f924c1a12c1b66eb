// The usage figures the overview and billing pages show, from @articulate/billing's
// rating (the same figures Stripe invoices), shaped for the chart: one entry per
// local day of the period so far.
import { getUsageSummary, type UsageSummary } from "@articulate/billing";
import type { TenantModel } from "@articulate/db";

export interface UsageView {
  periodStart: Date;
  periodEnd: Date;
  planLabel: string;
  stripeBilled: boolean;
  includedMinutes: number;
  usedMinutes: number;
  calls: number;
  overageMinutes: number;
  overageMinor: number;
  overageMinorPerMinute: number;
  /** null during the first day of a period: a run rate from a few hours is not a forecast. */
  projectedMinutes: number | null;
  projectedOverageMinor: number | null;
  daily: { day: string; minutes: number }[];
  billing: UsageSummary["billing"];
}

function localDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

export async function loadUsage(tenant: Pick<TenantModel, "id" | "timezone">, now = new Date()): Promise<UsageView> {
  const s = await getUsageSummary(tenant.id, { now });
  const byDay = new Map(s.days.map((d) => [d.day, d.minutes]));
  const daily: { day: string; minutes: number }[] = [];
  const seen = new Set<string>();
  for (let t = s.period.start.getTime(); t <= now.getTime() && t < s.period.end.getTime(); t += 3_600_000) {
    const d = localDay(new Date(t), tenant.timezone);
    if (seen.has(d)) continue;
    seen.add(d);
    daily.push({ day: d, minutes: byDay.get(d) ?? 0 });
  }
  const lastSegment = s.segments[s.segments.length - 1];
  const projectable = now.getTime() - s.period.start.getTime() >= 86_400_000;
  return {
    periodStart: s.period.start,
    periodEnd: s.period.end,
    planLabel: s.planLabel,
    stripeBilled: s.stripeBilled,
    includedMinutes: s.includedMinutes,
    usedMinutes: s.minutesUsed,
    calls: s.calls,
    overageMinutes: s.overageMinutes,
    overageMinor: s.overageMinor,
    overageMinorPerMinute: lastSegment?.overageMinorPerMinute ?? 0,
    projectedMinutes: projectable ? s.projected.minutes : null,
    projectedOverageMinor: projectable ? s.projected.overageMinor : null,
    daily,
    billing: s.billing,
  };
}
