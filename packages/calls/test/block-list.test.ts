// Block list and the ledger's "not billed" rules at finalization, on real PostgreSQL:
// blocked callers are refused unanswered and never billed; test calls, refusals
// for suspension and answered calls under the short-call threshold get no usage.
import { platformDb } from "@articulate/db";
import { describe, expect, it } from "vitest";
import {
  addBlockRule,
  admitCall,
  BlockListInputError,
  CallInputError,
  finalizeCall,
  findBlockRule,
  listBlockRules,
  markCallAnswered,
  matchBlockRule,
  normalizeCallerId,
  refuseBlockedCall,
  removeBlockRule,
  startCall,
} from "../src/index";
import { createTenantWithAgent, roomName } from "./fixtures";

const RULES = { shortCallSeconds: 10 };

describe("caller id matching", () => {
  it("normalizes caller ids and recognises withheld ones", () => {
    expect(normalizeCallerId("+61 412 345 678")).toBe("+61412345678");
    expect(normalizeCallerId("0412 345 678")).toBe("+61412345678");
    expect(normalizeCallerId("sip:+61255501234@carrier.example")).toBe("+61255501234");
    expect(normalizeCallerId("0044 20 7946 0000")).toBe("+442079460000");
    for (const withheld of ["", "anonymous", "Restricted", "sip:anonymous@anonymous.invalid", "unknown", null]) {
      expect(normalizeCallerId(withheld)).toBeNull();
    }
  });

  it("matches exact numbers, the longest prefix, and withheld caller id only when listed", () => {
    const rules = [
      { kind: "PREFIX" as const, value: "+44", id: "p1" },
      { kind: "PREFIX" as const, value: "+4470", id: "p2" },
      { kind: "NUMBER" as const, value: "+61412345678", id: "n1" },
    ];
    expect(matchBlockRule(rules, "0412 345 678")?.id).toBe("n1");
    expect(matchBlockRule(rules, "+447012345678")?.id).toBe("p2");
    expect(matchBlockRule(rules, "+442079460000")?.id).toBe("p1");
    expect(matchBlockRule(rules, "+61412345679")).toBeNull();
    expect(matchBlockRule(rules, "anonymous")).toBeNull();
    const withWithheld = [...rules, { kind: "WITHHELD" as const, value: "", id: "w" }];
    expect(matchBlockRule(withWithheld, "anonymous")?.id).toBe("w");
    expect(matchBlockRule(withWithheld, "+61255501234")).toBeNull();
  });
});

describe("block list rules", () => {
  it("stores normalized rules per tenant, once, and refuses bad input naming the field", async () => {
    const { tenant } = await createTenantWithAgent("bl-rules");
    const other = await createTenantWithAgent("bl-other");
    const a = await addBlockRule(tenant.id, { kind: "NUMBER", value: "0412 345 678", note: "spam" }, { userId: null });
    expect(a).toMatchObject({ created: true, rule: { kind: "NUMBER", value: "+61412345678", note: "spam" } });
    const again = await addBlockRule(tenant.id, { kind: "NUMBER", value: "+61412345678" }, { userId: null });
    expect(again).toMatchObject({ created: false, rule: { id: a.rule.id } });
    await addBlockRule(tenant.id, { kind: "PREFIX", value: "1300" }, { userId: null });
    await addBlockRule(tenant.id, { kind: "WITHHELD" }, { userId: null });
    expect((await listBlockRules(tenant.id)).map((r) => `${r.kind}:${r.value}`).sort()).toEqual([
      "NUMBER:+61412345678",
      "PREFIX:+611300",
      "WITHHELD:",
    ]);
    expect(await findBlockRule(tenant.id, "+611300123456")).toMatchObject({ kind: "PREFIX" });
    expect(await findBlockRule(other.tenant.id, "+61412345678")).toBeNull();

    await expect(addBlockRule(tenant.id, { kind: "NUMBER", value: "abc" }, { userId: null })).rejects.toBeInstanceOf(
      BlockListInputError,
    );
    await expect(
      addBlockRule(tenant.id, { kind: "SOMETHING" as "NUMBER", value: "1" }, { userId: null }),
    ).rejects.toBeInstanceOf(CallInputError);
    // Another tenant cannot remove this tenant's rule.
    expect(await removeBlockRule(other.tenant.id, a.rule.id)).toBe(false);
    expect(await removeBlockRule(tenant.id, a.rule.id)).toBe(true);
    expect(await findBlockRule(tenant.id, "+61412345678")).toBeNull();
  });

  it("a blocked caller is refused unanswered, listed as blocked and never billed", async () => {
    const { tenant, agent } = await createTenantWithAgent("bl-refuse");
    const r = await refuseBlockedCall({
      tenantId: tenant.id,
      roomName: roomName(),
      fromNumber: "anonymous",
      toNumber: "+61255501234",
      agentId: agent.id,
    });
    expect(r.outcome).toBe("finalized");
    if (r.outcome !== "finalized") return;
    expect(r.usageRecordId).toBeNull();
    expect(r.call).toMatchObject({
      answeredAt: null,
      endReason: "BLOCKED",
      status: "DECLINED",
      unbilledReason: "BLOCKED_CALLER",
      billableMinutes: 0,
      priceMinor: 0,
    });
    expect(await platformDb().usageRecord.count({ where: { tenantId: tenant.id } })).toBe(0);
    expect(await platformDb().usageRollup.count({ where: { tenantId: tenant.id } })).toBe(0);
  });
});

