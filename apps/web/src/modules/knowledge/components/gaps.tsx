"use client";
// Questions the agent could not answer: answer one in a step (it becomes an
// FAQ entry used from the next call) or dismiss it. Listed on the agent's
// knowledge page and, for every agent, in the messages inbox.
import Link from "next/link";
import { useActionState } from "react";
import { FormAlert, fieldError, TextArea, TextField } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleState } from "@/lib/authz/action-state";
import { answerGapAction, dismissGapAction } from "../actions";

export interface GapRow {
  id: string;
  question: string;
  callId: string | null;
  /** Already formatted in the tenant's timezone. */
  when: string;
  /** Shown where gaps of several agents are listed together (the inbox). */
  agentName?: string;
}

function GapItem({ slug, gap, canEdit }: { slug: string; gap: GapRow; canEdit: boolean }) {
  const [state, answer] = useActionState(answerGapAction, idleState);
  const [dismissState, dismiss] = useActionState(dismissGapAction, idleState);
  return (
    <li className="py-3" data-testid="knowledge-gap">
      <p className="font-medium text-slate-900">“{gap.question}”</p>
      <p className="text-xs text-slate-500">
        Asked {gap.when}
        {gap.agentName ? ` · to ${gap.agentName}` : ""}
        {gap.callId ? (
          <>
            {" · "}
            <Link className="text-brand-700 underline" href={`/t/${slug}/calls/${gap.callId}`}>
              View call
            </Link>
          </>
        ) : null}
      </p>
      {canEdit ? (
        <div className="mt-2 space-y-2">
          <form action={answer} className="space-y-2">
            <input type="hidden" name="slug" value={slug} />
            <input type="hidden" name="gapId" value={gap.id} />
            <TextField
              name="question"
              id={`gap-${gap.id}-question`}
              label="Question (edit it to read well)"
              defaultValue={gap.question}
              error={fieldError(state, "question")}
            />
            <TextArea
              name="answer"
              id={`gap-${gap.id}-answer`}
              label="Answer"
              rows={2}
              required
              error={fieldError(state, "answer")}
            />
            <div className="flex flex-wrap gap-2">
              <SubmitButton pendingLabel="Saving…">Answer</SubmitButton>
            </div>
            <FormAlert state={state} />
          </form>
          <form action={dismiss}>
            <input type="hidden" name="slug" value={slug} />
            <input type="hidden" name="gapId" value={gap.id} />
            <SubmitButton variant="ghost" pendingLabel="Dismissing…">
              Dismiss
            </SubmitButton>
            <FormAlert state={dismissState} />
          </form>
        </div>
      ) : null}
    </li>
  );
}

export function GapList({ slug, gaps, canEdit }: { slug: string; gaps: GapRow[]; canEdit: boolean }) {
  if (gaps.length === 0) {
    return (
      <p className="text-sm text-slate-600">None: your agent found an answer to every business question so far.</p>
    );
  }
  return (
    <ul className="divide-y divide-slate-100">
      {gaps.map((g) => (
        <GapItem key={g.id} slug={slug} gap={g} canEdit={canEdit} />
      ))}
    </ul>
  );
}
