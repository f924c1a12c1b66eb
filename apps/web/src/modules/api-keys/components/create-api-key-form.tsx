"use client";
import { useActionState } from "react";
import { FormAlert, fieldError, TextField } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleState } from "@/lib/authz/action-state";
import { createApiKeyAction } from "../actions";

export function CreateApiKeyForm({ slug }: { slug: string }) {
  const [state, action] = useActionState(createApiKeyAction, idleState);
  return (
    <div className="space-y-4">
      <form action={action} className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <input type="hidden" name="slug" value={slug} />
        <TextField
          name="name"
          label="Key name"
          required
          placeholder="e.g. CRM integration"
          error={fieldError(state, "name")}
          className="flex-1"
        />
        <SubmitButton pendingLabel="Creating…">Create key</SubmitButton>
      </form>
      <FormAlert state={state} />
      {state.status === "success" ? (
        <div role="status" className="space-y-2 rounded-md border border-emerald-200 bg-emerald-50 p-4 text-sm">
          <p className="font-semibold text-emerald-900">Copy “{state.data.name}” now: it is shown only once.</p>
          <code
            data-testid="new-api-key"
            className="block break-all rounded bg-white p-2 font-mono text-xs text-slate-900 select-all"
          >
            {state.data.secret}
          </code>
          <p className="text-emerald-900">
            Send it as <code>Authorization: Bearer &lt;key&gt;</code>. We store only a hash, so a lost key cannot be
            shown again: revoke it and create a new one.
          </p>
        </div>
      ) : null}
    </div>
  );
}
