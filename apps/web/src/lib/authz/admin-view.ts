// A platform admin's read-only view of one tenant's dashboard, without being a
// member: opened from the admin console (which audits it and sets this cookie),
// honoured only for platform admins, only for GET-rendered pages (tenant server
// actions still require membership, so nothing can be changed), for one hour.
import { cookies } from "next/headers";
import { env } from "@/env";

export const ADMIN_VIEW_COOKIE = "articulate_admin_view";
export const ADMIN_VIEW_SECONDS = 3600;

/** The tenant id the signed-in admin opened read-only, if any. */
export async function adminViewTenantId(): Promise<string | null> {
  return (await cookies()).get(ADMIN_VIEW_COOKIE)?.value ?? null;
}

export async function setAdminViewTenant(tenantId: string): Promise<void> {
  (await cookies()).set(ADMIN_VIEW_COOKIE, tenantId, {
    httpOnly: true,
    sameSite: "lax",
    secure: env().NODE_ENV === "production",
    path: "/",
    maxAge: ADMIN_VIEW_SECONDS,
  });
}
