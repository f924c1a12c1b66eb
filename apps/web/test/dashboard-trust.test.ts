// #13 on real PostgreSQL: one "current plan" and the same money on the billing
// page, overview and admin console across trial, picked-but-unpaid, paid and
// suspended tenants; admins' audited read-only view; blocking a caller from the
// dashboard; numbers refused (and nothing created) when the installation cannot
// connect them (no LiveKit in this file's environment).
import crypto from "node:crypto";
import { currentPlanOf, getCurrentPlan, getUsageSummary, rateTenantPeriod } from "@articulate/billing";
import { findBlockRule } from "@articulate/calls";
import { forTenant, type PlanTier, platformDb, type SubscriptionStatus } from "@articulate/db";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { session } from "./support/session";

vi.mock("@/lib/authz/session", () => import("./support/session"));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/navigation", () => import("./support/next-navigation"));

const { listTenantsForAdmin, getTenantDetailForAdmin } = await import("@/modules/admin/console");
const { recordReadOnlyView } = await import("@/modules/admin/read-only-view");
const { authorizeAdminReadOnly } = await import("@/lib/authz/tenant-access");
const { addBlockRuleAction } = await import("@/modules/block-list/actions");
const { importNumberAction } = await import("@/modules/numbers/actions");

const suffix = crypto.randomBytes(4).toString("hex");
let owner: NonNullable<typeof session.user>;
let admin: NonNullable<typeof session.user>;

beforeAll(async () => {
  const o = await platformDb().user.create({ data: { email: `trust-owner-${suffix}@test.local` } });
  const a = await platformDb().user.create({
    data: { email: `trust-admin-${suffix}@test.local`, isPlatformAdmin: true },
  });
  owner = { id: o.id, email: o.email, name: null, emailVerified: null, isPlatformAdmin: false };
  admin = { id: a.id, email: a.email, name: null, emailVerified: null, isPlatformAdmin: true };
});

async function tenantWith(label: string, plan: PlanTier, status: SubscriptionStatus, suspended = false) {
  const tenant = await platformDb().tenant.create({
    data: {
      slug: `${label}-${suffix}`,
      name: `${label} ${suffix}`,
      plan,
      ...(suspended ? { status: "SUSPENDED" as const, suspendedReason: "Abuse report" } : {}),
      subscription: { create: { plan, status } },
    },
  });
  await platformDb().membership.create({ data: { tenantId: tenant.id, userId: owner.id, role: "OWNER" } });
  return tenant;
}

describe("money that adds up", () => {
  it("billing page, overview and admin agree on plan and money for trial, unpaid, paid and suspended tenants", async () => {
    const cases = [
      { label: "trust-trial", plan: "TRIAL", status: "NONE", billed: false, planLabel: "Free trial" },
      { label: "trust-unpaid", plan: "STARTER", status: "NONE", billed: false, planLabel: "Free trial" },
      { label: "trust-paid", plan: "STARTER", status: "ACTIVE", billed: true, planLabel: "Starter" },
      { label: "trust-susp", plan: "PROFESSIONAL", status: "PAST_DUE", billed: true, planLabel: "Professional" },
    ] as const;
    for (const c of cases) {
      const t = await tenantWith(c.label, c.plan, c.status, c.label === "trust-susp");
      // Billing page and overview: getCurrentPlan / currentPlanOf + getUsageSummary.
      const pagePlan = await getCurrentPlan(t.id);
      expect(pagePlan).toMatchObject({ billed: c.billed, label: c.planLabel });
      // The picked-but-unpaid tenant is never called "Starter" and "trial" at once.
      if (c.label === "trust-unpaid") expect(pagePlan.detail).toBe("Starter picked: not billed until you subscribe");
      const usage = await getUsageSummary(t.id);
      // Admin console: the same plan, and the period's rated charge split into billed / not billed.
      const [row] = await listTenantsForAdmin({ search: t.slug });
      expect(row?.currentPlan).toEqual(pagePlan);
      expect(row?.currentPlan).toEqual(currentPlanOf(t, await forTenant(t.id).subscription.findFirst({ where: {} })));
      const margin = row?.margin;
      expect(margin?.billed).toBe(c.billed);
      const rating = await rateTenantPeriod(t.id, usage.period);
      expect((margin?.revenueMinor ?? -1) + (margin?.notBilledMinor ?? -1)).toBe(rating.totalMinor);
      expect(margin?.revenueMinor).toBe(c.billed ? rating.totalMinor : 0);
      const detail = await getTenantDetailForAdmin(t.id);
      expect(detail?.currentPlan).toEqual(pagePlan);
    }
  });
});

