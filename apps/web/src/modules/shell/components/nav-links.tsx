"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useId, useState } from "react";

const ITEMS = [
  { href: "overview", label: "Overview" },
  { href: "messages", label: "Messages" },
  { href: "numbers", label: "Numbers" },
  { href: "agents", label: "Agents" },
  { href: "calls", label: "Calls" },
  { href: "bookings", label: "Bookings" },
  { href: "billing", label: "Billing" },
  { href: "team", label: "Team" },
  { href: "settings/block-list", label: "Block list" },
  { href: "settings/api-keys", label: "API keys" },
  { href: "settings/webhooks", label: "Webhooks" },
  { href: "settings/notifications", label: "Notifications" },
];

/**
 * `counts`: a number shown beside an item (e.g. new messages), keyed by its href.
 * Below the md breakpoint the list sits behind a "Menu" button (a swiped strip hid most items on a phone);
 * it closes on navigation and on Escape. From md up the list is always shown as a column.
 */
export function NavLinks({ slug, counts = {} }: { slug: string; counts?: Record<string, number> }) {
  const pathname = usePathname();
  const listId = useId();
  const [open, setOpen] = useState(false);
  // Close after navigating (the pathname changes once the new page renders).
  // biome-ignore lint/correctness/useExhaustiveDependencies: pathname is the trigger, not read.
  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);
  const totalNew = Object.values(counts).reduce((a, b) => a + b, 0);
  return (
    <>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((o) => !o)}
        className="mx-3 mb-2 flex items-center gap-2 rounded-md border border-slate-300 px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 md:hidden"
      >
        <span aria-hidden="true">{open ? "\u2715" : "\u2630"}</span>
        Menu
        {totalNew ? (
          <span className="rounded-full bg-brand-600 px-1.5 py-0.5 text-xs font-semibold text-white">
            {totalNew}
            <span className="sr-only"> new</span>
          </span>
        ) : null}
      </button>
      <ul id={listId} className={`${open ? "flex" : "hidden"} flex-col gap-1 md:flex`}>
        {ITEMS.map((item) => {
          const href = `/t/${slug}/${item.href}`;
          const active = pathname === href || pathname.startsWith(`${href}/`);
          return (
            <li key={item.href}>
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                className={`block whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium ${
                  active ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100"
                }`}
              >
                {item.label}
                {counts[item.href] ? (
                  <span className="ml-2 rounded-full bg-brand-600 px-1.5 py-0.5 text-xs font-semibold text-white">
                    {counts[item.href]}
                    <span className="sr-only"> new</span>
                  </span>
                ) : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </>
  );
}
