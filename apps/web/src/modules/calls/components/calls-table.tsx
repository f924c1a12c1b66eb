import type { CallListItem } from "@articulate/db";
import Link from "next/link";
import { formatDateTime, formatDuration, formatPhone, humanize } from "@/lib/format";
import { CallStatusBadge } from "./call-badges";

export function CallsTable({
  slug,
  calls,
  timezone,
  agentNames,
  compact = false,
}: {
  slug: string;
  calls: CallListItem[];
  timezone: string;
  agentNames: Map<string, string>;
  compact?: boolean;
}) {
  return (
    <div className="overflow-x-auto">
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
              Duration
            </th>
            {!compact ? (
              <th scope="col" className="py-2 pr-4 font-medium">
                Billed
              </th>
            ) : null}
            {!compact ? (
              <th scope="col" className="py-2 font-medium">
                Ended because
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {calls.map((c) => (
            <tr key={c.id} className="hover:bg-slate-50">
              <td className="py-2 pr-4 whitespace-nowrap">
                <Link
                  className="font-medium text-brand-700 underline-offset-2 hover:underline"
                  href={`/t/${slug}/calls/${c.id}`}
                >
                  {formatDateTime(c.startedAt, timezone)}
                </Link>
                {c.recordingState === "READY" ? (
                  <span
                    className="ml-2 rounded bg-brand-50 px-1.5 py-0.5 text-xs font-medium text-brand-700"
                    title="This call has a recording"
                    data-testid="has-recording"
                  >
                    Recorded
                  </span>
                ) : null}
              </td>
              <td className="py-2 pr-4 whitespace-nowrap">
                {formatPhone(c.direction === "INBOUND" ? c.fromNumber : c.toNumber)}
                <span className="ml-1 text-xs text-slate-500">{c.direction === "INBOUND" ? "in" : "out"}</span>
              </td>
              {!compact ? <td className="py-2 pr-4">{c.agentId ? (agentNames.get(c.agentId) ?? "—") : "—"}</td> : null}
              <td className="py-2 pr-4">
                <CallStatusBadge status={c.status} />
              </td>
              <td className="py-2 pr-4 tabular-nums">{formatDuration(c.billableSeconds)}</td>
              {!compact ? <td className="py-2 pr-4 tabular-nums">{c.billableMinutes} min</td> : null}
              {!compact ? <td className="py-2 text-slate-600">{humanize(c.endReason)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
