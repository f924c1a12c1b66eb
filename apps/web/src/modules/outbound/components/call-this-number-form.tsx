"use client";
import Link from "next/link";
import { useActionState } from "react";
import { FormAlert, fieldError, SelectField, TextField } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleState } from "@/lib/authz/action-state";
import { placeOutboundCallAction } from "../actions";

export function CallThisNumberForm({
  slug,
  agentId,
  numbers,
}: {
  slug: string;
  agentId: string;
  numbers: { id: string; label: string }[];
}) {
  const [state, action] = useActionState(placeOutboundCallAction, idleState);
  return (
    <form action={action} className="space-y-3" aria-label="Call this number">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="agentId" value={agentId} />
      <TextField
        name="to"
        label="Number to call"
        type="tel"
        inputMode="tel"
        required
        placeholder="04xx xxx xxx"
        error={fieldError(state, "to")}
        hint="An Australian number as you would dial it, or another country's with its + code"
      />
      <SelectField
        name="fromNumberId"
        label="Call from"
        error={fieldError(state, "fromNumberId")}
        options={numbers.map((n) => ({ value: n.id, label: n.label }))}
      />
      <FormAlert state={state} />
      {state.status === "success" ? (
        <p role="status" className="text-sm text-emerald-800">
          Calling… the agent speaks once they answer.{" "}
          <Link className="underline" href={`/t/${slug}/calls/${state.data.callId}`}>
            Follow the call
          </Link>
        </p>
      ) : null}
      <SubmitButton pendingLabel="Dialling…">Call this number</SubmitButton>
    </form>
  );
}
