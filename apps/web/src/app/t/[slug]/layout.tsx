import { countNewMessages, platformDb } from "@articulate/db";
import Link from "next/link";
import type { ReactNode } from "react";
import { withTenantPage } from "@/lib/authz/page";
import { signOutAction } from "@/modules/auth/actions";
import { SuspensionBanner } from "@/modules/billing/components/suspension-banner";
import { NavLinks } from "@/modules/shell/components/nav-links";
import { VerifyEmailBanner } from "@/modules/shell/components/verify-email-banner";

export default async function TenantLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  const { tenant, user, role, readOnly } = await withTenantPage(slug);
  // The signed-in user's own businesses, for the switcher (cross-tenant by nature).
  const [memberships, newMessages] = await Promise.all([
    platformDb().membership.findMany({
      where: { userId: user.id },
      select: { tenant: { select: { slug: true, name: true } } },
      orderBy: { createdAt: "asc" },
    }),
    countNewMessages(tenant.id),
  ]);
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:m-2 focus:rounded focus:bg-white focus:p-2"
      >
        Skip to content
      </a>
      {readOnly ? (
        <div role="status" className="border-b border-amber-300 bg-amber-100 px-4 py-3 text-sm text-amber-950">
          <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-2">
            <span>
              <strong>Read-only view as platform admin.</strong> You are not a member of {tenant.name}; changes are
              disabled and this visit is recorded in its audit log.
            </span>
            <Link className="font-medium underline" href={`/admin/tenants/${tenant.id}`}>
              Back to the admin console
            </Link>
          </div>
        </div>
      ) : null}
      {!user.emailVerified && !readOnly ? <VerifyEmailBanner email={user.email} /> : null}
      {tenant.status === "SUSPENDED" ? <SuspensionBanner tenant={tenant} role={role} slug={slug} /> : null}
      <div className="mx-auto flex max-w-6xl flex-col md:flex-row">
        <nav
          aria-label="Main"
          className="border-b border-slate-200 px-3 py-3 md:min-h-screen md:w-56 md:shrink-0 md:border-r md:border-b-0 md:py-6"
        >
          <div className="mb-3 flex items-center justify-between px-3 md:mb-6 md:block">
            <Link href={`/t/${slug}/overview`} className="text-lg font-semibold tracking-tight">
              Articulate
            </Link>
            {memberships.length > 1 ? (
              <details className="relative text-sm md:mt-3">
                <summary className="cursor-pointer truncate text-slate-600">{tenant.name}</summary>
                <ul className="absolute z-10 mt-1 w-48 rounded-md border border-slate-200 bg-white p-1 shadow">
                  {memberships.map((m) => (
                    <li key={m.tenant.slug}>
                      <Link
                        className="block rounded px-2 py-1 hover:bg-slate-100"
                        href={`/t/${m.tenant.slug}/overview`}
                      >
                        {m.tenant.name}
                      </Link>
                    </li>
                  ))}
                  <li>
                    <Link className="block rounded px-2 py-1 text-brand-700 hover:bg-slate-100" href="/onboarding">
                      + New business
                    </Link>
                  </li>
                </ul>
              </details>
            ) : (
              <p className="truncate text-sm text-slate-600 md:mt-3">{tenant.name}</p>
            )}
          </div>
          <NavLinks slug={slug} counts={{ messages: newMessages }} />
          <form action={signOutAction} className="mt-3 px-3 md:mt-8">
            <p className="hidden truncate text-xs text-slate-500 md:block">{user.email}</p>
            <Link href="/account" className="mr-3 text-sm text-slate-600 underline hover:text-slate-900">
              Account
            </Link>
            <button type="submit" className="text-sm text-slate-600 underline hover:text-slate-900">
              Sign out
            </button>
          </form>
        </nav>
        <main id="main" className="min-w-0 flex-1 px-4 py-6 md:px-8 md:py-8">
          {children}
        </main>
      </div>
    </div>
  );
}
