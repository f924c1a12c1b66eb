import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge, Card, EmptyState, PageHeader, Stat } from "@/components/ui/layout";
import { requirePlatformAdmin } from "@/lib/authz/platform";
import {
  formatCount,
  formatDate,
  formatDateTime,
  formatDuration,
  formatMoney,
  formatNumber,
  formatPhone,
  humanize,
} from "@/lib/format";
import { TenantStatusForm } from "@/modules/admin/components/tenant-status-form";
import { ViewReadOnlyForm } from "@/modules/admin/components/view-read-only-form";
import { getTenantDetailForAdmin, wholeCents } from "@/modules/admin/console";

export const dynamic = "force-dynamic";

export default async function AdminTenantPage({ params }: { params: Promise<{ tenantId: string }> }) {
  await requirePlatformAdmin();
  const { tenantId } = await params;
  const detail = await getTenantDetailForAdmin(tenantId);
  if (!detail) notFound();
  const { tenant, currentPlan, numbers, calls, audit, usage, margin, ownerEmails } = detail;
  const tz = tenant.timezone;
  const maxDay = Math.max(1, ...(usage?.days.map((d) => d.minutes) ?? []));
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3 text-sm">
        <Link href="/admin" className="text-brand-700 hover:underline">
          ← All tenants
        </Link>
        <ViewReadOnlyForm tenantId={tenant.id} />
      </div>
      <PageHeader
        title={tenant.name}
        description={
          <>
            {tenant.slug} · {currentPlan.label} ({currentPlan.detail}) · owners: {ownerEmails.join(", ") || "none"} ·{" "}
            <Badge tone={tenant.status === "ACTIVE" ? "green" : "red"}>{humanize(tenant.status)}</Badge>
            {tenant.suspendedReason ? ` — ${tenant.suspendedReason}` : ""}
          </>
        }
      />
      <div className="grid gap-4 sm:grid-cols-4">
        <Stat label="Minutes this period" value={margin ? formatNumber(margin.minutesUsed) : "—"} />
        <Stat
          label="Billed revenue"
          value={margin ? formatMoney(margin.revenueMinor) : "—"}
          hint={margin && !margin.billed ? `${formatMoney(margin.notBilledMinor)} projected, not billed` : undefined}
        />
        <Stat label="Platform cost" value={margin ? formatMoney(wholeCents(margin.costMinor)) : "—"} />
        <Stat
          label="Gross margin"
          value={margin ? formatMoney(wholeCents(margin.grossMarginMinor)) : "—"}
          hint={margin?.grossMarginPercent ? `${margin.grossMarginPercent.toString()}% of revenue` : undefined}
        />
      </div>
      <div className="grid gap-6 md:grid-cols-2">
        <Card title={tenant.status === "SUSPENDED" ? "Resume" : "Suspend"}>
          <TenantStatusForm key={tenant.status} tenantId={tenant.id} status={tenant.status} />
        </Card>
        <Card title="Subscription">
          {tenant.subscription ? (
            <dl className="grid grid-cols-2 gap-2 text-sm">
              <dt className="text-slate-500">Plan</dt>
              <dd>{humanize(tenant.subscription.plan)}</dd>
              <dt className="text-slate-500">Status</dt>
              <dd>{humanize(tenant.subscription.status)}</dd>
              <dt className="text-slate-500">Period</dt>
              <dd>
                {formatDate(tenant.subscription.currentPeriodStart, tz)} –{" "}
                {formatDate(tenant.subscription.currentPeriodEnd, tz)}
              </dd>
              <dt className="text-slate-500">Stripe customer</dt>
              <dd className="truncate">{tenant.subscription.stripeCustomerId ?? "—"}</dd>
            </dl>
          ) : (
            <p className="text-sm text-slate-600">No subscription (trial).</p>
          )}
        </Card>
      </div>
      <Card title="Usage per day (this period)">
        {usage && usage.days.length > 0 ? (
          <ul className="space-y-1 text-sm">
            {usage.days.map((d) => (
              <li key={d.day} className="flex items-center gap-3">
                <span className="w-24 tabular-nums text-slate-600">{d.day}</span>
                <span
                  className="h-2 rounded bg-brand-600"
                  style={{ width: `${(d.minutes / maxDay) * 60}%` }}
                  aria-hidden
                />
                <span className="tabular-nums">
                  {formatNumber(d.minutes)} min · {formatCount(d.calls, "call")}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState title="No usage this period" />
        )}
      </Card>
      <Card title="Numbers">
        {numbers.length === 0 ? (
          <EmptyState title="No numbers" />
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {numbers.map((n) => (
              <li key={n.id} className="flex justify-between py-2">
                <span>{formatPhone(n.e164)}</span>
                <span className="text-slate-600">
                  {humanize(n.provider)} · {humanize(n.status)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Recent calls">
        {calls.length === 0 ? (
          <EmptyState title="No calls yet" />
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th className="py-2">Started</th>
                <th>Direction</th>
                <th>From → To</th>
                <th>Status</th>
                <th className="text-right">Duration</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {calls.map((c) => (
                <tr key={c.id}>
                  <td className="py-2">{formatDateTime(c.startedAt, tz)}</td>
                  <td>{humanize(c.direction)}</td>
                  <td>
                    {formatPhone(c.fromNumber)} → {formatPhone(c.toNumber)}
                  </td>
                  <td>{humanize(c.status)}</td>
                  <td className="text-right tabular-nums">{formatDuration(c.billableSeconds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <Card title="Audit log">
        {audit.length === 0 ? (
          <EmptyState title="Nothing recorded yet" />
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {audit.map((a) => (
              <li key={a.id} className="py-2">
                <span className="font-medium">{a.action}</span> <span className="text-slate-500">by {a.actorName}</span>{" "}
                <span className="text-slate-500">· {formatDateTime(a.createdAt, tz)}</span>
                {a.data && typeof a.data === "object" && "reason" in a.data ? (
                  <div className="text-slate-600">Reason: {String(a.data.reason)}</div>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
