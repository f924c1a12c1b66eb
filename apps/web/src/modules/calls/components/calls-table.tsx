import type { CallListItem } from "@articulate/db";
import Link from "next/link";
import { formatDateTime, formatDuration, formatPhone } from "@/lib/format";
import { answeredSeconds, callBillingLabel } from "../lib/call-labels";
import { CallStatusBadge, OutcomeBadge } from "./call-badges";
import { Highlight } from "./highlight";

/** The call list: a table from md up, one card per call on phones (nothing cut off at 390 px). */
export function CallsTable({
  slug,
  calls,
  timezone,
  agentNames,
  compact = false,
  query,
}: {
  slug: string;
  calls: CallListItem[];
  timezone: string;
  agentNames: Map<string, string>;
  compact?: boolean;
  /** The transcript search, highlighted in each call's summary. */
  query?: string;
}) {
  const rows = calls.map((c) => {
    return {
      c,
      href: `/t/${slug}/calls/${c.id}`,
      when: formatDateTime(c.startedAt, timezone),
      caller: formatPhone(c.direction === "INBOUND" ? c.fromNumber : c.toNumber),
      agent: c.agentId ? (agentNames.get(c.agentId) ?? "—") : "—",
      duration: formatDuration(answeredSeconds(c)),
      billed: callBillingLabel(c),
      snippet: c.summary && query ? <Highlight text={c.summary} query={query} /> : c.summary,
    };
  });
  return (
    <>
      <ul className="divide-y divide-slate-100 md:hidden" aria-label="Calls">
        {rows.map(({ c, href, when, caller, agent, duration, billed, snippet }) => (
          <li key={c.id} className="space-y-1 py-3 text-sm">
            <div className="flex items-start justify-between gap-2">
              <Link className="font-medium text-brand-700 underline-offset-2 hover:underline" href={href}>
                {caller}
                <span className="ml-1 text-xs text-slate-500">{c.direction === "INBOUND" ? "in" : "out"}</span>
              </Link>
              <CallStatusBadge status={c.status} endReason={c.endReason} isTest={c.isTest} />
            </div>
            <p className="text-xs text-slate-600">
              {when} · {duration} · {agent}
            </p>
            <div className="flex flex-wrap items-center gap-2">
              <OutcomeBadge outcome={c.outcome} endReason={c.endReason} />
              <span className="text-xs text-slate-600">{billed}</span>
            </div>
            {snippet && !compact ? <p className="line-clamp-2 text-xs text-slate-600">{snippet}</p> : null}
          </li>
        ))}
      </ul>
      <div className="hidden overflow-x-auto md:block">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">
                When
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                Caller
              </th>
              {!compact ? (
                <th scope="col" className="py-2 pr-4 font-medium">
                  Agent
                </th>
              ) : null}
              <th scope="col" className="py-2 pr-4 font-medium">
                Status
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                Outcome
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                Duration
              </th>
              {!compact ? (
                <th scope="col" className="py-2 font-medium">
                  Billing
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map(({ c, href, when, caller, agent, duration, billed, snippet }) => (
              <tr key={c.id} className="align-top hover:bg-slate-50">
                <td className="py-2 pr-4 whitespace-nowrap">
                  <Link className="font-medium text-brand-700 underline-offset-2 hover:underline" href={href}>
                    {when}
                  </Link>
                  {snippet && !compact ? (
                    <p className="mt-1 line-clamp-2 max-w-md whitespace-normal text-xs text-slate-600">{snippet}</p>
                  ) : null}
                </td>
                <td className="py-2 pr-4 whitespace-nowrap">
                  {caller}
                  <span className="ml-1 text-xs text-slate-500">{c.direction === "INBOUND" ? "in" : "out"}</span>
                </td>
                {!compact ? <td className="py-2 pr-4">{agent}</td> : null}
                <td className="py-2 pr-4">
                  <CallStatusBadge status={c.status} endReason={c.endReason} isTest={c.isTest} />
                </td>
                <td className="py-2 pr-4">
                  <OutcomeBadge outcome={c.outcome} endReason={c.endReason} />
                </td>
                <td className="py-2 pr-4 tabular-nums">{duration}</td>
                {!compact ? <td className="py-2 text-slate-600">{billed}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
