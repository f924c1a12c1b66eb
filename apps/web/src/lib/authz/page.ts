// Authorising wrapper for server components (pages and layouts) under /t/[slug].

import type { Role } from "@articulate/db";
import { forbidden, notFound, redirect } from "next/navigation";
import { cache, type ReactNode } from "react";
import { adminViewTenantId } from "./admin-view";
import { renderPage } from "./page-errors";
import { getSessionUser } from "./session";
import {
  type AccessRequirement,
  authorizeAdminReadOnly,
  authorizeTenantAccess,
  roleAtLeast,
  type TenantContext,
} from "./tenant-access";

/**
 * A tenant page: the access check below, then its body, with the DomainErrors the body throws
 * mapped in one place (lib/authz/page-errors.tsx): not found → 404, forbidden → 403, any other
 * refusal → the owner's message on the page. Pages whose body calls domain functions use this.
 */
export async function tenantPage(
  slug: string,
  req: AccessRequirement,
  render: (ctx: TenantContext) => Promise<ReactNode>,
): Promise<ReactNode> {
  const ctx = await withTenantPage(slug, req);
  return renderPage(() => render(ctx));
}

/**
 * Resolves the tenant from the URL slug and the session's membership.
 * Not signed in → /login; not a member → 404; role too low → 403.
 */
export async function withTenantPage(slug: string, req: AccessRequirement = {}): Promise<TenantContext> {
  const access = await pageAccess(slug, req.role ?? "MEMBER");
  if (access.ok) return access.ctx;
  if (access.status === 401) redirect(`/login?next=${encodeURIComponent(`/t/${slug}/overview`)}`);
  if (access.status === 403) forbidden();
  notFound();
}

// Layout and page of one request share the decision (one membership query per request).
const pageAccess = cache(async (slug: string, role: Role) => {
  const user = await getSessionUser();
  const access = await authorizeTenantAccess(user, slug, { role });
  // Only a platform admin may have opened a tenant read-only (the cookie is not even read for anyone else).
  if (access.ok || access.status !== 404 || !user?.isPlatformAdmin) return access;
  // Not a member: a platform admin may have opened this tenant read-only from the console.
  const ctx = await authorizeAdminReadOnly(user, slug, await adminViewTenantId());
  if (!ctx) return access;
  if (!roleAtLeast(ctx.role, role)) return { ok: false as const, status: 403 as const, reason: "Read-only view" };
  return { ok: true as const, ctx };
});

/** Pages that only need a signed-in user (onboarding, invitations). */
export async function requireUserPage(next: string) {
  const user = await getSessionUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(next)}`);
  return user;
}

/**
 * For layouts of child resources (/t/[slug]/agents/[agentId], …): the tenant check
 * plus a tenant-scoped lookup of the child, before anything streams, so another
 * tenant's id answers with a real HTTP 404.
 */
export async function withTenantChildPage(
  slug: string,
  findInTenant: (db: TenantContext["db"]) => Promise<unknown>,
): Promise<TenantContext> {
  const ctx = await withTenantPage(slug);
  if (!(await findInTenant(ctx.db))) notFound();
  return ctx;
}
