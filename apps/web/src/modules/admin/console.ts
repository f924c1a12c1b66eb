// Read models of the platform admin console: cross-tenant by nature, so they
// use platformDb(); revenue, cost and margin come from the billing package.
import {
  type CurrentPlan,
  currentPlanOf,
  getTenantMargin,
  getUsageSummary,
  type TenantMargin,
} from "@articulate/billing";
import { forTenant, Prisma, platformDb } from "@articulate/db";
import { webLogger } from "@/lib/log";

export interface AdminTenantRow {
  id: string;
  slug: string;
  name: string;
  plan: string;
  status: "ACTIVE" | "SUSPENDED";
  createdAt: Date;
  currentPlan: CurrentPlan;
  margin: TenantMargin | null;
}

export async function listTenantsForAdmin(opts: { search?: string; limit?: number } = {}): Promise<AdminTenantRow[]> {
  const q = opts.search?.trim().slice(0, 100);
  // platformDb(): Admin console: lists every tenant (cross-tenant by nature).
  const tenants = await platformDb().tenant.findMany({
    where: q
      ? { OR: [{ name: { contains: q, mode: "insensitive" } }, { slug: { contains: q, mode: "insensitive" } }] }
      : {},
    orderBy: { createdAt: "desc" },
    take: Math.min(opts.limit ?? 50, 200),
    select: {
      id: true,
      slug: true,
      name: true,
      plan: true,
      status: true,
      createdAt: true,
      subscription: { select: { status: true } },
    },
  });
  return Promise.all(
    tenants.map(async ({ subscription, ...t }) => ({
      ...t,
      currentPlan: currentPlanOf(t, subscription),
      // One tenant's billing trouble must not blank the whole console.
      margin: await getTenantMargin(t.id).catch((err) => {
        webLogger().error({ tenantId: t.id, err }, "admin: margin failed");
        return null;
      }),
    })),
  );
}

export async function getTenantDetailForAdmin(tenantId: string) {
  // platformDb(): Admin console: a tenant an admin chose, not the signed-in user's own.
  const tenant = await platformDb().tenant.findUnique({
    where: { id: tenantId },
    include: { subscription: true },
  });
  if (!tenant) return null;
  const tdb = forTenant(tenant.id);
  const [numbers, calls, auditRows, usage, margin, owners] = await Promise.all([
    tdb.phoneNumber.findMany({ where: {}, orderBy: { createdAt: "asc" } }),
    tdb.call.findMany({ where: {}, orderBy: [{ startedAt: "desc" }, { id: "desc" }], take: 25 }),
    tdb.auditLog.findMany({ where: {}, orderBy: { createdAt: "desc" }, take: 50 }),
    getUsageSummary(tenant.id).catch(() => null),
    getTenantMargin(tenant.id).catch(() => null),
    tdb.membership.findMany({ where: { role: "OWNER" }, select: { user: { select: { email: true } } } }),
  ]);
  // Name who acted: user and platform-admin actors by e-mail (users are platform-level rows).
  const actorIds = [...new Set(auditRows.map((a) => a.actorId).filter((id): id is string => !!id))];
  const actors = actorIds.length
    ? await platformDb().user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true } })
    : [];
  const emailOf = new Map(actors.map((u) => [u.id, u.email]));
  const audit = auditRows.map((a) => ({ ...a, actorName: actorName(a.actorType, a.actorId, emailOf) }));
  return {
    tenant,
    currentPlan: currentPlanOf(tenant, tenant.subscription),
    numbers,
    calls,
    audit,
    usage,
    margin,
    ownerEmails: owners.map((o) => o.user.email),
  };
}

function actorName(type: string, id: string | null, emailOf: Map<string, string>): string {
  const who = id ? emailOf.get(id) : undefined;
  if (type === "platform_admin") return who ? `${who} (platform admin)` : "a platform admin";
  if (type === "user") return who ?? "a deleted user";
  if (type === "api_key") return "an API key";
  if (type === "system" || type === "stripe") return type === "stripe" ? "Stripe" : "the system";
  return who ?? type;
}

/** Decimal AUD cents → whole cents for display (half-up). */
export function wholeCents(d: Prisma.Decimal | number): number {
  return typeof d === "number" ? d : d.toDecimalPlaces(0, Prisma.Decimal.ROUND_HALF_UP).toNumber();
}
