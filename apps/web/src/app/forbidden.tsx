import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center px-4 text-center">
      <p className="text-sm font-semibold text-brand-700">403</p>
      <h1 className="mt-1 text-2xl font-semibold">You do not have access to this</h1>
      <p className="mt-2 text-sm text-slate-600">
        Your role in this business does not allow it. Ask an owner to change your role.
      </p>
      <Link className="mt-4 text-sm text-brand-700 underline" href="/app">
        Back to your dashboard
      </Link>
    </main>
  );
}
