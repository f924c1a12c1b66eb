// Authorising wrappers against real PostgreSQL: role checks, membership, cross-tenant ids.
import crypto from "node:crypto";
import { forTenant, platformDb } from "@articulate/db";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { session } from "./support/session";

vi.mock("@/lib/authz/session", () => import("./support/session"));
vi.mock("next/navigation", () => import("./support/next-navigation"));

const { withTenantAction, notFoundInTenant } = await import("@/lib/authz/action");
const { withTenantPage } = await import("@/lib/authz/page");
const { withTenantRoute } = await import("@/lib/authz/route");
const { authorizeTenantAccess, roleAtLeast } = await import("@/lib/authz/tenant-access");
const { requirePlatformAdmin } = await import("@/lib/authz/platform");

const suffix = crypto.randomBytes(4).toString("hex");
type U = NonNullable<typeof session.user>;
let owner: U;
let member: U;
let outsider: U;
let tenantA: { id: string; slug: string };
let tenantB: { id: string; slug: string };
let agentB: { id: string; name: string };

async function makeUser(label: string): Promise<U> {
  const u = await platformDb().user.create({ data: { email: `${label}-${suffix}@test.local`, name: label } });
  return { id: u.id, email: u.email, name: u.name, emailVerified: null, isPlatformAdmin: false };
}

beforeAll(async () => {
  owner = await makeUser("owner");
  member = await makeUser("member");
  outsider = await makeUser("outsider");
  tenantA = await platformDb().tenant.create({ data: { slug: `authz-a-${suffix}`, name: "A" } });
  tenantB = await platformDb().tenant.create({ data: { slug: `authz-b-${suffix}`, name: "B" } });
  await platformDb().membership.createMany({
    data: [
      { tenantId: tenantA.id, userId: owner.id, role: "OWNER" },
      { tenantId: tenantA.id, userId: member.id, role: "MEMBER" },
      { tenantId: tenantB.id, userId: outsider.id, role: "OWNER" },
    ],
  });
  agentB = await forTenant(tenantB.id).agent.create({
    data: { tenantId: tenantB.id, name: "B agent", greeting: "Hi", instructions: "Be nice" },
  });
});

beforeEach(() => {
  session.user = null;
});

// An action that renames an agent, loading it through the tenant-scoped client.
const renameAgent = withTenantAction(
  z.object({ agentId: z.string().min(1), name: z.string().trim().min(2, "Name must be at least 2 characters") }),
  { role: "ADMIN" },
  async ({ agentId, name }, ctx) => {
    const agent = await ctx.db.agent.findFirst({ where: { id: agentId } });
    if (!agent) throw notFoundInTenant("Agent");
    await ctx.db.agent.updateMany({ where: { id: agent.id }, data: { name } });
    return { id: agent.id };
  },
);

describe("roles", () => {
  it("orders OWNER > ADMIN > MEMBER", () => {
    expect(roleAtLeast("OWNER", "ADMIN")).toBe(true);
    expect(roleAtLeast("ADMIN", "OWNER")).toBe(false);
    expect(roleAtLeast("MEMBER", "MEMBER")).toBe(true);
    expect(roleAtLeast("MEMBER", "ADMIN")).toBe(false);
  });
});

describe("authorizeTenantAccess", () => {
  it("401 without a session, 404 for non-members and unknown or malformed slugs", async () => {
    expect(await authorizeTenantAccess(null, tenantA.slug)).toMatchObject({ ok: false, status: 401 });
    expect(await authorizeTenantAccess(outsider, tenantA.slug)).toMatchObject({ ok: false, status: 404 });
    expect(await authorizeTenantAccess(owner, `nope-${suffix}`)).toMatchObject({ ok: false, status: 404 });
    expect(await authorizeTenantAccess(owner, "../etc")).toMatchObject({ ok: false, status: 404 });
    expect(await authorizeTenantAccess(owner, { slug: tenantA.slug })).toMatchObject({ ok: false, status: 404 });
  });
  it("403 when the role is too low, context when allowed", async () => {
    expect(await authorizeTenantAccess(member, tenantA.slug, { role: "OWNER" })).toMatchObject({
      ok: false,
      status: 403,
    });
    const ok = await authorizeTenantAccess(member, tenantA.slug);
    expect(ok.ok && ok.ctx.tenant.id).toBe(tenantA.id);
    expect(ok.ok && ok.ctx.role).toBe("MEMBER");
  });
});

