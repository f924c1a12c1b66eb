import { Prisma, platformDb } from "@articulate/db";
import { describe, expect, it } from "vitest";
import { getTenantMargin, getTenantMargins, platformMonthlyTotals, recordCallUsage } from "../src/index";
import { createCall, createTenant } from "./helpers";

const periodStart = new Date("2026-04-01T00:00:00Z");
const periodEnd = new Date("2026-05-01T00:00:00Z");

describe("platform cost and margin", () => {
  it("costs each call from configured rates (PlatformRate overrides defaults) and computes gross margin", async () => {
    const t = await createTenant({
      plan: "STARTER",
      periodStart,
      periodEnd,
      createdAt: new Date("2026-03-01T00:00:00Z"),
    });
    await platformDb().platformRate.upsert({
      where: { kind_provider_direction: { kind: "telephony", provider: "TELNYX", direction: "OUTBOUND" } },
      create: {
        kind: "telephony",
        provider: "TELNYX",
        direction: "OUTBOUND",
        minorPerMinute: new Prisma.Decimal("3.3333"),
      },
      update: { minorPerMinute: new Prisma.Decimal("3.3333") },
    });
    const inbound = await createCall(t.id, new Date("2026-04-02T00:00:00Z"), 90);
    const outbound = await createCall(t.id, new Date("2026-04-03T00:00:00Z"), 30, "OUTBOUND");
    const a = await platformDb().$transaction((tx) =>
      recordCallUsage(tx, {
        id: inbound.id,
        tenantId: t.id,
        direction: "INBOUND",
        answeredAt: inbound.answeredAt,
        endedAt: inbound.endedAt,
        provider: "TELNYX",
      }),
    );
    const b = await platformDb().$transaction((tx) =>
      recordCallUsage(tx, {
        id: outbound.id,
        tenantId: t.id,
        direction: "OUTBOUND",
        answeredAt: outbound.answeredAt,
        endedAt: outbound.endedAt,
        provider: "TELNYX",
      }),
    );
    // Inbound: 2 min × 1.2 + 90 s / 60 × 5.5 = 2.4 + 8.25 ; outbound: 1 × 3.3333 + 30/60 × 5.5 = 3.3333 + 2.75
    expect(a.platformCostMinor.toString()).toBe("10.65");
    expect(b.platformCostMinor.toString()).toBe("6.0833");

    // A number held for half the period at 1000c/month → 500c.
    await platformDb().phoneNumber.create({
      data: {
        tenantId: t.id,
        e164: "+61255500001",
        provider: "TELNYX",
        status: "RELEASED",
        monthlyCostMinor: 1000,
        createdAt: new Date("2026-03-15T00:00:00Z"),
        releasedAt: new Date("2026-04-16T00:00:00Z"),
      },
    });
    const m = await getTenantMargin(t.id, { start: periodStart, end: periodEnd });
    expect(m.revenueMinor).toBe(19_900);
    expect(m.callCostMinor.toString()).toBe("16.7333");
    expect(m.numberRentalCostMinor.toString()).toBe("500");
    expect(m.costMinor.toString()).toBe("516.7333");
    expect(m.grossMarginMinor.toString()).toBe("19383.2667");
    expect(m.grossMarginPercent?.toString()).toBe("97.4");

    const all = await getTenantMargins({
      start: new Date("2026-04-01T00:00:00Z"),
      end: new Date("2026-05-01T00:00:00Z"),
    });
    const mine = all.find((x) => x.tenantId === t.id);
    expect(mine?.period.start.toISOString()).toBe(periodStart.toISOString());
    expect(mine?.grossMarginMinor.toString()).toBe("19383.2667");
    await platformDb().platformRate.deleteMany({
      where: { kind: "telephony", provider: "TELNYX", direction: "OUTBOUND" },
    });
  });
});

describe("platform month-by-month totals", () => {
  const at = (iso: string) => new Date(iso);
  async function usage(tenantId: string, answeredAt: Date, seconds: number) {
    const c = await createCall(tenantId, answeredAt, seconds);
    await platformDb().$transaction((tx) =>
      recordCallUsage(tx, { id: c.id, tenantId, direction: "INBOUND", answeredAt, endedAt: c.endedAt }),
    );
  }

  it("match the usage ledger month by month; only paid subscriptions count as revenue", async () => {
    // Far-future months no other test writes to, so the ledger sums below are this test's alone.
    const paid = await createTenant({ plan: "STARTER", createdAt: at("2031-01-01T00:00:00Z") });
    await usage(paid.id, at("2031-04-10T01:00:00Z"), 125);
    await usage(paid.id, at("2031-05-03T01:00:00Z"), 61);
    await usage(paid.id, at("2031-05-20T01:00:00Z"), 30);
    // Picked Starter at sign-up, never subscribed, usage recorded before its creation date (like the demo seed).
    const unpaid = await createTenant({ plan: "STARTER", createdAt: at("2031-06-01T00:00:00Z") });
    await platformDb().subscription.update({ where: { tenantId: unpaid.id }, data: { status: "NONE" } });
    await usage(unpaid.id, at("2031-05-10T01:00:00Z"), 600);

    const months = await platformMonthlyTotals({ months: 3, now: at("2031-06-15T00:00:00Z") });
    expect(months.map((m) => m.label)).toEqual(["Apr 2031", "May 2031", "Jun 2031"]);
    for (const m of months) {
      const [ledger] = await platformDb().$queryRaw<Array<{ minutes: bigint; calls: bigint }>>`
        SELECT COALESCE(SUM("minutes"), 0)::bigint AS minutes, COUNT(*)::bigint AS calls FROM "UsageRecord"
        WHERE "periodStart" >= ${m.start} AND "periodStart" < ${m.end}`;
      expect({ label: m.label, minutes: m.minutes, calls: m.calls }).toEqual({
        label: m.label,
        minutes: Number(ledger?.minutes),
        calls: Number(ledger?.calls),
      });
    }
    expect(months.map((m) => m.minutes)).toEqual([3, 13, 0]);

    const may = await getTenantMargins({ start: at("2031-05-01T00:00:00Z"), end: at("2031-06-01T00:00:00Z") });
    expect(may.find((m) => m.tenantId === paid.id)).toMatchObject({
      billed: true,
      revenueMinor: 19_900,
      notBilledMinor: 0,
      minutesUsed: 3,
    });
    expect(may.find((m) => m.tenantId === unpaid.id)).toMatchObject({
      billed: false,
      revenueMinor: 0,
      notBilledMinor: 19_900,
      minutesUsed: 10,
      grossMarginPercent: null,
    });
  });
});
