import { getCurrentPlan } from "@articulate/billing";
import { countNewMessages, listTenantCalls, listTenantMessages } from "@articulate/db";
import { openKnowledgeGapsByAgent } from "@articulate/knowledge";
import Link from "next/link";
import { Card, EmptyState, Notice, PageHeader, Stat } from "@/components/ui/layout";
import { withTenantPage } from "@/lib/authz/page";
import { formatDate, formatMoney, formatNumber, formatPhone } from "@/lib/format";
import { platformReadiness } from "@/lib/platform-readiness";
import { UsageBar, UsageChart } from "@/modules/billing/components/usage-chart";
import { loadUsage } from "@/modules/billing/lib/usage";
import { NumberStatusBadge } from "@/modules/calls/components/call-badges";
import { CallsTable } from "@/modules/calls/components/calls-table";
import { UnansweredQuestions } from "@/modules/knowledge/components/unanswered-questions";
import { BusyHoursHeatmap, CallsPerDayChart, OutcomesChart } from "@/modules/overview/components/analytics-charts";
import { FirstRunChecklist } from "@/modules/overview/components/first-run-checklist";
import { loadOverviewAnalytics } from "@/modules/overview/lib/analytics";
import { loadChecklist } from "@/modules/overview/lib/checklist";
import { startOfLocalDay } from "@/modules/overview/lib/today";

export const metadata = { title: "Overview" };

