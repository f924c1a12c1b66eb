// Authorising wrapper for server components (pages and layouts) under /t/[slug].

import type { Role } from "@articulate/db";
import { forbidden, notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getSessionUser } from "./session";
import { type AccessRequirement, authorizeTenantAccess, type TenantContext } from "./tenant-access";

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
const pageAccess = cache(async (slug: string, role: Role) =>
  authorizeTenantAccess(await getSessionUser(), slug, { role }),
);

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
