"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

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

/** `counts`: a number shown beside an item (e.g. new messages), keyed by its href. */
export function NavLinks({ slug, counts = {} }: { slug: string; counts?: Record<string, number> }) {
  const pathname = usePathname();
  return (
    <ul className="flex gap-1 overflow-x-auto md:flex-col">
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
  );
}
