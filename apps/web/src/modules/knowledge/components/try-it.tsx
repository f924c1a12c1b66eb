"use client";
// "Try it": type a question and see what the agent's lookup returns.
import { useActionState } from "react";
import { FormAlert, fieldError, TextField } from "@/components/ui/form";
import { Badge } from "@/components/ui/layout";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleState } from "@/lib/authz/action-state";
import { tryLookupAction } from "../actions";

export function TryLookup({ slug, agentId }: { slug: string; agentId: string }) {
  const [state, action] = useActionState(tryLookupAction, idleState);
  return (
    <div className="space-y-3">
      <form action={action} className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <input type="hidden" name="slug" value={slug} />
        <input type="hidden" name="agentId" value={agentId} />
        <TextField
          name="question"
          id="try-question"
          label="Ask what a caller would"
          placeholder="Is there parking?"
          className="flex-1"
          error={fieldError(state, "question")}
        />
        <SubmitButton variant="secondary" pendingLabel="Looking up…">
          Look up
        </SubmitButton>
      </form>
      {state.status === "error" && !state.fieldErrors ? <FormAlert state={state} /> : null}
      {state.status === "success" ? (
        <div role="status" className="space-y-2" data-testid="lookup-result">
          {state.data.answers.length === 0 ? (
            <p className="text-sm text-slate-700">
              {state.data.outcome === "NO_MATCH"
                ? "No answer found. On a call, your agent would offer to pass the question on and record it below."
                : "The lookup did not finish in time; on a call your agent would offer to pass the question on."}
            </p>
          ) : (
            <ol className="space-y-2">
              {state.data.answers.map((a) => (
                <li key={a.id} className="rounded-md border border-slate-200 p-3 text-sm">
                  <div className="flex items-center gap-2">
                    <Badge tone={a.kind === "faq" ? "blue" : "gray"}>{a.kind === "faq" ? "FAQ" : "Passage"}</Badge>
                    <span className="font-medium text-slate-900">{a.title}</span>
                  </div>
                  <p className="mt-1 whitespace-pre-wrap text-slate-700">{a.text}</p>
                  {a.url ? <p className="mt-1 text-xs break-all text-slate-500">{a.url}</p> : null}
                </li>
              ))}
            </ol>
          )}
          <p className="text-xs text-slate-500">Looked up in {state.data.durationMs} ms.</p>
        </div>
      ) : null}
    </div>
  );
}