export default async function OverviewPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ welcome?: string; stripe?: string }>;
}) {
  const { slug } = await params;
  const { welcome, stripe } = await searchParams;
  const { tenant, db } = await withTenantPage(slug);
  const plan = await getCurrentPlan(tenant.id);
  const [usage, callsToday, recent, numbers, agents, openMessages, newMessages, checklist, gaps] = await Promise.all([
    loadUsage(tenant),
    db.call.count({ where: { startedAt: { gte: startOfLocalDay(new Date(), tenant.timezone) } } }),
    listTenantCalls(tenant.id, { limit: 5 }),
    db.phoneNumber.findMany({
      where: { status: { not: "RELEASED" } },
      orderBy: { createdAt: "asc" },
      select: { id: true, e164: true, status: true, failureReason: true, agent: { select: { name: true } } },
    }),
    db.agent.findMany({ where: { archivedAt: null }, select: { id: true, name: true } }),
    listTenantMessages(tenant.id, { limit: 3, open: true }),
    countNewMessages(tenant.id),
    loadChecklist(db, slug, plan, platformReadiness()),
    openKnowledgeGapsByAgent(tenant.id),
  ]);
  // The period's analytics read the call rollup (never a scan of the calls).
  const analytics = await loadOverviewAnalytics(tenant, usage.periodStart);
  const setupDone = checklist.every((s) => s.state !== "todo");
  const agentNames = new Map(agents.map((a) => [a.id, a.name]));
  return (
    <>
      <PageHeader
        title="Overview"
        description={`${tenant.name} · this period ${formatDate(usage.periodStart, tenant.timezone)} – ${formatDate(new Date(usage.periodEnd.getTime() - 1), tenant.timezone)}`}
      />
      {welcome === "trial" ? (
        <div className="mb-6">
          <Notice title="Your business is on the free trial">
            {stripe === "off"
              ? "Online payment isn't available on this installation yet, so the paid plan could not start. "
              : ""}
            Follow the steps below to hear your agent and see your first call.
          </Notice>
        </div>
      ) : null}
      {!setupDone ? (
        <div className="mb-6">
          <FirstRunChecklist steps={checklist} />
        </div>
      ) : null}
      <div className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
        <Stat label="Calls today" value={formatNumber(callsToday)} />
        <Stat
          label="Minutes this period"
          value={formatNumber(usage.usedMinutes)}
          hint={`of ${formatNumber(usage.includedMinutes)} included (${plan.kind === "paid" || plan.plan === "TRIAL" ? plan.label : plan.detail})`}
        />
        <Stat
          label="Overage so far"
          value={formatMoney(usage.overageMinor)}
          hint={`${formatNumber(usage.overageMinutes)} min over`}
        />
        <Stat
          label="Projected overage"
          value={usage.projectedOverageMinor === null ? "—" : formatMoney(usage.projectedOverageMinor)}
          hint={
            usage.projectedMinutes === null
              ? "Forecast starts after the first day of the period"
              : `~${formatNumber(usage.projectedMinutes)} min by period end`
          }
        />
      </div>
      <div className="mt-6 grid gap-6 lg:grid-cols-3">
        <Card title="Calls this period" className="lg:col-span-2">
          <dl className="mb-4 grid grid-cols-3 gap-3 text-sm">
            <div>
              <dt className="text-slate-600">Calls</dt>
              <dd className="text-xl font-semibold tabular-nums">{formatNumber(analytics.calls)}</dd>
            </div>
            <div>
              <dt className="text-slate-600">Answered</dt>
              <dd className="text-xl font-semibold tabular-nums">
                {analytics.answeredRate === null ? "—" : `${analytics.answeredRate}%`}
              </dd>
            </div>
            <div>
              <dt className="text-slate-600">Spam or blocked</dt>
              <dd className="text-xl font-semibold tabular-nums">{formatNumber(analytics.outcomes.spamOrBlocked)}</dd>
            </div>
          </dl>
          {analytics.calls === 0 ? (
            <p className="text-sm text-slate-600">
              No calls from callers yet this period. Test calls and chats with your agent are not counted here.
            </p>
          ) : (
            <CallsPerDayChart daily={analytics.daily} />
          )}
        </Card>
        <Card title="Outcomes">
          <OutcomesChart
            outcomes={[
              { label: "Resolved", count: analytics.outcomes.resolved },
              { label: "Message taken", count: analytics.outcomes.messageTaken },
              { label: "Transferred", count: analytics.outcomes.transferred },
              { label: "Spam or blocked", count: analytics.outcomes.spamOrBlocked },
              { label: "Abandoned", count: analytics.outcomes.abandoned },
              { label: "Other", count: analytics.outcomes.other },
              { label: "Not analysed", count: analytics.outcomes.notAnalysed },
            ]}
          />
        </Card>
      </div>
      <div className="mt-6">
        <Card title="Busiest hours">
          <BusyHoursHeatmap heat={analytics.heat} timeZone={tenant.timezone} />
        </Card>
      </div>
      <UnansweredQuestions slug={slug} gaps={gaps.filter((g) => agentNames.has(g.agentId))} agentNames={agentNames} />
      <div className="mt-6 grid gap-6 lg:grid-cols-3">
        <Card title="Minutes used vs included" className="lg:col-span-2">
          <UsageBar usage={usage} />
          <div className="mt-4">
            <UsageChart usage={usage} />
          </div>
        </Card>
        <Card
          title="Numbers"
          actions={
            <Link className="text-sm text-brand-700 underline" href={`/t/${slug}/numbers`}>
              Manage
            </Link>
          }
        >
          {numbers.length === 0 ? (
            <p className="text-sm text-slate-600">
              No phone number yet.{" "}
              <Link className="text-brand-700 underline" href={`/t/${slug}/numbers`}>
                Get one
              </Link>{" "}
              so callers can reach your agent.
            </p>
          ) : (
            <ul className="space-y-3">
              {numbers.map((n) => (
                <li key={n.id} className="flex items-center justify-between gap-2 text-sm">
                  <div>
                    <p className="font-medium tabular-nums">{formatPhone(n.e164)}</p>
                    <p className="text-xs text-slate-500">
                      {n.agent ? `Answered by ${n.agent.name}` : "No agent assigned"}
                    </p>
                  </div>
                  <NumberStatusBadge status={n.status} />
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <div className="mt-6">
        <Card
          title={newMessages > 0 ? `Messages (${formatNumber(newMessages)} new)` : "Messages"}
          actions={
            <Link className="text-sm text-brand-700 underline" href={`/t/${slug}/messages`}>
              Inbox
            </Link>
          }
        >
          {openMessages.items.length === 0 ? (
            <p className="text-sm text-slate-600">No open messages: everyone has been called back.</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {openMessages.items.map((m) => (
                <li key={m.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                  <Link href={`/t/${slug}/messages/${m.id}`} className="font-medium text-brand-700 underline">
                    {m.callerName}
                  </Link>
                  <span className="min-w-0 flex-1 truncate text-slate-600">{m.reason}</span>
                  {m.urgency === "URGENT" ? (
                    <span className="rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-800">Urgent</span>
                  ) : null}
                  <span className="text-xs text-slate-500">{formatDate(m.createdAt, tenant.timezone)}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <div className="mt-6">
        <Card
          title="Recent calls"
          actions={
            <Link className="text-sm text-brand-700 underline" href={`/t/${slug}/calls`}>
              All calls
            </Link>
          }
        >
          {recent.items.length === 0 ? (
            <EmptyState
              title="No calls yet"
              body="Calls to your numbers show up here with their transcripts as soon as they start."
            />
          ) : (
            <CallsTable slug={slug} calls={recent.items} timezone={tenant.timezone} agentNames={agentNames} compact />
          )}
        </Card>
      </div>
    </>
  );
}
