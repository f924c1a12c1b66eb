import { listTenantMessages, MessageListQueryError, type MessagePage } from "@articulate/db";
import { type KnowledgeGapView, listKnowledgeGaps } from "@articulate/knowledge";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Card, EmptyState, Notice, PageHeader } from "@/components/ui/layout";
import { withTenantPage } from "@/lib/authz/page";
import { roleAtLeast } from "@/lib/authz/tenant-access";
import { formatDateTime, formatPhone } from "@/lib/format";
import { GapList } from "@/modules/knowledge/components/gaps";
import { MessagesList } from "@/modules/messages/components/messages-list";
import {
  listOptions,
  messageFiltersToQuery,
  parseMessageFilters,
  showsMessages,
  showsQuestions,
} from "@/modules/messages/lib/filters";
import { memberChoices } from "@/modules/messages/lib/members";

export const metadata = { title: "Messages" };
const PAGE_SIZE = 25;
const QUESTIONS_SHOWN = 50;

export default async function MessagesPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const { tenant, db, role } = await withTenantPage(slug);
  const { filters, problems } = parseMessageFilters(await searchParams);
  const withMessages = showsMessages(filters);
  const withQuestions = showsQuestions(filters) && !filters.after;
  const [members, gaps, agents] = await Promise.all([
    memberChoices(db),
    withQuestions ? listKnowledgeGaps(tenant.id, null, { limit: QUESTIONS_SHOWN }) : ([] as KnowledgeGapView[]),
    withQuestions ? db.agent.findMany({ select: { id: true, name: true } }) : [],
  ]);
  let page: MessagePage = { items: [], nextCursor: null };
  if (withMessages) {
    try {
      page = await listTenantMessages(tenant.id, listOptions(filters, tenant.timezone, PAGE_SIZE));
    } catch (err) {
      if (!(err instanceof MessageListQueryError)) throw err;
      problems.push(`${err.field}: ${err.message}`);
    }
  }
  const names = new Map(members.map((m) => [m.id, m.label]));
  const agentNames = new Map(agents.map((a) => [a.id, a.name]));
  const filtered = Object.entries(filters).some(([k, v]) => k !== "after" && k !== "show" && v);
  const clearable = filtered || Boolean(filters.show);
  const field = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";
  return (
    <>
      <PageHeader
        title="Messages"
        description="Every message your agent took, newest first, and the questions it couldn't answer. Open a message to see the call it came from; mark it done once you have called back. Answer a question once and your agent uses the answer from the next call."
      />
      <form
        method="get"
        className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-6"
        aria-label="Filter messages"
      >
        <label className="text-sm font-medium">
          Show
          <select name="show" defaultValue={filters.show ?? "all"} className={field}>
            <option value="all">All</option>
            <option value="messages">Messages</option>
            <option value="questions">Unanswered questions</option>
          </select>
        </label>
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
        <div className="flex gap-2 sm:col-span-2 lg:col-span-6">
          <button type="submit" className={buttonClass("secondary")}>
            Apply filters
          </button>
          {clearable ? (
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
      {withQuestions && (gaps.length > 0 || !withMessages) ? (
        <div className="mb-4" data-testid="inbox-questions">
          <Card
            title={`Questions your agent couldn't answer (${gaps.length === QUESTIONS_SHOWN ? `${QUESTIONS_SHOWN}+` : gaps.length})`}
          >
            <GapList
              slug={slug}
              canEdit={roleAtLeast(role, "ADMIN")}
              gaps={gaps.map((g) => ({
                id: g.id,
                question: g.question,
                callId: g.callId,
                when: formatDateTime(g.createdAt, tenant.timezone),
                agentName: agents.length > 1 ? (agentNames.get(g.agentId) ?? undefined) : undefined,
              }))}
            />
          </Card>
        </div>
      ) : null}
      {withMessages ? (
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
      ) : null}
    </>
  );
}
