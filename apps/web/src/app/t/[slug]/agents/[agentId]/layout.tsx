// Another tenant's id here is a real HTTP 404, decided before anything streams.
import type { ReactNode } from "react";
import { withTenantChildPage } from "@/lib/authz/page";

export default async function AgentLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ slug: string; agentId: string }>;
}) {
  const { slug, agentId } = await params;
  await withTenantChildPage(slug, (db) =>
    db.agent.findFirst({ where: { id: agentId, archivedAt: null }, select: { id: true } }),
  );
  return children;
}
