// The tenant's members as assignee choices ("Name (e-mail)").
import type { TenantContext } from "@/lib/authz/tenant-access";

export async function memberChoices(db: TenantContext["db"]): Promise<{ id: string; label: string }[]> {
  const members = await db.membership.findMany({
    orderBy: { createdAt: "asc" },
    select: { user: { select: { id: true, name: true, email: true } } },
  });
  return members.map((m) => ({
    id: m.user.id,
    label: m.user.name ? `${m.user.name} (${m.user.email})` : m.user.email,
  }));
}
