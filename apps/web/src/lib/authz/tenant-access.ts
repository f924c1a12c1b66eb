// The single decision every tenant entry point makes: is this user a member of
// the tenant named in the URL, with at least the required role? The tenant is
// resolved from the slug and the user's membership, never from an id the client sent.
import { forTenant, platformDb, type Role, type TenantDb, type TenantModel } from "@articulate/db";
import type { SessionUser } from "./session";

const RANK: Record<Role, number> = { MEMBER: 1, ADMIN: 2, OWNER: 3 };

export function roleAtLeast(role: Role, required: Role): boolean {
  return RANK[role] >= RANK[required];
}

export interface TenantContext {
  user: SessionUser;
  tenant: TenantModel;
  role: Role;
  /** Tenant-scoped client: every query filtered to this tenant. */
  db: TenantDb;
  /** A platform admin viewing without membership: pages render, nothing can be changed. */
  readOnly?: boolean;
}

export type TenantAccess = { ok: true; ctx: TenantContext } | { ok: false; status: 401 | 403 | 404; reason: string };

export interface AccessRequirement {
  /** Minimum role; MEMBER when omitted. */
  role?: Role;
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export async function authorizeTenantAccess(
  user: SessionUser | null,
  slug: unknown,
  req: AccessRequirement = {},
): Promise<TenantAccess> {
  if (!user) return { ok: false, status: 401, reason: "Sign in to continue" };
  if (typeof slug !== "string" || !SLUG.test(slug)) return { ok: false, status: 404, reason: "Not found" };
  // Membership lookup by (user, slug) is the one cross-tenant read here: it is how
  // we learn which tenant, if any, this user may act on. One round trip on two
  // unique indexes (Tenant.slug, Membership(tenantId, userId)): it runs on every request.
  const rows = await platformDb().$queryRaw<(TenantModel & { memberRole: Role })[]>`
    SELECT t.*, m."role" AS "memberRole" FROM "Tenant" t
    JOIN "Membership" m ON m."tenantId" = t."id" AND m."userId" = ${user.id}
    WHERE t."slug" = ${slug}`;
  const row = rows[0];
  const membership = row ? { role: row.memberRole, tenant: tenantFromRow(row) } : null;
  // Not a member and "no such tenant" look the same: 404, so slugs cannot be probed.
  if (!membership) return { ok: false, status: 404, reason: "Not found" };
  const required = req.role ?? "MEMBER";
  if (!roleAtLeast(membership.role, required)) {
    return { ok: false, status: 403, reason: `This needs the ${required.toLowerCase()} role or higher` };
  }
  return {
    ok: true,
    ctx: { user, tenant: membership.tenant, role: membership.role, db: forTenant(membership.tenant.id) },
  };
}

function tenantFromRow(row: TenantModel & { memberRole: Role }): TenantModel {
  const { memberRole: _role, ...tenant } = row;
  return tenant;
}

/**
 * A platform admin's read-only access to the tenant they opened from the admin
 * console (never through membership; tenant actions keep refusing them).
 */
export async function authorizeAdminReadOnly(
  user: SessionUser | null,
  slug: string,
  openedTenantId: string | null,
): Promise<TenantContext | null> {
  if (!user?.isPlatformAdmin || !openedTenantId || !SLUG.test(slug)) return null;
  // platformDb(): A platform admin's read-only view: the admin is not a member of this tenant.
  const tenant = await platformDb().tenant.findFirst({ where: { slug, id: openedTenantId } });
  if (!tenant) return null;
  return { user, tenant, role: "MEMBER", db: forTenant(tenant.id), readOnly: true };
}
