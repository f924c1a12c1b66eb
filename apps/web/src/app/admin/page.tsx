import { platformMonthlyTotals } from "@articulate/billing";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Badge, Card, EmptyState, PageHeader, Stat } from "@/components/ui/layout";
import { requirePlatformAdmin } from "@/lib/authz/platform";
import { formatMoney, formatNumber, humanize } from "@/lib/format";
import { MarginChart } from "@/modules/admin/components/margin-chart";
import { listTenantsForAdmin, wholeCents } from "@/modules/admin/console";

export const dynamic = "force-dynamic";

export default async function AdminHome({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  await requirePlatformAdmin();
  const { q } = await searchParams;
  const search = typeof q === "string" ? q : "";
  const [tenants, totals] = await Promise.all([listTenantsForAdmin({ search }), platformMonthlyTotals({ months: 6 })]);
  const current = totals[totals.length - 1];
  return (
    <div className="space-y-6">
      <PageHeader title="Platform" description="Every tenant's usage, revenue, platform cost and gross margin (AUD)." />
      {current ? (
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <Stat
            label={`Billed revenue (${current.label})`}
            value={formatMoney(current.revenueMinor)}
            hint="Paid subscriptions only"
          />
          <Stat
            label="Projected, not billed"
            value={formatMoney(current.notBilledMinor)}
            hint="Tenants without a paid subscription, rated on their chosen plan"
          />
          <Stat
            label="Platform cost"
            value={formatMoney(wholeCents(current.costMinor))}
            hint={`${formatNumber(current.calls)} ${current.calls === 1 ? "billed call" : "billed calls"}, ${formatNumber(current.minutes)} min`}
          />
          <Stat
            label="Gross margin"
            value={formatMoney(wholeCents(current.marginMinor))}
            hint="Billed revenue − cost"
          />
        </div>
      ) : null}
      <Card title="Revenue, cost and margin by month">
        <MarginChart
          points={totals.map((t) => ({
            label: t.label,
            revenueMinor: t.revenueMinor,
            costMinor: wholeCents(t.costMinor),
            marginMinor: wholeCents(t.marginMinor),
          }))}
        />
      </Card>
      <Card title="Tenants">
        <search className="mb-4">
          <form className="flex gap-2" action="/admin">
            <label htmlFor="q" className="sr-only">
              Search tenants
            </label>
            <input
              id="q"
              name="q"
              defaultValue={search}
              placeholder="Search by name or slug"
              className="w-full max-w-sm rounded-md border border-slate-300 px-3 py-2 text-sm"
            />
            <button type="submit" className={buttonClass("secondary")}>
              Search
            </button>
          </form>
        </search>
        {tenants.length === 0 ? (
          <EmptyState title={search ? `No tenants match “${search}”` : "No tenants yet"} />
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-xs uppercase text-slate-500">
                <tr>
                  <th className="py-2 pr-3">Tenant</th>
                  <th className="py-2 pr-3">Plan</th>
                  <th className="py-2 pr-3">Status</th>
                  <th className="py-2 pr-3 text-right">Minutes this period</th>
                  <th className="py-2 pr-3 text-right">Revenue</th>
                  <th className="py-2 pr-3 text-right">Platform cost</th>
                  <th className="py-2 text-right">Gross margin</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {tenants.map((t) => (
                  <tr key={t.id}>
                    <td className="py-2 pr-3">
                      <Link className="font-medium text-brand-700 hover:underline" href={`/admin/tenants/${t.id}`}>
                        {t.name}
                      </Link>
                      <div className="text-xs text-slate-500">{t.slug}</div>
                    </td>
                    <td className="py-2 pr-3">
                      {t.currentPlan.label}
                      <div className="text-xs text-slate-500">{t.currentPlan.detail}</div>
                    </td>
                    <td className="py-2 pr-3">
                      <Badge tone={t.status === "ACTIVE" ? "green" : "red"}>{humanize(t.status)}</Badge>
                    </td>
                    <td className="py-2 pr-3 text-right tabular-nums">
                      {t.margin ? formatNumber(t.margin.minutesUsed) : "—"}
                    </td>
                    <td className="py-2 pr-3 text-right tabular-nums">
                      {!t.margin ? (
                        "—"
                      ) : t.margin.billed ? (
                        formatMoney(t.margin.revenueMinor)
                      ) : (
                        <>
                          {formatMoney(0)}
                          <div className="text-xs text-slate-500">
                            {formatMoney(t.margin.notBilledMinor)} projected, not billed
                          </div>
                        </>
                      )}
                    </td>
                    <td className="py-2 pr-3 text-right tabular-nums">
                      {t.margin ? formatMoney(wholeCents(t.margin.costMinor)) : "—"}
                    </td>
                    <td className="py-2 text-right tabular-nums">
                      {t.margin
                        ? `${formatMoney(wholeCents(t.margin.grossMarginMinor))}${t.margin.grossMarginPercent ? ` (${t.margin.grossMarginPercent.toString()}%)` : ""}`
                        : "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