describe("withTenantAction", () => {
  it("rejects a member below the required role and changes nothing", async () => {
    session.user = member;
    const r = await renameAgent({ status: "idle" }, { slug: tenantA.slug, agentId: agentB.id, name: "hacked" });
    expect(r).toMatchObject({ status: "error", code: 403 });
  });
  it("another tenant's agent id through my own tenant → 404, data untouched", async () => {
    session.user = owner;
    const r = await renameAgent({ status: "idle" }, { slug: tenantA.slug, agentId: agentB.id, name: "hacked" });
    expect(r).toMatchObject({ status: "error", code: 404 });
    const still = await forTenant(tenantB.id).agent.findFirst({ where: { id: agentB.id } });
    expect(still?.name).toBe("B agent");
  });
  it("another tenant's slug → 404", async () => {
    session.user = owner;
    const r = await renameAgent({ status: "idle" }, { slug: tenantB.slug, agentId: agentB.id, name: "hacked" });
    expect(r).toMatchObject({ status: "error", code: 404 });
  });
  it("tenant ids sent by the client are ignored: the slug decides", async () => {
    session.user = outsider;
    const fd = new FormData();
    fd.set("slug", tenantB.slug);
    fd.set("tenantId", tenantA.id);
    fd.set("agentId", agentB.id);
    fd.set("name", "Renamed by owner");
    const r = await renameAgent({ status: "idle" }, fd);
    expect(r).toMatchObject({ status: "success", data: { id: agentB.id } });
    const row = await forTenant(tenantB.id).agent.findFirst({ where: { id: agentB.id } });
    expect(row?.name).toBe("Renamed by owner");
  });
  it("returns field errors and echoes values on bad input", async () => {
    session.user = outsider;
    const r = await renameAgent({ status: "idle" }, { slug: tenantB.slug, agentId: agentB.id, name: "x" });
    expect(r).toMatchObject({
      status: "error",
      code: 400,
      fieldErrors: { name: "Name must be at least 2 characters" },
      values: { name: "x" },
    });
  });
  it("maps an unexpected error to a 500-shaped state instead of throwing", async () => {
    session.user = outsider;
    const boom = withTenantAction(z.object({}), {}, async () => {
      throw new Error("db exploded");
    });
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await boom({ status: "idle" }, { slug: tenantB.slug })).toMatchObject({ status: "error", code: 500 });
    spy.mockRestore();
  });
});

describe("withTenantPage", () => {
  it("redirects to login, 404s a non-member, 403s a low role", async () => {
    await expect(withTenantPage(tenantA.slug)).rejects.toThrow(/NEXT_REDIRECT:\/login/);
    session.user = outsider;
    await expect(withTenantPage(tenantA.slug)).rejects.toThrow("NEXT_NOT_FOUND");
    session.user = member;
    await expect(withTenantPage(tenantA.slug, { role: "OWNER" })).rejects.toThrow("NEXT_FORBIDDEN");
    await expect(withTenantPage(tenantA.slug)).resolves.toMatchObject({ tenant: { id: tenantA.id } });
  });
});

describe("withTenantRoute", () => {
  const handler = withTenantRoute(async (_req, ctx) => Response.json({ tenantId: ctx.tenant.id }), { role: "MEMBER" });
  const call = (slug: string) => handler(new Request("http://x/"), { params: Promise.resolve({ slug }) });
  it("401 / 404 / 200", async () => {
    expect((await call(tenantA.slug)).status).toBe(401);
    session.user = outsider;
    expect((await call(tenantA.slug)).status).toBe(404);
    session.user = member;
    const ok = await call(tenantA.slug);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ tenantId: tenantA.id });
  });
  it("403 for an insufficient role", async () => {
    const ownerOnly = withTenantRoute(async () => new Response("ok"), { role: "OWNER" });
    session.user = member;
    expect(
      (await ownerOnly(new Request("http://x/"), { params: Promise.resolve({ slug: tenantA.slug }) })).status,
    ).toBe(403);
  });
});

describe("requirePlatformAdmin", () => {
  it("404s everyone but platform admins", async () => {
    await expect(requirePlatformAdmin()).rejects.toThrow("NEXT_NOT_FOUND");
    session.user = owner;
    await expect(requirePlatformAdmin()).rejects.toThrow("NEXT_NOT_FOUND");
    session.user = { ...owner, isPlatformAdmin: true };
    await expect(requirePlatformAdmin()).resolves.toMatchObject({ id: owner.id });
  });
});
