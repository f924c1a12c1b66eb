import { db, forTenant, platformDb } from "@articulate/db";
import { describe, expect, it } from "vitest";
import { billableDuration, recordCallUsage } from "../src/index";
import { createCall, createTenant } from "./helpers";

const T0 = new Date("2026-03-10T01:00:00Z");
const periodStart = new Date("2026-03-01T00:00:00Z");
const periodEnd = new Date("2026-04-01T00:00:00Z");

describe("billableDuration", () => {
  it("rounds seconds up to the whole second and minutes up to the whole minute", () => {
    expect(billableDuration(null, T0)).toEqual({ seconds: 0, minutes: 0 });
    expect(billableDuration(T0, T0)).toEqual({ seconds: 0, minutes: 0 });
    expect(billableDuration(T0, new Date(T0.getTime() + 1))).toEqual({ seconds: 1, minutes: 1 });
    expect(billableDuration(T0, new Date(T0.getTime() + 60_000))).toEqual({ seconds: 60, minutes: 1 });
    expect(billableDuration(T0, new Date(T0.getTime() + 60_001))).toEqual({ seconds: 61, minutes: 2 });
    expect(billableDuration(T0, new Date(T0.getTime() + 119_999))).toEqual({ seconds: 120, minutes: 2 });
    expect(billableDuration(T0, new Date(T0.getTime() - 5))).toEqual({ seconds: 0, minutes: 0 });
  });
});