describe("admission", () => {
  it("refuses a blocked inbound caller first (even before suspension); outbound calls are not affected", async () => {
    const { tenant } = await createTenantWithAgent("bl-admit");
    await addBlockRule(tenant.id, { kind: "PREFIX", value: "+4470" }, { userId: null });
    const agent = { businessHours: null, timezone: "Australia/Sydney", holidayRegion: null };
    const t = { ...tenant, status: "SUSPENDED" as const };
    const blocked = await admitCall({ direction: "INBOUND", tenant: t, agent, fromNumber: "+447012345678" });
    expect(blocked).toMatchObject({ admitted: false, refusal: { code: "caller_blocked", kind: "PREFIX" } });
    const other = await admitCall({ direction: "INBOUND", tenant: t, agent, fromNumber: "+61412345678" });
    expect(other).toMatchObject({ admitted: false, refusal: { code: "tenant_suspended" } });
    const active = { ...tenant, status: "ACTIVE" as const };
    expect(await admitCall({ direction: "INBOUND", tenant: active, agent, fromNumber: "+61412345678" })).toEqual({
      admitted: true,
    });
    expect(await admitCall({ direction: "OUTBOUND", tenant: active, agent, fromNumber: "+447012345678" })).toEqual({
      admitted: true,
    });
  });
});

describe("what the ledger does not bill", () => {
  async function answered(label: string, seconds: number, opts: { isTest?: boolean } = {}) {
    const { tenant, agent } = await createTenantWithAgent(label);
    const call = await startCall({
      tenantId: tenant.id,
      roomName: roomName(),
      direction: "INBOUND",
      fromNumber: "+61400000000",
      toNumber: "+61255501234",
      agentId: agent.id,
      isTest: opts.isTest,
    });
    const answeredAt = new Date(Date.now() - 60_000);
    await markCallAnswered({ tenantId: tenant.id, callId: call.id, answeredAt });
    return { tenant, call, endedAt: new Date(answeredAt.getTime() + seconds * 1000) };
  }
  const finalize = (
    c: Awaited<ReturnType<typeof answered>>,
    endReason: "CALLER_HUNG_UP" | "SUSPENDED" = "CALLER_HUNG_UP",
    rules = RULES,
  ) =>
    finalizeCall(
      { tenantId: c.tenant.id, callId: c.call.id, endReason, endedAt: c.endedAt, finalizedBy: "WORKER" },
      { rules },
    );
  const usageOf = (tenantId: string) => platformDb().usageRecord.count({ where: { tenantId } });

  it("answered calls under the threshold are not billed; at the threshold they are", async () => {
    const short = await answered("short", 9.2);
    const r1 = await finalize(short);
    expect(r1.outcome === "finalized" && r1.call).toMatchObject({
      unbilledReason: "SHORT_CALL",
      billableMinutes: 0,
      status: "COMPLETED",
    });
    expect(await usageOf(short.tenant.id)).toBe(0);

    const enough = await answered("enough", 10);
    const r2 = await finalize(enough);
    expect(r2.outcome === "finalized" && r2.call).toMatchObject({
      unbilledReason: null,
      billableSeconds: 10,
      billableMinutes: 1,
    });
    expect(await usageOf(enough.tenant.id)).toBe(1);

    // The threshold is the platform's setting: with 5 s a 9 s call is billed.
    const lower = await answered("lower", 9);
    const r3 = await finalize(lower, "CALLER_HUNG_UP", { shortCallSeconds: 5 });
    expect(r3.outcome === "finalized" && r3.call.billableMinutes).toBe(1);
  });

  it("test calls and calls refused for suspension are never billed, however long", async () => {
    const test = await answered("testcall", 95, { isTest: true });
    const r1 = await finalize(test);
    expect(r1.outcome === "finalized" && r1.call).toMatchObject({ isTest: true, unbilledReason: "TEST_CALL" });
    expect(await usageOf(test.tenant.id)).toBe(0);

    const suspended = await answered("susp", 15);
    const r2 = await finalize(suspended, "SUSPENDED");
    expect(r2.outcome === "finalized" && r2.call).toMatchObject({ unbilledReason: "SUSPENDED", billableMinutes: 0 });
    expect(await usageOf(suspended.tenant.id)).toBe(0);
  });
});
