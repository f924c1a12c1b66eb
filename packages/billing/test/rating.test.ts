import { platformDb } from "@articulate/db";
import { describe, expect, it } from "vitest";
import { getUsageSummary, rateTenantPeriod, recordCallUsage } from "../src/index";
import { createCall, createTenant } from "./helpers";

const periodStart = new Date("2026-05-01T00:00:00Z");
const periodEnd = new Date("2026-06-01T00:00:00Z");
const period = { start: periodStart, end: periodEnd };

async function record(tenantId: string, answeredAt: Date, seconds: number) {
  const c = await createCall(tenantId, answeredAt, seconds);
  return platformDb().$transaction((tx) =>
    recordCallUsage(tx, {
      id: c.id,
      tenantId,
      direction: "INBOUND",
      answeredAt,
      endedAt: c.endedAt,
      provider: "TWILIO",
    }),
  );
}
const at = (day: number, hour = 1) => new Date(Date.UTC(2026, 4, day, hour));

describe("rateTenantPeriod", () => {
  it("zero usage: base only", async () => {
    const t = await createTenant({ plan: "STARTER", periodStart, periodEnd });
    const r = await rateTenantPeriod(t.id, period, { now: periodEnd });
    expect(r).toMatchObject({
      minutesUsed: 0,
      overageMinutes: 0,
      overageMinor: 0,
      baseMinor: 19_900,
      totalMinor: 19_900,
      includedMinutes: 1000,
    });
  });

  it("exactly the included minutes: no overage; one more minute: one overage minute", async () => {
    const t = await createTenant({ plan: "STARTER", periodStart, periodEnd });
    await record(t.id, at(2), 600 * 60);
    await record(t.id, at(3), 400 * 60);
    let r = await rateTenantPeriod(t.id, period, { now: periodEnd });
    expect(r).toMatchObject({ minutesUsed: 1000, overageMinutes: 0, overageMinor: 0, totalMinor: 19_900 });
    const one = await record(t.id, at(4), 11); // 11 seconds = 1 billable minute (under 10 s is not billed)
    expect(one.priceMinor).toBe(10);
    r = await rateTenantPeriod(t.id, period, { now: periodEnd });
    expect(r).toMatchObject({ minutesUsed: 1001, overageMinutes: 1, overageMinor: 10, totalMinor: 19_910 });
  });

  it("Starter with 1,350 minutes bills 234.00 AUD, the sum of per-call prices equals the overage", async () => {
    const t = await createTenant({ plan: "STARTER", periodStart, periodEnd });
    const prices = [];
    for (let i = 0; i < 9; i++) prices.push((await record(t.id, at(5 + i), 150 * 60)).priceMinor);
    const r = await rateTenantPeriod(t.id, period, { now: periodEnd });
    expect(r.totalMinor).toBe(23_400);
    expect(prices.reduce((a, b) => a + b, 0)).toBe(r.overageMinor);
  });

  it("calls spanning the period end belong to the period of their answer time", async () => {
    const t = await createTenant({ plan: "STARTER", periodStart, periodEnd });
    await record(t.id, new Date(periodEnd.getTime() - 1000), 3600); // answered 1 s before the end, 60 min long
    await record(t.id, periodEnd, 120); // answered exactly at the next period's start
    const may = await rateTenantPeriod(t.id, period, { now: periodEnd });
    expect(may.minutesUsed).toBe(60);
    const june = await rateTenantPeriod(
      t.id,
      { start: periodEnd, end: new Date("2026-07-01T00:00:00Z") },
      { now: periodEnd },
    );
    expect(june.minutesUsed).toBe(2);
  });

  it("mid-period plan change: segments rated with their own plan, base prorated, totals carried", async () => {
    const t = await createTenant({ plan: "PROFESSIONAL", periodStart, periodEnd });
    // Starter for the first 15 of 31 days, then Professional.
    const changedAt = new Date("2026-05-16T00:00:00Z");
    await platformDb().planChange.create({
      data: { tenantId: t.id, fromPlan: "STARTER", toPlan: "PROFESSIONAL", changedAt },
    });
    await record(t.id, at(3), 1200 * 60); // 1200 min on Starter: 200 over at 10c
    await record(t.id, at(20), 4000 * 60); // cumulative 5200 on Professional (5000 incl): 200 over at 8c
    const r = await rateTenantPeriod(t.id, period, { now: periodEnd });
    expect(r.segments.map((s) => [s.plan, s.minutes, s.overageMinutes, s.overageMinor])).toEqual([
      ["STARTER", 1200, 200, 2000],
      ["PROFESSIONAL", 4000, 200, 1600],
    ]);
    // Base: 19900 × 15/31 + 39900 × 16/31, each rounded half-up.
    expect(r.segments.map((s) => s.baseMinor)).toEqual([9629, 20594]);
    expect(r.totalMinor).toBe(9629 + 20594 + 2000 + 1600);
    expect(r.plan).toBe("PROFESSIONAL");
  });

  it("a plan change in the middle of a local day splits that day's calls by answer time", async () => {
    const t = await createTenant({ plan: "PROFESSIONAL", periodStart, periodEnd, timezone: "Australia/Sydney" });
    // 13:00 in Sydney on the 16th; calls at 12:00 and 14:00 the same local day, plus earlier days.
    await platformDb().planChange.create({
      data: {
        tenantId: t.id,
        fromPlan: "STARTER",
        toPlan: "PROFESSIONAL",
        changedAt: new Date("2026-05-16T03:00:00Z"),
      },
    });
    await record(t.id, new Date("2026-05-10T02:00:00Z"), 900 * 60);
    await record(t.id, new Date("2026-05-16T02:00:00Z"), 150 * 60); // Starter: cumulative 1050 → 50 over
    await record(t.id, new Date("2026-05-16T04:00:00Z"), 100 * 60); // Professional: cumulative 1150 < 5000
    const r = await rateTenantPeriod(t.id, period, { now: periodEnd });
    expect(r.segments.map((x) => [x.plan, x.minutes, x.overageMinutes])).toEqual([
      ["STARTER", 1050, 50],
      ["PROFESSIONAL", 100, 0],
    ]);
    expect(r.overageMinor).toBe(500);
  });

  it("projects overage from the run rate", async () => {
    const t = await createTenant({ plan: "STARTER", periodStart, periodEnd });
    await record(t.id, at(2), 800 * 60);
    // 10 of 31 days elapsed: 800 × 31 / 10 = 2480 minutes projected → 1480 over.
    const now = new Date(periodStart.getTime() + 10 * 86_400_000);
    const r = await rateTenantPeriod(t.id, period, { now });
    expect(r.projected).toEqual({
      minutes: 2480,
      overageMinutes: 1480,
      overageMinor: 14_800,
      totalMinor: 19_900 + 14_800,
    });
    expect(r.overageMinor).toBe(0);
  });

  it("Enterprise uses the negotiated base and included minutes with 6c overage", async () => {
    const t = await createTenant({
      plan: "ENTERPRISE",
      periodStart,
      periodEnd,
      customBaseMinor: 150_000,
      customIncludedMinutes: 20_000,
    });
    await record(t.id, at(2), 20_010 * 60);
    const r = await rateTenantPeriod(t.id, period, { now: periodEnd });
    expect(r).toMatchObject({
      includedMinutes: 20_000,
      overageMinutes: 10,
      overageMinor: 60,
      baseMinor: 150_000,
      totalMinor: 150_060,
    });
  });

  it("the usage summary shows the same figure plus a per-day series in the tenant's timezone", async () => {
    const t = await createTenant({ plan: "STARTER", periodStart, periodEnd, timezone: "Australia/Sydney" });
    await record(t.id, new Date("2026-05-02T13:30:00Z"), 60); // 23:30 on the 2nd in Sydney (UTC+10)
    await record(t.id, new Date("2026-05-02T14:30:00Z"), 120); // 00:30 on the 3rd in Sydney
    const s = await getUsageSummary(t.id, { now: new Date("2026-05-10T00:00:00Z") });
    expect(s.days).toEqual([
      { day: "2026-05-02", minutes: 1, calls: 1 },
      { day: "2026-05-03", minutes: 2, calls: 1 },
    ]);
    expect(s.minutesUsed).toBe(3);
    expect(s.remainingIncludedMinutes).toBe(997);
    const r = await rateTenantPeriod(t.id, period, { now: new Date("2026-05-10T00:00:00Z") });
    expect(s.totalMinor).toBe(r.totalMinor);
  });
});
