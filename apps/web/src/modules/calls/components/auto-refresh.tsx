"use client";
import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** Re-renders the server page every few seconds while something is live (calls, provisioning). */
export function AutoRefresh({ everyMs = 4000, label }: { everyMs?: number; label: string }) {
  const router = useRouter();
  useEffect(() => {
    const id = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, everyMs);
    return () => clearInterval(id);
  }, [router, everyMs]);
  return (
    <span className="inline-flex items-center gap-1.5 text-xs text-slate-500">
      <span aria-hidden className="size-2 animate-pulse rounded-full bg-emerald-500" />
      {label}
    </span>
  );
}
