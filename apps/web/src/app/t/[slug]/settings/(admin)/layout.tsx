// API keys, webhooks, the block list and the SMS sender are for admins and owners (a member's own
// notification settings, one level up, are not in this group); decided here, above the
// pages' loading states, so a member gets a real HTTP 403 before anything streams.
import type { ReactNode } from "react";
import { withTenantPage } from "@/lib/authz/page";

export default async function SettingsLayout({
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
