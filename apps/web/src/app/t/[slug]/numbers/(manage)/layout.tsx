// Buying and importing numbers is for admins and owners; decided before anything
// streams so a member gets a real HTTP 403.
import type { ReactNode } from "react";
import { withTenantPage } from "@/lib/authz/page";

export default async function ManageNumbersLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  await withTenantPage(slug, { role: "ADMIN" });
  return children;
}
