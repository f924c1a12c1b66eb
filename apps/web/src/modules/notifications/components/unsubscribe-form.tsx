"use client";
import { useActionState } from "react";
import { FormAlert } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleState } from "@/lib/authz/action-state";
import { unsubscribeAction } from "../unsubscribe-action";

export function UnsubscribeForm({ token, label }: { token: string; label: string }) {
  const [state, action] = useActionState(unsubscribeAction, idleState);
  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="t" value={token} />
      <FormAlert state={state} />
      {state.status === "success" ? null : (
        <SubmitButton pendingLabel="Unsubscribing…">{`Unsubscribe from ${label}`}</SubmitButton>
      )}
    </form>
  );
}
