// Another tenant's id here is a real HTTP 404, decided before anything streams.
import type { ReactNode } from "react";
import { withTenantChildPage } from "@/lib/authz/page";

export default async function NumberLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ slug: string; numberId: string }>;
}) {
  const { slug, numberId } = await params;
  await withTenantChildPage(slug, (db) => db.phoneNumber.findFirst({ where: { id: numberId }, select: { id: true } }));
  return children;
}