describe("admin read-only tenant view", () => {
  it("is audited with the admin named, needs no membership, and refuses every change", async () => {
    const t = await tenantWith("trust-view", "TRIAL", "NONE");
    expect(await recordReadOnlyView(admin, t.id)).toEqual({ slug: t.slug });
    expect(await recordReadOnlyView(admin, "no-such-tenant")).toBeNull();
    const ctx = await authorizeAdminReadOnly(admin, t.slug, t.id);
    expect(ctx).toMatchObject({ readOnly: true, role: "MEMBER", tenant: { id: t.id } });
    // Not an admin, or a tenant other than the one opened: nothing.
    expect(await authorizeAdminReadOnly(owner, t.slug, t.id)).toBeNull();
    expect(await authorizeAdminReadOnly(admin, t.slug, "another-tenant")).toBeNull();
    expect(await platformDb().membership.count({ where: { tenantId: t.id, userId: admin.id } })).toBe(0);

    const detail = await getTenantDetailForAdmin(t.id);
    expect(detail?.audit[0]).toMatchObject({
      action: "tenant.viewed_read_only",
      actorName: `${admin.email} (platform admin)`,
    });
    // Tenant actions still require membership: the admin changes nothing.
    session.user = admin;
    const r = await addBlockRuleAction({ status: "idle" }, { slug: t.slug, kind: "WITHHELD" });
    expect(r).toMatchObject({ status: "error", code: 404 });
    expect(await findBlockRule(t.id, "anonymous")).toBeNull();
    session.user = null;
  });
});

describe("dashboard actions for #13", () => {
  it("an owner blocks a caller from a call's page; bad input names the field", async () => {
    const t = await tenantWith("trust-block", "TRIAL", "NONE");
    session.user = owner;
    const bad = await addBlockRuleAction({ status: "idle" }, { slug: t.slug, kind: "NUMBER", value: "not a number" });
    expect(bad).toMatchObject({ status: "error", code: 400, fieldErrors: { value: expect.any(String) } });
    const ok = await addBlockRuleAction(
      { status: "idle" },
      { slug: t.slug, kind: "NUMBER", value: "0412 000 111", callId: "call-1" },
    );
    expect(ok).toMatchObject({ status: "success", data: { created: true } });
    expect(await findBlockRule(t.id, "+61412000111")).toMatchObject({ kind: "NUMBER", value: "+61412000111" });
    const audit = await forTenant(t.id).auditLog.findFirst({ where: { action: "block_list.added" } });
    expect(audit).toMatchObject({ actorId: owner.id, data: { callId: "call-1" } });
    session.user = null;
  });

  it("without the calling service, connecting a number is refused and creates no row", async () => {
    const t = await tenantWith("trust-numbers", "TRIAL", "NONE");
    session.user = owner;
    const r = await importNumberAction(
      { status: "idle" },
      { slug: t.slug, phoneNumber: "02 5550 1234", authMode: "credentials" },
    );
    expect(r).toMatchObject({ status: "error", code: 409 });
    expect(r.status === "error" && r.message).toMatch(/isn't available on this installation yet/);
    expect(r.status === "error" && r.message).not.toMatch(/LIVEKIT|_KEY|_SECRET/);
    expect(await forTenant(t.id).phoneNumber.count({ where: {} })).toBe(0);
    session.user = null;
  });
});
