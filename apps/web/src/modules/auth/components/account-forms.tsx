"use client";
// Account settings: change the password (ends every other session) and connect
// Google/GitHub to this account for sign-in.
import { useActionState } from "react";
import { FormAlert, fieldError, TextField } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleState } from "@/lib/authz/action-state";
import { changePasswordAction, connectProviderAction } from "../actions";

export function ChangePasswordForm() {
  const [state, action] = useActionState(changePasswordAction, idleState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormAlert state={state} />
      <TextField
        name="current"
        type="password"
        label="Current password"
        autoComplete="current-password"
        required
        error={fieldError(state, "current")}
      />
      <TextField
        name="password"
        type="password"
        label="New password"
        autoComplete="new-password"
        required
        hint="At least 10 characters. You stay signed in here; every other device is signed out."
        error={fieldError(state, "password")}
      />
      <TextField
        name="confirm"
        type="password"
        label="Confirm new password"
        autoComplete="new-password"
        required
        error={fieldError(state, "confirm")}
      />
      <SubmitButton pendingLabel="Changing…">Change password</SubmitButton>
    </form>
  );
}

export function ConnectProviderForm({ provider, name }: { provider: string; name: string }) {
  const [state, action] = useActionState(connectProviderAction, idleState);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="provider" value={provider} />
      <FormAlert state={state} />
      <SubmitButton variant="secondary" pendingLabel="Opening…">
        Connect {name}
      </SubmitButton>
    </form>
  );
}
