import { disconnectDb, forTenant, platformDb, verifyPassword } from "@articulate/db";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_NUMBER, DEMO_OWNER, seedDemo } from "../seed/index";

afterAll(() => disconnectDb());

describe("seedDemo", () => {
  it("creates the demo tenant with realistic calls, and running it twice duplicates nothing", async () => {
    const now = new Date();
    const first = await seedDemo(now);
    expect(first.summary).toContain(DEMO_OWNER.email);
    expect(first.summary).toContain(DEMO_OWNER.password);
    const t = forTenant(first.tenantId);
    const snapshot = async () => ({
      calls: await t.call.count(),
      segments: await t.transcriptSegment.count(),
      messages: await t.message.count(),
      usage: await t.usageRecord.count(),
      numbers: await t.phoneNumber.count(),
      agents: await t.agent.count(),
      subscriptions: await t.subscription.count(),
      appointmentTypes: await t.appointmentType.count(),
      bookings: await t.booking.count(),
    });
    const before = await snapshot();
    const second = await seedDemo(now);
    expect(second.tenantId).toBe(first.tenantId);
    expect(await snapshot()).toEqual(before);

    expect(before.numbers).toBe(1);
    expect(before.agents).toBe(1);
    expect(before.subscriptions).toBe(1);
    expect(before.calls).toBeGreaterThanOrEqual(45);
    expect(before.calls).toBeLessThanOrEqual(55);
    expect(before.messages).toBeGreaterThan(0);
    // Bookings: made on the demo calls that booked a check-up (linked to them), plus the front desk's.
    expect(before.appointmentTypes).toBe(3);
    const fromCalls = await t.booking.findMany({ where: { callId: { not: null } }, include: { call: true } });
    expect(fromCalls.length).toBeGreaterThanOrEqual(8);
    for (const b of fromCalls) {
      expect(b.call?.summary).toContain("booked a check-up");
      expect(b.startsAt.getTime()).toBeGreaterThan(b.call?.startedAt.getTime() ?? 0);
      expect(b).toMatchObject({ source: "AGENT", status: "CONFIRMED", noticePending: false, callerSmsPending: false });
    }
    expect(await t.booking.count({ where: { source: "DASHBOARD" } })).toBeGreaterThan(0);

    const number = await t.phoneNumber.findFirstOrThrow({ include: { agent: true } });
    expect(number).toMatchObject({ e164: DEMO_NUMBER, status: "ACTIVE", country: "AU" });
    expect(number.livekitInboundTrunkId).toMatch(/^ST_/);
    expect(number.livekitDispatchRuleId).toMatch(/^SDR_/);
    expect(number.agent).toMatchObject({ timezone: "Australia/Sydney", holidayRegion: "AU-NSW" });
    expect(number.agent?.businessHours).toMatchObject({
      mon: [{ open: "08:00", close: "17:30" }],
      fri: [{ open: "08:00", close: "17:30" }],
    });
    expect(number.agent?.businessHours).not.toHaveProperty("sat");
    expect(await t.subscription.findFirst()).toMatchObject({ plan: "STARTER", status: "NONE" });

    const owner = await platformDb().user.findUniqueOrThrow({
      where: { email: DEMO_OWNER.email },
      include: { memberships: true },
    });
    expect(await verifyPassword(DEMO_OWNER.password, owner.passwordHash ?? "")).toBe(true);
    expect(owner.memberships.find((m) => m.tenantId === first.tenantId)?.role).toBe("OWNER");
  }, 120_000); // two full seeds (calls, ledger, knowledge, lookups) on a loaded CI box

  it("spreads calls over the current and previous calendar month, with varied outcomes", async () => {
    const tenant = await platformDb().tenant.findUniqueOrThrow({ where: { slug: "harbour-dental" } });
    const calls = await forTenant(tenant.id).call.findMany({
      include: { segments: { orderBy: { sequence: "asc" } }, usageRecord: true },
    });
    const now = Date.now();
    const d = new Date();
    const prevStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1);
    for (const c of calls) {
      expect(c.startedAt.getTime()).toBeGreaterThanOrEqual(prevStart);
      expect(c.startedAt.getTime()).toBeLessThan(now);
    }
    expect(new Set(calls.map((c) => c.status)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(calls.map((c) => c.endReason)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(calls.map((c) => c.direction))).toEqual(new Set(["INBOUND", "OUTBOUND"]));

    for (const c of calls) {
      if (!c.answeredAt) {
        expect(c.usageRecord).toBeNull();
        continue;
      }
      // Multi-turn transcript, ordered, both speakers, increasing offsets.
      expect(c.segments.length).toBeGreaterThanOrEqual(2);
      expect(c.segments.map((s) => s.sequence)).toEqual(c.segments.map((_, i) => i));
      expect(new Set(c.segments.map((s) => s.speaker))).toEqual(new Set(["CALLER", "AGENT"]));
      for (let i = 1; i < c.segments.length; i++) {
        expect(c.segments[i]?.startMs ?? 0).toBeGreaterThan(c.segments[i - 1]?.endMs ?? 0);
      }
      // Exactly one usage record, minutes rounded up, in the billing period (the UTC month) of answer.
      const u = c.usageRecord;
      expect(u).not.toBeNull();
      expect(u?.seconds).toBe(c.billableSeconds);
      expect(u?.minutes).toBe(Math.ceil(c.billableSeconds / 60));
      expect(c.billableMinutes).toBe(Math.ceil(c.billableSeconds / 60));
      expect(u?.occurredAt.getTime()).toBe(c.answeredAt.getTime());
      expect(u?.periodStart.getTime()).toBe(Date.UTC(c.answeredAt.getUTCFullYear(), c.answeredAt.getUTCMonth(), 1));
      // Written by the real ledger: a Starter tenant's usage is queued for Stripe (sent once Stripe is configured).
      expect(u?.reportState).toBe("PENDING");
      expect(c.endedAt?.getTime()).toBe(c.answeredAt.getTime() + c.billableSeconds * 1000);
    }
    const periods = new Set(calls.filter((c) => c.usageRecord).map((c) => c.usageRecord?.periodStart.getTime()));
    if (d.getUTCDate() > 1) expect(periods.size).toBe(2);
  });

  it("rates the demo usage through the same rollup the dashboard reads", async () => {
    const { rateTenantPeriod } = await import("@articulate/billing");
    const tenant = await platformDb().tenant.findUniqueOrThrow({ where: { slug: "harbour-dental" } });
    const rating = await rateTenantPeriod(tenant.id);
    const d = new Date();
    const monthStart = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
    const ledger = await forTenant(tenant.id).usageRecord.aggregate({
      where: { periodStart: monthStart },
      _sum: { minutes: true },
    });
    expect(rating.minutesUsed).toBe(ledger._sum.minutes ?? 0);
  });
});
