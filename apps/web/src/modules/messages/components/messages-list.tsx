"use client";
import Link from "next/link";
import { type ReactNode, useActionState } from "react";
import { InlineStatus } from "@/components/ui/form";
import { Card } from "@/components/ui/layout";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleState } from "@/lib/authz/action-state";
import { markMessagesDoneAction } from "../actions";

export interface MessageRow {
  id: string;
  callerName: string;
  callbackNumber: string;
  callbackDisplay: string;
  reason: string;
  urgent: boolean;
  status: "NEW" | "SEEN" | "DONE";
  assignee: string | null;
  arrived: string;
}

const STATE_LABEL = { NEW: "New", SEEN: "Seen", DONE: "Done" } as const;
const STATE_TONE = {
  NEW: "bg-brand-50 text-brand-700",
  SEEN: "bg-slate-100 text-slate-700",
  DONE: "bg-emerald-50 text-emerald-700",
} as const;

/**
 * The inbox rows with a checkbox each and one "Mark done" for the selection. Rendered even when
 * there are no rows (showing `empty`), so marking the last open message done keeps this
 * component, and with it the "marked done" confirmation, on screen while the list empties.
 */
export function MessagesList({
  slug,
  rows,
  empty,
  footer,
}: {
  slug: string;
  rows: MessageRow[];
  /** Shown instead of the list when there are no rows. */
  empty: ReactNode;
  /** Below the list (pagination). */
  footer?: ReactNode;
}) {
  const [state, action] = useActionState(markMessagesDoneAction, idleState);
  const doneLabel =
    state.status === "success"
      ? `${state.data.done} message${state.data.done === 1 ? "" : "s"} marked done`
      : undefined;
  if (rows.length === 0) {
    return (
      <div className="space-y-3">
        {doneLabel ? (
          <p
            role="status"
            className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800"
          >
            {doneLabel}
          </p>
        ) : null}
        {empty}
      </div>
    );
  }
  return (
    <Card>
      <form action={action} aria-label="Messages">
        <input type="hidden" name="slug" value={slug} />
        <div className="mb-3 flex items-center gap-3">
          <SubmitButton variant="secondary" pendingLabel="Marking…">
            Mark selected done
          </SubmitButton>
          <InlineStatus state={state} successLabel={doneLabel} />
        </div>
        <ul className="divide-y divide-slate-100">
          {rows.map((m) => (
            <li key={m.id} className="flex items-start gap-3 py-3">
              <input
                type="checkbox"
                name="messageIds"
                value={m.id}
                aria-label={`Select message from ${m.callerName}`}
                className="mt-1 size-4"
                disabled={m.status === "DONE"}
              />
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-2">
                  <Link
                    href={`/t/${slug}/messages/${m.id}`}
                    className={`text-brand-700 underline ${m.status === "NEW" ? "font-semibold" : ""}`}
                  >
                    {m.callerName}
                  </Link>
                  {m.urgent ? (
                    <span className="rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-800">Urgent</span>
                  ) : null}
                  <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATE_TONE[m.status]}`}>
                    {STATE_LABEL[m.status]}
                  </span>
                  <a href={`tel:${m.callbackNumber}`} className="text-sm text-slate-700 underline">
                    {m.callbackDisplay}
                  </a>
                </div>
                <p className="mt-1 line-clamp-2 text-sm text-slate-700">{m.reason}</p>
                <p className="mt-1 text-xs text-slate-500">
                  {m.arrived}
                  {m.assignee ? ` · assigned to ${m.assignee}` : ""}
                </p>
              </div>
            </li>
          ))}
        </ul>
      </form>
      {footer}
    </Card>
  );
}
