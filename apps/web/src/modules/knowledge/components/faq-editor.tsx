"use client";
// The agent's FAQ: add an entry, edit each in place (question, other phrasings,
// answer, enabled), move it up or down, delete with confirmation. Answers are
// rendered as text: HTML typed into them shows as the characters typed.
import { useActionState } from "react";
import { ConfirmForm } from "@/components/ui/confirm-form";
import { CheckboxField, FormAlert, fieldError, InlineStatus, TextArea, TextField } from "@/components/ui/form";
import { Badge } from "@/components/ui/layout";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleState } from "@/lib/authz/action-state";
import { createFaqAction, deleteFaqAction, moveFaqAction, updateFaqAction } from "../actions";

export interface FaqEntryRow {
  id: string;
  question: string;
  alternatives: string[];
  answer: string;
  enabled: boolean;
}

export function NewFaqForm({ slug, agentId }: { slug: string; agentId: string }) {
  const [state, action] = useActionState(createFaqAction, idleState);
  const v = state.status === "error" ? state.values : undefined;
  return (
    <form action={action} className="space-y-3" key={state.status === "success" ? state.data.id : "new"}>
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="agentId" value={agentId} />
      <TextField
        name="question"
        id="new-faq-question"
        label="Question"
        required
        placeholder="Is there parking?"
        defaultValue={v?.question}
        error={fieldError(state, "question")}
      />
      <TextArea
        name="alternatives"
        id="new-faq-alternatives"
        label="Other ways callers ask it"
        rows={2}
        hint="One per line, e.g. “Where can I park?”"
        defaultValue={v?.alternatives}
        error={fieldError(state, "alternatives")}
      />
      <TextArea
        name="answer"
        id="new-faq-answer"
        label="Answer"
        required
        rows={3}
        defaultValue={v?.answer}
        error={fieldError(state, "answer")}
      />
      <SubmitButton pendingLabel="Adding…">Add to FAQ</SubmitButton>
      <FormAlert state={state} />
    </form>
  );
}

function MoveButton({
  slug,
  agentId,
  entryId,
  direction,
}: {
  slug: string;
  agentId: string;
  entryId: string;
  direction: "up" | "down";
}) {
  const [state, action] = useActionState(moveFaqAction, idleState);
  return (
    <form action={action} className="inline">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="agentId" value={agentId} />
      <input type="hidden" name="entryId" value={entryId} />
      <input type="hidden" name="direction" value={direction} />
      <SubmitButton variant="ghost" pendingLabel="…">
        <span aria-hidden>{direction === "up" ? "↑" : "↓"}</span>
        <span className="sr-only">Move {direction}</span>
      </SubmitButton>
      <InlineStatus state={state} />
    </form>
  );
}

function FaqEntryEditor({ slug, agentId, entry }: { slug: string; agentId: string; entry: FaqEntryRow }) {
  const [state, action] = useActionState(updateFaqAction, idleState);
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="agentId" value={agentId} />
      <input type="hidden" name="entryId" value={entry.id} />
      <TextField
        name="question"
        label="Question"
        required
        defaultValue={entry.question}
        error={fieldError(state, "question")}
      />
      <TextArea
        name="alternatives"
        id={`faq-${entry.id}-alternatives`}
        label="Other ways callers ask it (one per line)"
        rows={2}
        defaultValue={entry.alternatives.join("\n")}
        error={fieldError(state, "alternatives")}
      />
      <TextArea
        name="answer"
        label="Answer"
        required
        rows={3}
        defaultValue={entry.answer}
        error={fieldError(state, "answer")}
      />
      <CheckboxField
        name="enabled"
        id={`faq-${entry.id}-enabled`}
        label="Used by the agent"
        defaultChecked={entry.enabled}
      />
      <div className="flex items-center gap-3">
        <SubmitButton variant="secondary" pendingLabel="Saving…">
          Save
        </SubmitButton>
        <InlineStatus state={state} />
      </div>
    </form>
  );
}

export function FaqList({
  slug,
  agentId,
  entries,
  canEdit,
}: {
  slug: string;
  agentId: string;
  entries: FaqEntryRow[];
  canEdit: boolean;
}) {
  if (entries.length === 0) {
    return <p className="text-sm text-slate-600">No FAQ entries yet. Add the questions callers ask most.</p>;
  }
  return (
    <ol className="divide-y divide-slate-100">
      {entries.map((e, i) => (
        <li key={e.id} className="py-3" data-testid="faq-entry">
          <details>
            <summary className="flex cursor-pointer flex-wrap items-center gap-2">
              <span className="font-medium text-slate-900">{e.question}</span>
              {e.enabled ? null : <Badge tone="gray">Off</Badge>}
              {canEdit ? <span className="text-xs text-brand-700 underline">Edit</span> : null}
              <span className="basis-full text-sm whitespace-pre-wrap text-slate-600">{e.answer}</span>
            </summary>
            {canEdit ? (
              <div className="mt-3 space-y-3 rounded-md bg-slate-50 p-3">
                <FaqEntryEditor slug={slug} agentId={agentId} entry={e} />
                <div className="flex flex-wrap items-center gap-2">
                  {i > 0 ? <MoveButton slug={slug} agentId={agentId} entryId={e.id} direction="up" /> : null}
                  {i < entries.length - 1 ? (
                    <MoveButton slug={slug} agentId={agentId} entryId={e.id} direction="down" />
                  ) : null}
                  <ConfirmForm
                    action={deleteFaqAction}
                    hidden={{ slug, agentId, entryId: e.id }}
                    trigger="Delete"
                    title="Delete this FAQ entry?"
                    body={`Your agent will no longer know: “${e.question}”.`}
                    confirmLabel="Delete entry"
                  />
                </div>
              </div>
            ) : null}
          </details>
        </li>
      ))}
    </ol>
  );
}
