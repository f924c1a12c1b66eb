"use client";
import { useActionState } from "react";
import { FormAlert, fieldError, TextField } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState, FormAction } from "@/lib/authz/action-state";
import { resumeTenantAction, suspendTenantAction } from "../actions";
import type { TenantStatusChange } from "../tenant-status";

export function TenantStatusForm({ tenantId, status }: { tenantId: string; status: "ACTIVE" | "SUSPENDED" }) {
  const suspended = status === "SUSPENDED";
  const serverAction: FormAction<TenantStatusChange> = suspended ? resumeTenantAction : suspendTenantAction;
  const [state, action] = useActionState(serverAction, { status: "idle" } as ActionState<TenantStatusChange>);
  return (
    <form action={action} className="space-y-3" aria-label={suspended ? "Resume tenant" : "Suspend tenant"}>
      <input type="hidden" name="tenantId" value={tenantId} />
      <TextField
        name="reason"
        label={suspended ? "Reason for resuming" : "Reason for suspending"}
        required
        error={fieldError(state, "reason")}
        hint="Recorded in the tenant's audit log."
      />
      <FormAlert state={state} />
      <SubmitButton variant={suspended ? "primary" : "danger"} pendingLabel="Saving…">
        {suspended ? "Resume tenant" : "Suspend tenant"}
      </SubmitButton>
    </form>
  );
}