describe("recordCallUsage", () => {
  it("creates exactly one record per call, never double counts, prices overage as it lands", async () => {
    const tenant = await createTenant({ plan: "STARTER", periodStart, periodEnd });
    const c1 = await createCall(tenant.id, T0, 999 * 60); // 999 min, inside the 1000 included
    const r1 = await platformDb().$transaction((tx) =>
      recordCallUsage(tx, {
        ...c1,
        direction: "INBOUND",
        answeredAt: c1.answeredAt,
        endedAt: c1.endedAt,
        provider: "TELNYX",
      }),
    );
    expect(r1).toMatchObject({ seconds: 999 * 60, minutes: 999, priceMinor: 0, created: true });
    expect(r1.usageRecordId).toBeTruthy();
    // 999 telephony minutes × 1.2 + 59940 s / 60 × 5.5 = 1198.8 + 5494.5
    expect(r1.platformCostMinor.toString()).toBe("6693.3");

    const again = await platformDb().$transaction((tx) =>
      recordCallUsage(tx, {
        id: c1.id,
        tenantId: tenant.id,
        direction: "INBOUND",
        answeredAt: c1.answeredAt,
        endedAt: c1.endedAt,
      }),
    );
    expect(again).toMatchObject({ created: false, usageRecordId: r1.usageRecordId, minutes: 999, priceMinor: 0 });

    const c2 = await createCall(tenant.id, new Date(T0.getTime() + 3_600_000), 121); // 3 min: 1 included + 2 over
    const r2 = await platformDb().$transaction((tx) =>
      recordCallUsage(tx, {
        id: c2.id,
        tenantId: tenant.id,
        direction: "INBOUND",
        answeredAt: c2.answeredAt,
        endedAt: c2.endedAt,
      }),
    );
    expect(r2).toMatchObject({ minutes: 3, priceMinor: 20, created: true });

    const records = await platformDb().usageRecord.findMany({ where: { tenantId: tenant.id } });
    expect(records).toHaveLength(2);
    expect(records.every((r) => r.periodStart.getTime() === periodStart.getTime())).toBe(true);
    const rollup = await platformDb().usageRollup.findMany({ where: { tenantId: tenant.id } });
    expect(rollup.reduce((s, r) => s + r.minutes, 0)).toBe(1002);
    expect(rollup.reduce((s, r) => s + r.calls, 0)).toBe(2);
  });

  it("concurrent finalizations of the same call (worker and webhook) record it once", async () => {
    const tenant = await createTenant({ plan: "STARTER", periodStart, periodEnd });
    const c = await createCall(tenant.id, T0, 61);
    const input = {
      id: c.id,
      tenantId: tenant.id,
      direction: "OUTBOUND" as const,
      answeredAt: c.answeredAt,
      endedAt: c.endedAt,
    };
    const results = await Promise.all(
      Array.from({ length: 5 }, () => platformDb().$transaction((tx) => recordCallUsage(tx, input))),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.usageRecordId)).size).toBe(1);
    const rollup = await platformDb().usageRollup.findMany({ where: { tenantId: tenant.id } });
    expect(rollup.reduce((s, r) => s + r.minutes, 0)).toBe(2);
  });

  it("works inside transactions of the tenant-guarded and tenant-scoped clients", async () => {
    const tenant = await createTenant({ plan: "STARTER", periodStart, periodEnd });
    const a = await createCall(tenant.id, T0, 30);
    const b = await createCall(tenant.id, T0, 90);
    const ra = await db().$transaction((tx) =>
      recordCallUsage(tx, {
        id: a.id,
        tenantId: tenant.id,
        direction: "INBOUND",
        answeredAt: a.answeredAt,
        endedAt: a.endedAt,
      }),
    );
    const rb = await forTenant(tenant.id).$transaction((tx) =>
      recordCallUsage(tx, {
        id: b.id,
        tenantId: tenant.id,
        direction: "INBOUND",
        answeredAt: b.answeredAt,
        endedAt: b.endedAt,
      }),
    );
    expect([ra.created, ra.minutes, rb.created, rb.minutes]).toEqual([true, 1, true, 2]);
    const again = await db().$transaction((tx) =>
      recordCallUsage(tx, {
        id: a.id,
        tenantId: tenant.id,
        direction: "INBOUND",
        answeredAt: a.answeredAt,
        endedAt: a.endedAt,
      }),
    );
    expect(again).toMatchObject({ created: false, usageRecordId: ra.usageRecordId });
  });

  it("unanswered calls produce no usage record", async () => {
    const tenant = await createTenant({ plan: "STARTER" });
    const c = await createCall(tenant.id, null, 0);
    const r = await platformDb().$transaction((tx) =>
      recordCallUsage(tx, {
        id: c.id,
        tenantId: tenant.id,
        direction: "INBOUND",
        answeredAt: null,
        endedAt: c.endedAt,
      }),
    );
    expect(r).toMatchObject({ seconds: 0, minutes: 0, priceMinor: 0, usageRecordId: null, created: false });
    expect(await platformDb().usageRecord.count({ where: { tenantId: tenant.id } })).toBe(0);
  });

  it("the answer time decides the period, and trial usage is never sent to Stripe", async () => {
    const tenant = await createTenant({ plan: "TRIAL", createdAt: new Date("2026-01-15T03:00:00Z") });
    // Answered one second before the monthly anniversary, ended well after it.
    const answeredAt = new Date("2026-03-15T02:59:59Z");
    const c = await createCall(tenant.id, answeredAt, 600);
    const r = await platformDb().$transaction((tx) =>
      recordCallUsage(tx, { id: c.id, tenantId: tenant.id, direction: "INBOUND", answeredAt, endedAt: c.endedAt }),
    );
    const rec = await platformDb().usageRecord.findUniqueOrThrow({ where: { id: r.usageRecordId! } });
    expect(rec.periodStart.toISOString()).toBe("2026-02-15T03:00:00.000Z");
    expect(rec.reportState).toBe("SKIPPED");
  });

  it("rolls back with the caller's transaction", async () => {
    const tenant = await createTenant({ plan: "STARTER" });
    const c = await createCall(tenant.id, T0, 30);
    await expect(
      platformDb().$transaction(async (tx) => {
        await recordCallUsage(tx, {
          id: c.id,
          tenantId: tenant.id,
          direction: "INBOUND",
          answeredAt: c.answeredAt,
          endedAt: c.endedAt,
        });
        throw new Error("finalization failed");
      }),
    ).rejects.toThrow("finalization failed");
    expect(await platformDb().usageRecord.count({ where: { tenantId: tenant.id } })).toBe(0);
    expect(await platformDb().usageRollup.count({ where: { tenantId: tenant.id } })).toBe(0);
  });
});
