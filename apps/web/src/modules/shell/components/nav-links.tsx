"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

const ITEMS = [
  { href: "overview", label: "Overview" },
  { href: "numbers", label: "Numbers" },
  { href: "agents", label: "Agents" },
  { href: "calls", label: "Calls" },
  { href: "bookings", label: "Bookings" },
  { href: "billing", label: "Billing" },
  { href: "team", label: "Team" },
  { href: "settings/block-list", label: "Block list" },
  { href: "settings/api-keys", label: "API keys" },
  { href: "settings/webhooks", label: "Webhooks" },
];

export function NavLinks({ slug }: { slug: string }) {
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
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
