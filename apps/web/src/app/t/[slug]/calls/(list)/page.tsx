import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Card, EmptyState, Notice, PageHeader } from "@/components/ui/layout";
import { withTenantPage } from "@/lib/authz/page";
import { formatDateTime, formatPhone } from "@/lib/format";
import { AutoRefresh } from "@/modules/calls/components/auto-refresh";
import { CallFiltersForm } from "@/modules/calls/components/call-filters-form";
import { CallsTable } from "@/modules/calls/components/calls-table";
import { filtersToQuery, parseCallFilters } from "@/modules/calls/lib/filters";
import { CallHistoryError, loadCallHistory } from "@/modules/calls/lib/history";

export const metadata = { title: "Calls" };
const PAGE_SIZE = 25;

export default async function CallsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const { tenant, db } = await withTenantPage(slug);
  const { filters, problems } = parseCallFilters(await searchParams);
  const [live, agents, numbers] = await Promise.all([
    db.call.findMany({
      where: { status: { in: ["RINGING", "IN_PROGRESS"] } },
      orderBy: { startedAt: "desc" },
      take: 20,
      select: {
        id: true,
        fromNumber: true,
        toNumber: true,
        direction: true,
        startedAt: true,
        status: true,
        agent: { select: { name: true } },
      },
    }),
    db.agent.findMany({ select: { id: true, name: true }, orderBy: { createdAt: "asc" } }),
    db.phoneNumber.findMany({ select: { id: true, e164: true }, orderBy: { createdAt: "asc" } }),
  ]);
  let page: Awaited<ReturnType<typeof loadCallHistory>> = { items: [], nextCursor: null };
  try {
    page = await loadCallHistory(tenant.id, tenant.timezone, filters, PAGE_SIZE);
  } catch (err) {
    if (!(err instanceof CallHistoryError)) throw err;
    problems.push(`${err.field}: ${err.message}`);
  }
  const agentNames = new Map(agents.map((a) => [a.id, a.name]));
  const filtered = Object.entries(filters).some(([k, v]) => k !== "after" && v);
  return (
    <>
      <PageHeader
        title="Calls"
        description="Every call with its transcript, duration and cost."
        actions={
          <a
            href={`/t/${slug}/calls/export${filtersToQuery({ ...filters, after: undefined })}`}
            className={buttonClass("secondary")}
            download
          >
            Export CSV
          </a>
        }
      />
      <div className="mb-6">
        <Card title={`Live now (${live.length})`} actions={<AutoRefresh label="Updating" />}>
          {live.length === 0 ? (
            <p className="text-sm text-slate-600">No calls in progress.</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {live.map((c) => (
                <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                  <Link href={`/t/${slug}/calls/${c.id}`} className="font-medium text-brand-700 underline">
                    {formatPhone(c.direction === "INBOUND" ? c.fromNumber : c.toNumber)}
                  </Link>
                  <span className="text-slate-600">{c.agent?.name ?? "—"}</span>
                  <span className="text-slate-600">since {formatDateTime(c.startedAt, tenant.timezone)}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <CallFiltersForm
        slug={slug}
        filters={filters}
        agents={agents.map((a) => ({ value: a.id, label: a.name }))}
        numbers={numbers.map((n) => ({ value: n.id, label: formatPhone(n.e164) }))}
      />
      {problems.length > 0 ? (
        <div className="mt-4">
          <Notice tone="yellow" title="Some filters were ignored">
            <ul className="list-disc pl-5">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </Notice>
        </div>
      ) : null}
      <div className="mt-6">
        {page.items.length === 0 ? (
          <EmptyState
            title={filtered ? "No calls match these filters" : "No calls yet"}
            body={
              filtered
                ? "Try a wider date range or clear the filters."
                : "When someone calls one of your numbers, the call and its transcript appear here."
            }
          />
        ) : (
          <Card>
            <CallsTable
              slug={slug}
              calls={page.items}
              timezone={tenant.timezone}
              agentNames={agentNames}
              query={filters.q}
            />
            <nav aria-label="Pagination" className="mt-4 flex justify-between">
              {filters.after ? (
                <Link
                  className={buttonClass("secondary")}
                  href={`/t/${slug}/calls${filtersToQuery(filters, { after: undefined })}`}
                >
                  ← Newest
                </Link>
              ) : (
                <span />
              )}
              {page.nextCursor ? (
                <Link
                  className={buttonClass("secondary")}
                  href={`/t/${slug}/calls${filtersToQuery(filters, { after: page.nextCursor })}`}
                >
                  Older calls →
                </Link>
              ) : null}
            </nav>
          </Card>
        )}
      </div>
    </>
  );
}
