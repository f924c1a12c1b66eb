import { listTenantMessages, MessageListQueryError, type MessagePage } from "@articulate/db";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { EmptyState, Notice, PageHeader } from "@/components/ui/layout";
import { withTenantPage } from "@/lib/authz/page";
import { formatDateTime, formatPhone } from "@/lib/format";
import { MessagesList } from "@/modules/messages/components/messages-list";
import { listOptions, messageFiltersToQuery, parseMessageFilters } from "@/modules/messages/lib/filters";
import { memberChoices } from "@/modules/messages/lib/members";

export const metadata = { title: "Messages" };
const PAGE_SIZE = 25;

export default async function MessagesPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const { tenant, db } = await withTenantPage(slug);
  const { filters, problems } = parseMessageFilters(await searchParams);
  const members = await memberChoices(db);
  let page: MessagePage = { items: [], nextCursor: null };
  try {
    page = await listTenantMessages(tenant.id, listOptions(filters, tenant.timezone, PAGE_SIZE));
  } catch (err) {
    if (!(err instanceof MessageListQueryError)) throw err;
    problems.push(`${err.field}: ${err.message}`);
  }
  const names = new Map(members.map((m) => [m.id, m.label]));
  const filtered = Object.entries(filters).some(([k, v]) => k !== "after" && v);
  const field = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";
  return (
    <>
      <PageHeader
        title="Messages"
        description="Every message your agent took, newest first. Open one to see the call it came from; mark it done once you have called back."
      />
      <form
        method="get"
        className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-5"
        aria-label="Filter messages"
      >
        <label className="text-sm font-medium">
          State
          <select name="state" defaultValue={filters.state ?? "open"} className={field}>
            <option value="open">Open (new and seen)</option>
            <option value="NEW">New</option>
            <option value="SEEN">Seen</option>
            <option value="DONE">Done</option>
            <option value="all">All</option>
          </select>
        </label>
        <label className="text-sm font-medium">
          Urgency
          <select name="urgency" defaultValue={filters.urgency ?? ""} className={field}>
            <option value="">Any</option>
            <option value="URGENT">Urgent</option>
            <option value="NORMAL">Normal</option>
          </select>
        </label>
        <label className="text-sm font-medium">
          Assigned to
          <select name="assignee" defaultValue={filters.assignee ?? ""} className={field}>
            <option value="">Anyone</option>
            <option value="none">Nobody</option>
            {members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm font-medium">
          From
          <input type="date" name="from" defaultValue={filters.from ?? ""} className={field} />
        </label>
        <label className="text-sm font-medium">
          To
          <input type="date" name="to" defaultValue={filters.to ?? ""} className={field} />
        </label>
        <div className="flex gap-2 sm:col-span-2 lg:col-span-5">
          <button type="submit" className={buttonClass("secondary")}>
            Apply filters
          </button>
          {filtered ? (
            <Link href={`/t/${slug}/messages`} className={buttonClass("ghost")}>
              Clear
            </Link>
          ) : null}
        </div>
      </form>
      {problems.length > 0 ? (
        <div className="mb-4">
          <Notice tone="yellow" title="Some filters were ignored">
            <ul className="list-disc pl-5">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </Notice>
        </div>
      ) : null}
      <MessagesList
        slug={slug}
        rows={page.items.map((m) => ({
          id: m.id,
          callerName: m.callerName,
          callbackNumber: m.callbackNumber,
          callbackDisplay: formatPhone(m.callbackNumber),
          reason: m.reason,
          urgent: m.urgency === "URGENT",
          status: m.status,
          assignee: m.assigneeId ? (names.get(m.assigneeId) ?? null) : null,
          arrived: formatDateTime(m.createdAt, tenant.timezone),
        }))}
        empty={
          <EmptyState
            title={filtered ? "No messages match these filters" : "No open messages"}
            body={
              filtered
                ? "Try another state or a wider date range."
                : "When your agent takes a message, it appears here and you are notified."
            }
          />
        }
        footer={
          <nav aria-label="Pagination" className="mt-4 flex justify-between">
            {filters.after ? (
              <Link
                className={buttonClass("secondary")}
                href={`/t/${slug}/messages${messageFiltersToQuery(filters, { after: undefined })}`}
              >
                ← Newest
              </Link>
            ) : (
              <span />
            )}
            {page.nextCursor ? (
              <Link
                className={buttonClass("secondary")}
                href={`/t/${slug}/messages${messageFiltersToQuery(filters, { after: page.nextCursor })}`}
              >
                Older messages →
              </Link>
            ) : null}
          </nav>
        }
      />
    </>
  );
}
