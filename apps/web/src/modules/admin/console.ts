// Read models of the platform admin console: cross-tenant by nature, so they
// use platformDb(); revenue, cost and margin come from the billing package.
import { getTenantMargin, getTenantMargins, getUsageSummary, type TenantMargin } from "@articulate/billing";
import { forTenant, Prisma, platformDb } from "@articulate/db";
import { webLogger } from "@/lib/log";

export interface AdminTenantRow {
  id: string;
  slug: string;
  name: string;
  plan: string;
  status: "ACTIVE" | "SUSPENDED";
  createdAt: Date;
  margin: TenantMargin | null;
}

export async function listTenantsForAdmin(opts: { search?: string; limit?: number } = {}): Promise<AdminTenantRow[]> {
  const q = opts.search?.trim().slice(0, 100);
  const tenants = await platformDb().tenant.findMany({
    where: q
      ? { OR: [{ name: { contains: q, mode: "insensitive" } }, { slug: { contains: q, mode: "insensitive" } }] }
      : {},
    orderBy: { createdAt: "desc" },
    take: Math.min(opts.limit ?? 50, 200),
    select: { id: true, slug: true, name: true, plan: true, status: true, createdAt: true },
  });
  return Promise.all(
    tenants.map(async (t) => ({
      ...t,
      // One tenant's billing trouble must not blank the whole console.
      margin: await getTenantMargin(t.id).catch((err) => {
        webLogger().error({ tenantId: t.id, err }, "admin: margin failed");
        return null;
      }),
    })),
  );
}

export interface MonthTotals {
  label: string;
  start: Date;
  revenueMinor: number;
  costMinor: Prisma.Decimal;
  marginMinor: Prisma.Decimal;
}

/** Platform revenue, cost and gross margin for the last `months` calendar months (UTC), oldest first. */
export async function getPlatformTotals(opts: { months?: number; now?: Date } = {}): Promise<MonthTotals[]> {
  const now = opts.now ?? new Date();
  const months = Math.min(Math.max(opts.months ?? 6, 1), 24);
  const out: MonthTotals[] = [];
  for (let i = months - 1; i >= 0; i--) {
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i + 1, 1));
    const margins = await getTenantMargins({ start, end });
    let revenue = 0;
    let cost = new Prisma.Decimal(0);
    for (const m of margins) {
      revenue += m.revenueMinor;
      cost = cost.add(m.costMinor);
    }
    out.push({
      label: start.toLocaleString("en-AU", { month: "short", year: "2-digit", timeZone: "UTC" }),
      start,
      revenueMinor: revenue,
      costMinor: cost,
      marginMinor: new Prisma.Decimal(revenue).sub(cost),
    });
  }
  return out;
}

export async function getTenantDetailForAdmin(tenantId: string) {
  const tenant = await platformDb().tenant.findUnique({
    where: { id: tenantId },
    include: { subscription: true },
  });
  if (!tenant) return null;
  const tdb = forTenant(tenant.id);
  const [numbers, calls, audit, usage, margin, owners] = await Promise.all([
    tdb.phoneNumber.findMany({ where: {}, orderBy: { createdAt: "asc" } }),
    tdb.call.findMany({ where: {}, orderBy: [{ startedAt: "desc" }, { id: "desc" }], take: 25 }),
    tdb.auditLog.findMany({ where: {}, orderBy: { createdAt: "desc" }, take: 50 }),
    getUsageSummary(tenant.id).catch(() => null),
    getTenantMargin(tenant.id).catch(() => null),
    tdb.membership.findMany({ where: { role: "OWNER" }, select: { user: { select: { email: true } } } }),
  ]);
  return { tenant, numbers, calls, audit, usage, margin, ownerEmails: owners.map((o) => o.user.email) };
}

/** Decimal AUD cents → whole cents for display (half-up). */
export function wholeCents(d: Prisma.Decimal | number): number {
  return typeof d === "number" ? d : d.toDecimalPlaces(0, Prisma.Decimal.ROUND_HALF_UP).toNumber();
}
