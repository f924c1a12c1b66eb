import Link from "next/link";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/authz/session";
import { SignUpForm } from "@/modules/auth/components/auth-forms";
import { safeNextPath } from "@/modules/auth/lib/safe-next";

export const metadata = { title: "Create an account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  if (await getSessionUser()) redirect(safeNextPath(next));
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Create your account</h1>
      <p className="mb-5 text-sm text-slate-600">
        Already have one?{" "}
        <Link className="text-brand-700 underline" href={next ? `/login?next=${encodeURIComponent(next)}` : "/login"}>
          Sign in
        </Link>
      </p>
      <SignUpForm next={next} />
    </>
  );
}
