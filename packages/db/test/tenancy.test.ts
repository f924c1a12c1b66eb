import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb, forTenant, platformDb, TENANT_MODELS, TenantScopeError } from "../src/index";

const suffix = Math.random().toString(36).slice(2, 8);
let tenantA = "";
let tenantB = "";
let agentB = "";

beforeAll(async () => {
  const p = platformDb();
  tenantA = (await p.tenant.create({ data: { slug: `a-${suffix}`, name: "A Pty Ltd" } })).id;
  tenantB = (await p.tenant.create({ data: { slug: `b-${suffix}`, name: "B Pty Ltd" } })).id;
  await forTenant(tenantA).agent.create({
    data: { tenantId: tenantA, name: "A agent", greeting: "Hi from A", instructions: "be A" },
  });
  agentB = (
    await forTenant(tenantB).agent.create({
      data: { tenantId: tenantB, name: "B agent", greeting: "Hi from B", instructions: "be B" },
    })
  ).id;
});
afterAll(() => disconnectDb());

describe("guarded client", () => {
  it("rejects a tenant-owned query with no tenant filter", async () => {
    await expect(db().agent.findMany({})).rejects.toBeInstanceOf(TenantScopeError);
    await expect(db().agent.findMany()).rejects.toThrow(/where has no tenantId/);
    await expect(db().call.count()).rejects.toBeInstanceOf(TenantScopeError);
    await expect(db().agent.findUnique({ where: { id: agentB } })).rejects.toBeInstanceOf(TenantScopeError);
  });

  it("rejects tenantId: undefined", async () => {
    await expect(db().agent.findMany({ where: { tenantId: undefined } })).rejects.toBeInstanceOf(TenantScopeError);
    await expect(db().agent.deleteMany({ where: { tenantId: undefined } })).rejects.toBeInstanceOf(TenantScopeError);
    await expect(db().agent.updateMany({ where: { tenantId: "" }, data: { name: "x" } })).rejects.toBeInstanceOf(
      TenantScopeError,
    );
  });

  it("rejects creates without a tenant", async () => {
    await expect(
      // @ts-expect-error tenantId deliberately missing
      db().agent.create({ data: { name: "x", greeting: "g", instructions: "i" } }),
    ).rejects.toBeInstanceOf(TenantScopeError);
  });

  it("allows explicitly scoped queries and leaves non-tenant models alone", async () => {
    const rows = await db().agent.findMany({ where: { tenantId: tenantA } });
    expect(rows.map((r) => r.name)).toEqual(["A agent"]);
    await expect(db().tenant.findUnique({ where: { id: tenantA } })).resolves.toMatchObject({ name: "A Pty Ltd" });
  });
});

describe("forTenant", () => {
  it("cannot read, update or delete another tenant's rows", async () => {
    const a = forTenant(tenantA);
    expect(await a.agent.findUnique({ where: { id: agentB } })).toBeNull();
    expect(await a.agent.findMany()).toHaveLength(1);
    await expect(a.agent.update({ where: { id: agentB }, data: { name: "hijacked" } })).rejects.toThrow();
    expect((await a.agent.updateMany({ where: { id: agentB }, data: { name: "hijacked" } })).count).toBe(0);
    await expect(a.agent.delete({ where: { id: agentB } })).rejects.toThrow();
    expect((await a.agent.deleteMany({ where: { id: agentB } })).count).toBe(0);
    const b = await forTenant(tenantB).agent.findUnique({ where: { id: agentB } });
    expect(b?.name).toBe("B agent");
  });

  it("refuses a where or data naming another tenant", async () => {
    const a = forTenant(tenantA);
    await expect(a.agent.findMany({ where: { tenantId: tenantB } })).rejects.toBeInstanceOf(TenantScopeError);
    await expect(
      a.agent.create({ data: { tenantId: tenantB, name: "x", greeting: "g", instructions: "i" } }),
    ).rejects.toBeInstanceOf(TenantScopeError);
    expect(await forTenant(tenantB).agent.count()).toBe(1);
  });

  it("writes rows into its own tenant", async () => {
    // Types require tenantId on create (Prisma's input types); the scope still
    // fills it for untyped callers and rejects a mismatch.
    const created = await forTenant(tenantA).message.create({
      data: { callerName: "Jo", callbackNumber: "+61412345678", reason: "quote" } as never,
    });
    expect(created.tenantId).toBe(tenantA);
    expect(() => forTenant("")).toThrow(TenantScopeError);
  });
});

describe("TENANT_MODELS", () => {
  it("lists exactly the schema's models that carry a tenantId (a new tenant table cannot skip the guard)", async () => {
    const { readFile } = await import("node:fs/promises");
    const schema = await readFile(new URL("../../../prisma/schema.prisma", import.meta.url), "utf8");
    const withTenantId: string[] = [];
    for (const m of schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
      const body = m[2] ?? "";
      if (/^\s+tenantId\s+String\??(\s|$)/m.test(body)) withTenantId.push(m[1] ?? "");
    }
    expect(withTenantId.length).toBeGreaterThan(10);
    expect([...TENANT_MODELS].sort()).toEqual(withTenantId.sort());
  });
});
