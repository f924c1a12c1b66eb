import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb, forTenant, loadAgentCallConfig, loadInboundCallConfig, Prisma, platformDb } from "../src/index";
import { callConfigAgentSelect, callConfigTenantSelect } from "../src/queries/call-config";

const suffix = Math.random().toString(36).slice(2, 8);
// Unique numbers per run: the test database is shared by every test file.
const rand = () => String(Math.floor(Math.random() * 1e4)).padStart(4, "0");
const base = `+61255${rand()}`;
const numbers = {
  withAgent: `${base}01`,
  noAgent: `${base}02`,
  provisioning: `${base}03`,
  foreignAgent: `${base}04`,
  suspended: `${base}05`,
};
let tenantA = "";
let tenantB = "";
let agentA = "";
let agentB = "";
let numberA = "";

beforeAll(async () => {
  const p = platformDb();
  tenantA = (
    await p.tenant.create({
      data: {
        slug: `cfg-a-${suffix}`,
        name: "Cfg A",
        plan: "STARTER",
        hardCapMinutes: 1200,
        overCapBehaviour: "TAKE_MESSAGE",
      },
    })
  ).id;
  tenantB = (
    await p.tenant.create({
      data: { slug: `cfg-b-${suffix}`, name: "Cfg B", status: "SUSPENDED", suspendedReason: "payment failed" },
    })
  ).id;
  const a = forTenant(tenantA);
  agentA = (
    await a.agent.create({
      data: {
        tenantId: tenantA,
        name: "Reception",
        greeting: "Hello, Cfg A",
        instructions: "Be helpful",
        businessHours: { mon: [{ open: "08:00", close: "17:30" }] },
        transferNumber: "+61290000000",
      },
    })
  ).id;
  agentB = (
    await forTenant(tenantB).agent.create({
      data: { tenantId: tenantB, name: "B", greeting: "Hi B", instructions: "B" },
    })
  ).id;
  const mk = (tenantId: string, e164: string, status: "ACTIVE" | "PROVISIONING", agentId: string | null) =>
    p.phoneNumber.create({ data: { tenantId, e164, e164Active: e164, provider: "BYO", status, agentId } });
  numberA = (await mk(tenantA, numbers.withAgent, "ACTIVE", agentA)).id;
  await mk(tenantA, numbers.noAgent, "ACTIVE", null);
  await mk(tenantA, numbers.provisioning, "PROVISIONING", agentA);
  // Bad data on purpose: a number pointing at another tenant's agent.
  await mk(tenantA, numbers.foreignAgent, "ACTIVE", agentB);
  await mk(tenantB, numbers.suspended, "ACTIVE", agentB);
});
afterAll(() => disconnectDb());

