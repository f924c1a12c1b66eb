import crypto from "node:crypto";
import { platformDb } from "@articulate/db";

export async function createTenantWithOwner(label: string) {
  const suffix = crypto.randomBytes(4).toString("hex");
  const tenant = await platformDb().tenant.create({ data: { slug: `${label}-${suffix}`, name: `${label} ${suffix}` } });
  const owner = await platformDb().user.create({ data: { email: `owner-${suffix}@${label}.test` } });
  await platformDb().membership.create({ data: { tenantId: tenant.id, userId: owner.id, role: "OWNER" } });
  return { tenant, owner };
}
