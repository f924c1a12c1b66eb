// Admin console domain: suspend/resume (audited) stops new calls in the worker's
// own decision logic; admin actions are 404 for everyone but platform admins.
import crypto from "node:crypto";
import { admissionFor, decideCallHandling } from "@articulate/calls";
import { forTenant, platformDb } from "@articulate/db";
import { beforeAll, describe, expect, it, vi } from "vitest";
// The worker's decision function, exactly as the agent worker runs it before greeting.
import { resolveCallConfig } from "../../agent-worker/src/call-config";

const session = vi.hoisted(() => ({
  user: null as null | {
    id: string;
    email: string;
    name: string | null;
    emailVerified: Date | null;
    isPlatformAdmin: boolean;
  },
}));
vi.mock("@/lib/authz/session", () => ({ getSessionUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/navigation", () => ({
  notFound: () => {
    throw new Error("NEXT_NOT_FOUND");
  },
  unstable_rethrow: (err: unknown) => {
    if (err instanceof Error && err.message.startsWith("NEXT_")) throw err;
  },
}));

const { setTenantSuspension } = await import("@/modules/admin/tenant-status");
const { suspendTenantAction, resumeTenantAction } = await import("@/modules/admin/actions");
const { listTenantsForAdmin, getTenantDetailForAdmin } = await import("@/modules/admin/console");
const { platformMonthlyTotals } = await import("@articulate/billing");
const { createApiTenant } = await import("./api-fixtures");

const suffix = crypto.randomBytes(4).toString("hex");
let admin: NonNullable<typeof session.user>;
let owner: NonNullable<typeof session.user>;

beforeAll(async () => {
  const a = await platformDb().user.create({ data: { email: `admin-${suffix}@test.local`, isPlatformAdmin: true } });
  const o = await platformDb().user.create({ data: { email: `owner-${suffix}@test.local` } });
  admin = { id: a.id, email: a.email, name: null, emailVerified: null, isPlatformAdmin: true };
  owner = { id: o.id, email: o.email, name: null, emailVerified: null, isPlatformAdmin: false };
});

/** How the worker would answer a call to this number now (config, then admission). */
async function answer(meta: { tenantId: string; agentId: string; phoneNumberId: string }, e164: string) {
  const config = await resolveCallConfig(meta, e164);
  return decideCallHandling(config, await admissionFor(config, new Date()));
}

describe("suspend and resume", () => {
  it("suspending makes the worker end new calls with the suspended message; resuming restores them; both audited", async () => {
    const t = await createApiTenant("admin-suspend");
    const meta = { tenantId: t.tenant.id, agentId: t.agent.id, phoneNumberId: t.number.id };
    const before = await answer(meta, t.number.e164);
    expect(before.kind).toBe("converse");

    await setTenantSuspension(admin, { tenantId: t.tenant.id, reason: "Chargeback under review" }, true);
    const during = await answer(meta, t.number.e164);
    expect(during).toMatchObject({ kind: "announce_and_end", endReason: "SUSPENDED" });

    const again = await setTenantSuspension(admin, { tenantId: t.tenant.id, reason: "twice" }, true);
    expect(again.changed).toBe(false);

    await setTenantSuspension(admin, { tenantId: t.tenant.id, reason: "Resolved with the bank" }, false);
    expect((await answer(meta, t.number.e164)).kind).toBe("converse");

    const audit = await forTenant(t.tenant.id).auditLog.findMany({
      where: { targetType: "Tenant" },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => [a.action, a.actorId, (a.data as { reason: string }).reason])).toEqual([
      ["tenant.suspended", admin.id, "Chargeback under review"],
      ["tenant.resumed", admin.id, "Resolved with the bank"],
    ]);
  });

  it("admin actions are 404 for non-admins and signed-out users, and change nothing", async () => {
    const t = await createApiTenant("admin-404");
    const form = { tenantId: t.tenant.id, reason: "should not happen" };
    for (const user of [null, owner]) {
      session.user = user;
      await expect(suspendTenantAction({ status: "idle" }, form)).rejects.toThrow("NEXT_NOT_FOUND");
      await expect(resumeTenantAction({ status: "idle" }, form)).rejects.toThrow("NEXT_NOT_FOUND");
    }
    expect((await platformDb().tenant.findUniqueOrThrow({ where: { id: t.tenant.id } })).status).toBe("ACTIVE");

    session.user = admin;
    const missingReason = await suspendTenantAction({ status: "idle" }, { tenantId: t.tenant.id, reason: "" });
    expect(missingReason).toMatchObject({ status: "error", code: 400, fieldErrors: { reason: expect.any(String) } });
    const ok = await suspendTenantAction({ status: "idle" }, form);
    expect(ok).toMatchObject({ status: "success", data: { status: "SUSPENDED", changed: true } });
    session.user = null;
  });
});

describe("console read models", () => {
  it("lists tenants with margin figures, searches by name or slug, and shows a tenant's detail", async () => {
    const t = await createApiTenant("admin-console");
    const rows = await listTenantsForAdmin({ search: t.tenant.slug.toUpperCase() });
    expect(rows.map((r) => r.id)).toEqual([t.tenant.id]);
    expect(rows[0]?.margin).toMatchObject({ tenantId: t.tenant.id, revenueMinor: expect.any(Number) });
    const detail = await getTenantDetailForAdmin(t.tenant.id);
    expect(detail?.calls.map((c) => c.id)).toEqual([t.call.id]);
    expect(detail?.numbers.map((n) => n.id)).toEqual([t.number.id]);
    expect(await getTenantDetailForAdmin("no-such-tenant")).toBeNull();
    const totals = await platformMonthlyTotals({ months: 3 });
    expect(totals).toHaveLength(3);
    for (const m of totals) expect(m.marginMinor.toString()).toBe(m.costMinor.neg().add(m.revenueMinor).toString());
  });
});
