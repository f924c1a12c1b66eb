"use client";
import { useActionState } from "react";
import { FormAlert, fieldError, TextField } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleState } from "@/lib/authz/action-state";
import { createWebhookEndpointAction } from "../actions";

/** `eventTypes` comes from the server page (the package itself is server-only). */
export function CreateEndpointForm({ slug, eventTypes }: { slug: string; eventTypes: readonly string[] }) {
  const [state, action] = useActionState(createWebhookEndpointAction, idleState);
  return (
    <div className="space-y-4">
      <form action={action} className="space-y-3">
        <input type="hidden" name="slug" value={slug} />
        <TextField
          name="url"
          label="Endpoint URL"
          required
          placeholder="https://example.com/articulate/webhooks"
          error={fieldError(state, "url")}
        />
        <TextField name="description" label="Description" error={fieldError(state, "description")} />
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Events</legend>
          <p className="text-xs text-slate-500">None ticked = every event, including ones added later.</p>
          <div className="mt-2 flex flex-wrap gap-3">
            {eventTypes.map((t) => (
              <label key={t} className="inline-flex items-center gap-1.5 text-sm">
                <input type="checkbox" name="events" value={t} /> <code>{t}</code>
              </label>
            ))}
          </div>
        </fieldset>
        <SubmitButton pendingLabel="Adding…">Add endpoint</SubmitButton>
      </form>
      <FormAlert state={state} />
      {state.status === "success" ? (
        <SecretOnce secret={state.data.secret} what={`the signing secret for ${state.data.url}`} />
      ) : null}
    </div>
  );
}

export function SecretOnce({ secret, what }: { secret: string; what: string }) {
  return (
    <div role="status" className="space-y-2 rounded-md border border-emerald-200 bg-emerald-50 p-4 text-sm">
      <p className="font-semibold text-emerald-900">Copy {what} now: it is shown only once.</p>
      <code data-testid="webhook-secret" className="block break-all rounded bg-white p-2 font-mono text-xs select-all">
        {secret}
      </code>
    </div>
  );
}
