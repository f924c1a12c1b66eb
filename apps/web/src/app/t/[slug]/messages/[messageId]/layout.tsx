// Another tenant's id here is a real HTTP 404, decided before anything streams.
import type { ReactNode } from "react";
import { withTenantChildPage } from "@/lib/authz/page";

export default async function MessageLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ slug: string; messageId: string }>;
}) {
  const { slug, messageId } = await params;
  await withTenantChildPage(slug, (db) => db.message.findFirst({ where: { id: messageId }, select: { id: true } }));
  return children;
}
