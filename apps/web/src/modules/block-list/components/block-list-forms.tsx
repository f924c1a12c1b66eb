"use client";
import { useActionState } from "react";
import { FormAlert, fieldError, InlineStatus, SelectField, TextField } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleState } from "@/lib/authz/action-state";
import { addBlockRuleAction } from "../actions";

const KIND_OPTIONS = [
  { value: "NUMBER", label: "One phone number" },
  { value: "PREFIX", label: "Numbers starting with…" },
  { value: "WITHHELD", label: "Callers who hide their number" },
];

export function AddBlockRuleForm({ slug }: { slug: string }) {
  const [state, action] = useActionState(addBlockRuleAction, idleState);
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="slug" value={slug} />
      <div className="grid gap-3 sm:grid-cols-3">
        <SelectField name="kind" label="Block" options={KIND_OPTIONS} error={fieldError(state, "kind")} />
        <TextField
          name="value"
          label="Number or first digits"
          placeholder="0412 345 678 or 1300"
          hint="Leave empty when blocking hidden numbers."
          error={fieldError(state, "value")}
        />
        <TextField name="note" label="Note (optional)" placeholder="e.g. robocalls" error={fieldError(state, "note")} />
      </div>
      <SubmitButton pendingLabel="Adding…">Add to block list</SubmitButton>
      <FormAlert
        state={state.status === "success" ? { ...state, message: "Added. Those callers are now refused." } : state}
      />
    </form>
  );
}

/** "Block this caller" on a call's page: one click, the caller's number (or hidden numbers). */
export function BlockCallerButton({ slug, callId, number }: { slug: string; callId: string; number: string | null }) {
  const [state, action] = useActionState(addBlockRuleAction, idleState);
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="callId" value={callId} />
      <input type="hidden" name="kind" value={number ? "NUMBER" : "WITHHELD"} />
      {number ? <input type="hidden" name="value" value={number} /> : null}
      <SubmitButton variant="secondary" pendingLabel="Blocking…">
        {number ? "Block this caller" : "Block hidden numbers"}
      </SubmitButton>
      <InlineStatus state={state} successLabel="Blocked: future calls are refused and not billed." />
    </form>
  );
}
