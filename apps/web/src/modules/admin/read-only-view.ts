// Opening a tenant's dashboard read-only from the admin console: audited in the
// tenant's own log (who, when), no membership created.
import { platformDb, writeAudit } from "@articulate/db";

export async function recordReadOnlyView(admin: { id: string }, tenantId: string): Promise<{ slug: string } | null> {
  // Platform work on a tenant an admin chose (not a tenant-scoped request).
  const tenant = await platformDb().tenant.findUnique({ where: { id: tenantId }, select: { id: true, slug: true } });
  if (!tenant) return null;
  await writeAudit(platformDb(), {
    tenantId: tenant.id,
    actorType: "platform_admin",
    actorId: admin.id,
    action: "tenant.viewed_read_only",
    targetType: "Tenant",
    targetId: tenant.id,
  });
  return { slug: tenant.slug };
}
