import { db } from "@articulate/db";
import Link from "next/link";
import { Card, Notice, PageHeader } from "@/components/ui/layout";
import { oauthProviders } from "@/lib/auth";
import { requireUserPage } from "@/lib/authz/page";
import { ChangePasswordForm, ConnectProviderForm } from "@/modules/auth/components/account-forms";

export const metadata = { title: "Account settings" };

export default async function AccountPage({
  searchParams,
}: {
  searchParams: Promise<{ password?: string; connected?: string }>;
}) {
  const user = await requireUserPage("/account");
  const { password, connected } = await searchParams;
  const [row, accounts] = await Promise.all([
    db().user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } }),
    db().account.findMany({ where: { userId: user.id }, select: { provider: true } }),
  ]);
  const linked = new Set(accounts.map((a) => a.provider));
  const providers = oauthProviders();
  return (
    <main className="mx-auto max-w-2xl space-y-6 px-4 py-10">
      <PageHeader title="Account settings" description={user.email} />
      <p>
        <Link className="text-sm text-brand-700 underline" href="/app">
          Back to the dashboard
        </Link>
      </p>
      {password === "changed" ? <Notice title="Password changed">Every other device was signed out.</Notice> : null}
      {connected ? <Notice title="Sign-in connected">You can now sign in with it as well.</Notice> : null}
      <Card title="Password">
        {row.passwordHash ? (
          <ChangePasswordForm />
        ) : (
          <p className="text-sm text-slate-600">
            You sign in with Google or GitHub. To add a password, use{" "}
            <Link className="text-brand-700 underline" href="/forgot-password">
              Forgot password
            </Link>
            .
          </p>
        )}
      </Card>
      <Card title="Sign in with Google or GitHub">
        {providers.length === 0 ? (
          <p className="text-sm text-slate-600">Google and GitHub sign-in are not available on this server.</p>
        ) : (
          <ul className="space-y-3">
            {providers.map((p) => (
              <li key={p.id} className="flex items-center justify-between gap-3">
                <span className="text-sm text-slate-800">{p.name}</span>
                {linked.has(p.id) ? (
                  <span className="text-sm text-slate-600">Connected</span>
                ) : (
                  <ConnectProviderForm provider={p.id} name={p.name} />
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </main>
  );
}
