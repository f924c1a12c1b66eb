import Link from "next/link";
import type { ReactNode } from "react";
import { requirePlatformAdmin } from "@/lib/authz/platform";
import { signOutAction } from "@/modules/auth/actions";

export const metadata = { title: "Admin", robots: { index: false } };

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const admin = await requirePlatformAdmin();
  return (
    <div className="min-h-screen bg-slate-50">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center justify-between px-4 py-3">
          <nav aria-label="Admin" className="flex items-center gap-4 text-sm">
            <Link href="/admin" className="font-semibold tracking-tight">
              Articulate admin
            </Link>
            <Link href="/admin/setup" className="text-slate-700 hover:underline">
              Platform setup
            </Link>
            <Link href="/admin/jobs" className="text-slate-700 hover:underline">
              Background jobs
            </Link>
          </nav>
          <form action={signOutAction} className="flex items-center gap-3 text-sm">
            <span className="hidden text-slate-600 sm:inline">{admin.email}</span>
            <button type="submit" className="text-slate-600 underline hover:text-slate-900">
              Sign out
            </button>
          </form>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-8">
        {children}
      </main>
    </div>
  );
}
