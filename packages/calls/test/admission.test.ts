// One admission rule for both directions, on real PostgreSQL: the worker's
// inbound decision (admitCall) and outbound placement refuse the same calls for
// the same reasons, in the same order. Refused outbound calls leave no row.
import crypto from "node:crypto";
import { billingPeriodFor } from "@articulate/billing";
import { forTenant, platformDb } from "@articulate/db";
import { describe, expect, it } from "vitest";
import {
  type AdmissionRefusalCode,
  admitCall,
  CallRefusedError,
  decideAdmission,
  OUTBOUND_REFUSAL_HTTP,
  placeTenantOutboundCall,
  startCall,
} from "../src/index";
import { createTenantWithAgent, roomName } from "./fixtures";

const TUESDAY_11AM_SYDNEY = new Date("2026-03-10T00:00:00Z");
const TUESDAY_9PM_SYDNEY = new Date("2026-03-10T10:00:00Z");
const WEEKDAYS_9_TO_5 = Object.fromEntries(
  ["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [{ open: "09:00", close: "17:00" }]]),
);

interface Situation {
  status?: "ACTIVE" | "SUSPENDED";
  hardCapMinutes?: number | null;
  overCapBehaviour?: "ALLOW_OVERAGE" | "TAKE_MESSAGE" | "REJECT";
  concurrencyCap?: number;
  minutesUsed?: number;
  activeCalls?: number;
  at?: Date;
}

async function tenantIn(label: string, s: Situation) {
  const { tenant, agent } = await createTenantWithAgent(label);
  const tdb = forTenant(tenant.id);
  const updated = await platformDb().tenant.update({
    where: { id: tenant.id },
    data: {
      status: s.status ?? "ACTIVE",
      hardCapMinutes: s.hardCapMinutes ?? null,
      overCapBehaviour: s.overCapBehaviour ?? "ALLOW_OVERAGE",
      concurrencyCap: s.concurrencyCap ?? 5,
    },
  });
  await tdb.agent.updateMany({
    where: { id: agent.id },
    data: { businessHours: WEEKDAYS_9_TO_5, timezone: "Australia/Sydney", holidayRegion: "AU-NSW" },
  });
  const e164 = `+612555${crypto.randomInt(10_000, 99_999)}`;
  const number = await tdb.phoneNumber.create({
    data: { tenantId: tenant.id, e164, e164Active: e164, provider: "BYO", status: "ACTIVE", agentId: agent.id },
  });
  const at = s.at ?? TUESDAY_11AM_SYDNEY;
  if (s.minutesUsed) {
    // The billing ledger's rollup for the tenant's own billing period (what the invoice and the dashboard read).
    const period = await billingPeriodFor(tenant.id, at);
    await tdb.usageRollup.create({
      data: { tenantId: tenant.id, periodStart: period.start, day: period.start, calls: 1, minutes: s.minutesUsed },
    });
  }
  for (let i = 0; i < (s.activeCalls ?? 0); i++) {
    await startCall({
      tenantId: tenant.id,
      roomName: roomName(),
      direction: "INBOUND",
      fromNumber: "+61400000001",
      toNumber: e164,
      agentId: agent.id,
      startedAt: at,
    });
  }
  const fullAgent = await tdb.agent.findFirstOrThrow({ where: { id: agent.id } });
  return { tenant: updated, agent: fullAgent, number, at };
}

/** The inbound decision and the outbound outcome for the same tenant situation. */
async function bothDirections(label: string, s: Situation) {
  const t = await tenantIn(label, s);
  const inbound = await admitCall({ direction: "INBOUND", tenant: t.tenant, agent: t.agent, now: t.at });
  let outbound: AdmissionRefusalCode | "placed" | "other" = "placed";
  const callsBefore = await forTenant(t.tenant.id).call.count({ where: {} });
  try {
    await placeTenantOutboundCall(
      t.tenant,
      { agentId: t.agent.id, fromNumberId: t.number.id, to: "+61412345678" },
      { actorType: "user", actorId: "user_test" },
      t.at,
    );
  } catch (err) {
    outbound = err instanceof CallRefusedError ? err.refusal.code : "other";
  }
  const callsAfter = await forTenant(t.tenant.id).call.count({ where: {} });
  return {
    inbound: inbound.admitted ? "admitted" : inbound.refusal.code,
    outbound,
    rowsAdded: callsAfter - callsBefore,
  };
}

describe("admission: inbound and outbound agree", () => {
  it("the hard cap refuses outbound calls too (minutes from billing's ledger for billing's own period)", async () => {
    const r = await bothDirections("cap", { hardCapMinutes: 100, overCapBehaviour: "REJECT", minutesUsed: 100 });
    expect(r).toEqual({ inbound: "hard_cap_reached", outbound: "hard_cap_reached", rowsAdded: 0 });
    // TAKE_MESSAGE still refuses an outbound call (there is no caller to take a message from).
    const m = await bothDirections("cap-msg", {
      hardCapMinutes: 10,
      overCapBehaviour: "TAKE_MESSAGE",
      minutesUsed: 12,
    });
    expect(m).toMatchObject({ inbound: "hard_cap_reached", outbound: "hard_cap_reached", rowsAdded: 0 });
  });

  it("the concurrency cap refuses inbound calls too", async () => {
    const r = await bothDirections("conc", { concurrencyCap: 2, activeCalls: 2 });
    expect(r).toEqual({
      inbound: "concurrency_limit_reached",
      outbound: "concurrency_limit_reached",
      rowsAdded: 0,
    });
  });

  it("suspension comes first, then the cap, then concurrency, then hours, in both directions", async () => {
    const everything = {
      status: "SUSPENDED" as const,
      hardCapMinutes: 10,
      overCapBehaviour: "REJECT" as const,
      minutesUsed: 10,
      concurrencyCap: 1,
      activeCalls: 1,
      at: TUESDAY_9PM_SYDNEY,
    };
    expect(await bothDirections("order-1", everything)).toMatchObject({
      inbound: "tenant_suspended",
      outbound: "tenant_suspended",
    });
    expect(await bothDirections("order-2", { ...everything, status: "ACTIVE" })).toMatchObject({
      inbound: "hard_cap_reached",
      outbound: "hard_cap_reached",
    });
    expect(await bothDirections("order-3", { ...everything, status: "ACTIVE", minutesUsed: 9 })).toMatchObject({
      inbound: "concurrency_limit_reached",
      outbound: "concurrency_limit_reached",
    });
    expect(
      await bothDirections("order-4", { ...everything, status: "ACTIVE", minutesUsed: 9, activeCalls: 0 }),
    ).toMatchObject({ inbound: "outside_hours", outbound: "outside_hours", rowsAdded: 0 });
  });

  it("usage from an earlier billing period does not count toward the cap", async () => {
    const t = await tenantIn("cap-old", { hardCapMinutes: 10, overCapBehaviour: "REJECT" });
    const current = await billingPeriodFor(t.tenant.id, t.at);
    const earlier = new Date(current.start.getTime() - 40 * 86_400_000);
    const previous = await billingPeriodFor(t.tenant.id, earlier);
    await forTenant(t.tenant.id).usageRollup.create({
      data: { tenantId: t.tenant.id, periodStart: previous.start, day: previous.start, minutes: 500 },
    });
    expect(await admitCall({ direction: "INBOUND", tenant: t.tenant, agent: t.agent, now: t.at })).toEqual({
      admitted: true,
    });
  });

  it("ALLOW_OVERAGE never refuses on minutes; a call's own row is not counted against the cap", async () => {
    const t = await tenantIn("overage", { hardCapMinutes: 10, overCapBehaviour: "ALLOW_OVERAGE", minutesUsed: 50 });
    const tenant = { ...t.tenant, concurrencyCap: 1 };
    const room = roomName();
    await startCall({
      tenantId: t.tenant.id,
      roomName: room,
      direction: "INBOUND",
      fromNumber: "+61400000002",
      toNumber: t.number.e164,
      startedAt: t.at,
    });
    const decide = (excludeRoomName?: string) =>
      admitCall({ direction: "INBOUND", tenant, agent: t.agent, now: t.at, excludeRoomName });
    expect(await decide(room)).toEqual({ admitted: true });
    expect(await decide()).toMatchObject({ admitted: false, refusal: { code: "concurrency_limit_reached" } });
  });
});

describe("decideAdmission and the one refusal → HTTP table", () => {
  it("every refusal code has one status and API code", () => {
    const refusals = ["tenant_suspended", "hard_cap_reached", "concurrency_limit_reached", "outside_hours"] as const;
    for (const code of refusals) expect(OUTBOUND_REFUSAL_HTTP[code].status).toBeGreaterThanOrEqual(400);
    expect(OUTBOUND_REFUSAL_HTTP.outside_hours.code).toBe("outside_calling_hours");
    expect(OUTBOUND_REFUSAL_HTTP.call_failed.status).toBe(502);
  });

  it("outbound reads calling hours when set, inbound always business hours", () => {
    const facts = {
      tenant: {
        id: "t",
        status: "ACTIVE" as const,
        hardCapMinutes: null,
        overCapBehaviour: "ALLOW_OVERAGE" as const,
        concurrencyCap: 5,
      },
      agent: {
        businessHours: WEEKDAYS_9_TO_5,
        callingHours: { tue: [{ open: "18:00", close: "22:00" }] },
        timezone: "Australia/Sydney",
        holidayRegion: null,
      },
      now: TUESDAY_9PM_SYDNEY,
      minutesUsed: () => null,
      activeCalls: () => 0,
    };
    expect(decideAdmission({ ...facts, direction: "OUTBOUND" })).toEqual({ admitted: true });
    expect(decideAdmission({ ...facts, direction: "INBOUND" })).toMatchObject({
      admitted: false,
      refusal: { code: "outside_hours", state: { reason: "closed" } },
    });
  });
});
