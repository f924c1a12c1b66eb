// After sign-in: platform admins to /admin; others to their first business, or onboarding when there is none.
import { platformDb } from "@articulate/db";
import { redirect } from "next/navigation";
import { requireUserPage } from "@/lib/authz/page";

export default async function AppHome() {
  const user = await requireUserPage("/app");
  // Platform admins land on the admin console, never on business onboarding.
  if (user.isPlatformAdmin) redirect("/admin");
  // The user's own memberships across tenants: a cross-tenant read by nature.
  const membership = await platformDb().membership.findFirst({
    where: { userId: user.id },
    orderBy: { createdAt: "asc" },
    select: { tenant: { select: { slug: true } } },
  });
  redirect(membership ? `/t/${membership.tenant.slug}/overview` : "/onboarding");
}
