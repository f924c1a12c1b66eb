"use client";
import { useActionState } from "react";
import { InlineStatus } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleState } from "@/lib/authz/action-state";
import { retryDeadJobAction } from "../actions";

export function RetryJobButton({ queue, jobId }: { queue: string; jobId: string }) {
  const [state, action] = useActionState(retryDeadJobAction, idleState);
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="queue" value={queue} />
      <input type="hidden" name="jobId" value={jobId} />
      <SubmitButton variant="secondary" pendingLabel="Retrying…">
        Retry
      </SubmitButton>
      <InlineStatus state={state} />
    </form>
  );
}