describe("loadInboundCallConfig", () => {
  it("resolves an active number to its agent config and tenant status", async () => {
    const cfg = await loadInboundCallConfig(numbers.withAgent);
    expect(cfg).not.toBeNull();
    expect(cfg?.phoneNumber).toEqual({ id: numberA, tenantId: tenantA, e164: numbers.withAgent, status: "ACTIVE" });
    expect(cfg?.tenant).toMatchObject({
      id: tenantA,
      slug: `cfg-a-${suffix}`,
      status: "ACTIVE",
      suspendedReason: null,
      plan: "STARTER",
      timezone: "Australia/Sydney",
      concurrencyCap: 5,
      hardCapMinutes: 1200,
      overCapBehaviour: "TAKE_MESSAGE",
    });
    expect(cfg?.agent).toMatchObject({
      id: agentA,
      tenantId: tenantA,
      greeting: "Hello, Cfg A",
      template: "RECEPTIONIST",
      afterHoursBehaviour: "TAKE_MESSAGE",
      businessHours: { mon: [{ open: "08:00", close: "17:30" }] },
      holidayRegion: "AU-NSW",
      maxCallSeconds: 600,
      aiDisclosure: true,
      transferNumber: "+61290000000",
    });
  });

  it("by number and by agent return the same configuration (one selection, two loaders)", async () => {
    const byNumber = await loadInboundCallConfig(numbers.withAgent);
    const byAgent = await loadAgentCallConfig(tenantA, agentA);
    expect(byAgent).not.toBeNull();
    // Deep equality: same keys, same values, same types (a Date or a bigint would differ as JSON).
    expect(byNumber?.agent).toStrictEqual(byAgent?.agent);
    expect(byNumber?.tenant).toStrictEqual(byAgent?.tenant);
    expect(Object.keys(byAgent?.agent ?? {}).sort()).toEqual(Object.keys(callConfigAgentSelect).sort());
  });

  it("by agent: another tenant's or an archived agent is not found", async () => {
    expect(await loadAgentCallConfig(tenantA, agentB)).toBeNull();
    const archived = await forTenant(tenantA).agent.create({
      data: { tenantId: tenantA, name: "Old", greeting: "Hi old", instructions: "x", archivedAt: new Date() },
    });
    expect(await loadAgentCallConfig(tenantA, archived.id)).toBeNull();
  });

  it("takes E.164 only (callers normalize with @articulate/telephony)", async () => {
    const spaced = `${numbers.withAgent.slice(0, 3)} ${numbers.withAgent.slice(3, 4)} ${numbers.withAgent.slice(4, 8)} ${numbers.withAgent.slice(8)}`;
    expect(await loadInboundCallConfig(spaced)).toBeNull();
    expect((await loadInboundCallConfig(numbers.withAgent))?.phoneNumber.id).toBe(numberA);
  });

  it("returns the number with agent null when none is assigned", async () => {
    const cfg = await loadInboundCallConfig(numbers.noAgent);
    expect(cfg?.phoneNumber.e164).toBe(numbers.noAgent);
    expect(cfg?.agent).toBeNull();
  });

  it("never returns another tenant's agent", async () => {
    const cfg = await loadInboundCallConfig(numbers.foreignAgent);
    expect(cfg?.tenant.id).toBe(tenantA);
    expect(cfg?.agent).toBeNull();
  });

  it("reports a suspended tenant", async () => {
    const cfg = await loadInboundCallConfig(numbers.suspended);
    expect(cfg?.tenant).toMatchObject({ id: tenantB, status: "SUSPENDED", suspendedReason: "payment failed" });
    expect(cfg?.agent?.id).toBe(agentB);
  });

  it("ignores numbers that are not ACTIVE, unknown numbers and garbage", async () => {
    expect(await loadInboundCallConfig(numbers.provisioning)).toBeNull();
    expect(await loadInboundCallConfig(`${base}99`)).toBeNull();
    expect(await loadInboundCallConfig("not a number")).toBeNull();
  });

  it("ignores a released number (e164Active cleared)", async () => {
    const p = platformDb();
    const e164 = `${base}06`;
    const n = await p.phoneNumber.create({
      data: { tenantId: tenantA, e164, e164Active: e164, provider: "BYO", status: "ACTIVE", agentId: agentA },
    });
    expect((await loadInboundCallConfig(e164))?.phoneNumber.id).toBe(n.id);
    await p.phoneNumber.update({ where: { id: n.id }, data: { status: "RELEASED", e164Active: null } });
    expect(await loadInboundCallConfig(e164)).toBeNull();
  });
});

describe("call-config selection", () => {
  // Every column of Agent and Tenant is either selected for calls or listed here with why not, so a
  // column added to the schema cannot silently miss the worker: this fails until someone decides.
  const notForCalls = {
    Agent: {
      archivedAt: "filtered in the query: archived agents take no calls",
      createdAt: "bookkeeping",
      updatedAt: "bookkeeping",
      recordingRetentionDays: "read by @articulate/recordings when a recording is stored, not during the call",
    },
    Tenant: {
      country: "numbers carry their own country",
      suspendedAt: "admission needs the status and reason only",
      createdAt: "bookkeeping",
      updatedAt: "bookkeeping",
    },
  };

  it("selects every Agent column not excluded with a reason", () => {
    const all = Object.values(Prisma.AgentScalarFieldEnum).sort();
    const decided = [...Object.keys(callConfigAgentSelect), ...Object.keys(notForCalls.Agent)].sort();
    expect(decided).toEqual(all);
  });

  it("selects every Tenant column not excluded with a reason", () => {
    const all = Object.values(Prisma.TenantScalarFieldEnum).sort();
    const decided = [...Object.keys(callConfigTenantSelect), ...Object.keys(notForCalls.Tenant)].sort();
    expect(decided).toEqual(all);
  });
});
