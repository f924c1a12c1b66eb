"use client";
import { buttonClass } from "@/components/ui/button";

export default function TenantError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-white p-6">
      <h1 className="text-lg font-semibold">This page could not load</h1>
      <p className="mt-1 text-sm text-slate-600">
        Something went wrong on our side. Your data is safe. Try again; if it keeps happening, contact support
        {error.digest ? ` with the reference ${error.digest}` : ""}.
      </p>
      <button type="button" onClick={reset} className={buttonClass("primary", "mt-4")}>
        Try again
      </button>
    </div>
  );
}
