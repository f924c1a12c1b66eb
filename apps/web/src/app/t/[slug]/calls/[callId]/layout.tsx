// Another tenant's id here is a real HTTP 404, decided before anything streams.
import type { ReactNode } from "react";
import { withTenantChildPage } from "@/lib/authz/page";

export default async function CallLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ slug: string; callId: string }>;
}) {
  const { slug, callId } = await params;
  await withTenantChildPage(slug, (db) => db.call.findFirst({ where: { id: callId }, select: { id: true } }));
  return children;
}
