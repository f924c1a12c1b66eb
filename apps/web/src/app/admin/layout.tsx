import Link from "next/link";
import type { ReactNode } from "react";
import { requirePlatformAdmin } from "@/lib/authz/platform";

export const metadata = { title: "Admin", robots: { index: false } };

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const admin = await requirePlatformAdmin();
  return (
    <div className="min-h-screen bg-slate-50">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center justify-between px-4 py-3">
          <Link href="/admin" className="font-semibold tracking-tight">
            Articulate admin
          </Link>
          <nav className="flex items-center gap-4 text-sm text-slate-600">
            <Link href="/admin" className="hover:text-slate-900">
              Tenants
            </Link>
            <Link href="/admin/jobs" className="hover:text-slate-900">
              Background jobs
            </Link>
            <span>{admin.email}</span>
          </nav>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-8">
        {children}
      </main>
    </div>
  );
}
