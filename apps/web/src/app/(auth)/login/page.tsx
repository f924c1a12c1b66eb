import Link from "next/link";
import { redirect } from "next/navigation";
import { buttonClass } from "@/components/ui/button";
import { oauthProviders, signIn } from "@/lib/auth";
import { getSessionUser } from "@/lib/authz/session";
import { SignInForm } from "@/modules/auth/components/auth-forms";
import { safeNextPath } from "@/modules/auth/lib/safe-next";

export const metadata = { title: "Sign in" };

const SIGN_IN_ERRORS: Record<string, string> = {
  use_password:
    "An account already uses this e-mail. Sign in with your password first, then connect Google or GitHub from Account settings.",
  no_email: "That provider did not share an e-mail address with us. Sign in with your password instead.",
  link_expired: "Connecting that sign-in took too long. Sign in and try again from Account settings.",
};

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string; error?: string }>;
}) {
  const { next, error } = await searchParams;
  if (await getSessionUser()) redirect(safeNextPath(next));
  const providers = oauthProviders();
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Sign in</h1>
      <p className="mb-5 text-sm text-slate-600">
        New here?{" "}
        <Link className="text-brand-700 underline" href="/signup">
          Create an account
        </Link>
      </p>
      {error ? (
        <p role="alert" className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {SIGN_IN_ERRORS[error] ?? "Sign-in did not complete. Try again."}
        </p>
      ) : null}
      <SignInForm next={next} />
      {providers.length > 0 ? (
        <div className="mt-6 space-y-2 border-t border-slate-100 pt-4">
          {providers.map((p) => (
            <form
              key={p.id}
              action={async () => {
                "use server";
                await signIn(p.id, { redirectTo: safeNextPath(next) });
              }}
            >
              <button type="submit" className={buttonClass("secondary", "w-full")}>
                Continue with {p.name}
              </button>
            </form>
          ))}
        </div>
      ) : null}
    </>
  );
}
