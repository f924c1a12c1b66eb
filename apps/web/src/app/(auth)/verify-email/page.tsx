import { db } from "@articulate/db";
import Link from "next/link";
import { consumeAuthToken } from "@/lib/sign-in/auth-tokens";

export const metadata = { title: "Confirm your e-mail" };

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const userId = token ? await consumeAuthToken(token, "VERIFY_EMAIL") : null;
  if (userId) await db().user.update({ where: { id: userId }, data: { emailVerified: new Date() } });
  return (
    <>
      <h1 className="mb-3 text-xl font-semibold">{userId ? "E-mail confirmed" : "This link did not work"}</h1>
      <p className="text-sm text-slate-700">
        {userId
          ? "Thanks, your e-mail address is confirmed."
          : "It has expired or was already used. Sign in and ask for a new confirmation e-mail from the banner at the top of the dashboard."}
      </p>
      <Link className="mt-5 inline-block text-sm text-brand-700 underline" href="/app">
        Go to the dashboard
      </Link>
    </>
  );
}
