"use client";
import { useActionState } from "react";
import { InlineStatus } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleState } from "@/lib/authz/action-state";
import { viewTenantReadOnlyAction } from "../actions";

export function ViewReadOnlyForm({ tenantId }: { tenantId: string }) {
  const [state, action] = useActionState(viewTenantReadOnlyAction, idleState);
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="tenantId" value={tenantId} />
      <SubmitButton variant="secondary" pendingLabel="Opening…">
        Open dashboard (read-only)
      </SubmitButton>
      <InlineStatus state={state} />
    </form>
  );
}
