import Link from "next/link";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/authz/session";

export default async function HomePage() {
  if (await getSessionUser()) redirect("/app");
  return (
    <main className="mx-auto flex min-h-screen max-w-3xl flex-col justify-center gap-6 px-6">
      <h1 className="text-4xl font-semibold tracking-tight">Articulate</h1>
      <p className="text-lg text-slate-600">
        An AI receptionist that answers your business phone number, takes messages, transfers to a human and shows you
        every call.
      </p>
      <div className="flex gap-3">
        <Link className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700" href="/login">
          Sign in
        </Link>
        <Link
          className="rounded-md border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-100"
          href="/signup"
        >
          Create an account
        </Link>
      </div>
    </main>
  );
}
