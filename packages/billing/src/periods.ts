// Billing periods: monthly from an anchor, the way Stripe steps a monthly
// subscription (same time of day, day of month clamped to the month's end).
export interface BillingPeriod {
  start: Date;
  end: Date;
}

function addMonthsClamped(anchor: Date, months: number): Date {
  const y = anchor.getUTCFullYear();
  const m = anchor.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(anchor.getUTCDate(), lastDay);
  return new Date(
    Date.UTC(
      y,
      m,
      day,
      anchor.getUTCHours(),
      anchor.getUTCMinutes(),
      anchor.getUTCSeconds(),
      anchor.getUTCMilliseconds(),
    ),
  );
}

/** The monthly period (anchored at `anchor`) that contains `at`. */
export function monthlyPeriodContaining(anchor: Date, at: Date): BillingPeriod {
  let n = (at.getUTCFullYear() - anchor.getUTCFullYear()) * 12 + (at.getUTCMonth() - anchor.getUTCMonth());
  while (addMonthsClamped(anchor, n).getTime() > at.getTime()) n--;
  while (addMonthsClamped(anchor, n + 1).getTime() <= at.getTime()) n++;
  return { start: addMonthsClamped(anchor, n), end: addMonthsClamped(anchor, n + 1) };
}

/**
 * The period a moment belongs to for a tenant: the Stripe subscription's current
 * period when it contains the moment, else monthly steps from that period's start
 * (or from the tenant's creation while it has no subscription period).
 */
export function billingPeriodAt(
  at: Date,
  sub: { currentPeriodStart: Date | null; currentPeriodEnd: Date | null } | null,
  tenantCreatedAt: Date,
): BillingPeriod {
  const s = sub?.currentPeriodStart;
  const e = sub?.currentPeriodEnd;
  if (s && e && s.getTime() <= at.getTime() && at.getTime() < e.getTime()) return { start: s, end: e };
  return monthlyPeriodContaining(s ?? tenantCreatedAt, at);
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** Calendar day (YYYY-MM-DD) of a moment in a timezone. */
export function localDay(at: Date, timeZone: string): string {
  let f = dayFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayFormatters.set(timeZone, f);
  }
  return f.format(at);
}
