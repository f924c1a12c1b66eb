import Link from "next/link";
import { redirect } from "next/navigation";
import { buttonClass } from "@/components/ui/button";
import { getSessionUser } from "@/lib/authz/session";
import { acceptInvitation, findOpenInvitation } from "@/modules/team/lib/accept-invitation";

export const metadata = { title: "Invitation" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const found = await findOpenInvitation(token);
  const user = await getSessionUser();
  const next = `/invite/${token}`;
  async function accept() {
    "use server";
    const u = await getSessionUser();
    if (!u) redirect(`/login?next=${encodeURIComponent(next)}`);
    const res = await acceptInvitation(token, u);
    redirect(res.ok ? `/t/${res.slug}/overview` : `${next}?error=1`);
  }
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4">
      <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        {!found.ok ? (
          <>
            <h1 className="text-xl font-semibold">Invitation unavailable</h1>
            <p role="alert" className="mt-2 text-sm text-slate-700">
              {found.reason}
            </p>
          </>
        ) : (
          <>
            <h1 className="text-xl font-semibold">Join {found.invitation.tenantName}</h1>
            <p className="mt-2 text-sm text-slate-700">
              You were invited as <strong>{found.invitation.role.toLowerCase()}</strong> ({found.invitation.email}).
            </p>
            {!user ? (
              <div className="mt-4 flex gap-2">
                <Link className={buttonClass("primary")} href={`/login?next=${encodeURIComponent(next)}`}>
                  Sign in to accept
                </Link>
                <Link className={buttonClass("secondary")} href={`/signup?next=${encodeURIComponent(next)}`}>
                  Create an account
                </Link>
              </div>
            ) : user.email.toLowerCase() !== found.invitation.email.toLowerCase() ? (
              <p role="alert" className="mt-4 text-sm text-red-700">
                You are signed in as {user.email}. Sign in as {found.invitation.email} to accept.
              </p>
            ) : (
              <form action={accept} className="mt-4">
                <button type="submit" className={buttonClass("primary")}>
                  Accept invitation
                </button>
              </form>
            )}
          </>
        )}
      </div>
    </main>
  );
}
