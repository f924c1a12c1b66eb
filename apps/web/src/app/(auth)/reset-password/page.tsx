import Link from "next/link";
import { ResetPasswordForm } from "@/modules/auth/components/auth-forms";

export const metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return (
    <>
      <h1 className="mb-5 text-xl font-semibold">Choose a new password</h1>
      {token ? (
        <ResetPasswordForm token={token} />
      ) : (
        <p role="alert" className="text-sm text-slate-700">
          This link is incomplete.{" "}
          <Link className="text-brand-700 underline" href="/forgot-password">
            Ask for a new one
          </Link>
          .
        </p>
      )}
    </>
  );
}
