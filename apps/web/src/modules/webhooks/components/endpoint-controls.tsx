"use client";
import { useActionState } from "react";
import { ConfirmForm } from "@/components/ui/confirm-form";
import { SubmitButton } from "@/components/ui/submit-button";
import { type ActionState, idleState } from "@/lib/authz/action-state";
import { deleteWebhookEndpointAction, replayWebhookDeliveryAction, rotateWebhookSecretAction, setWebhookEndpointEnabledAction } from "../actions";
import { SecretOnce } from "./create-endpoint-form";

function Status({ state }: { state: ActionState<unknown> }) {
  if (state.status === "error") return <span role="alert" className="text-xs text-red-700">{state.message}</span>;
  if (state.status === "success" && state.message) return <span role="status" className="text-xs text-emerald-700">{state.message}</span>;
  return null;
}

export function EndpointControls({ slug, endpointId, enabled }: { slug: string; endpointId: string; enabled: boolean }) {
  const [toggleState, toggle] = useActionState(setWebhookEndpointEnabledAction, idleState);
  const [rotateState, rotate] = useActionState(rotateWebhookSecretAction, idleState);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <form action={toggle}>
        <input type="hidden" name="slug" value={slug} />
        <input type="hidden" name="endpointId" value={endpointId} />
        <input type="hidden" name="enabled" value={enabled ? "false" : "true"} />
        <SubmitButton variant="secondary">{enabled ? "Disable" : "Re-enable"}</SubmitButton>
      </form>
      <form action={rotate}>
        <input type="hidden" name="slug" value={slug} />
        <input type="hidden" name="endpointId" value={endpointId} />
        <SubmitButton variant="secondary" pendingLabel="Rotating…">
          Rotate secret
        </SubmitButton>
      </form>
      <ConfirmForm
        action={deleteWebhookEndpointAction}
        hidden={{ slug, endpointId }}
        trigger="Delete"
        title="Delete this endpoint?"
        body="Its delivery log goes with it. Events stop being sent to this URL immediately."
        confirmLabel="Delete endpoint"
      />
      <Status state={toggleState} />
      {rotateState.status === "success" ? <SecretOnce secret={rotateState.data.secret} what="the new signing secret (the old one stops working now)" /> : <Status state={rotateState} />}
    </div>
  );
}

export function ReplayButton({ slug, deliveryId }: { slug: string; deliveryId: string }) {
  const [state, replay] = useActionState(replayWebhookDeliveryAction, idleState);
  return (
    <form action={replay} className="inline-flex items-center gap-2">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="deliveryId" value={deliveryId} />
      <SubmitButton variant="ghost" pendingLabel="Queuing…">
        Replay
      </SubmitButton>
      <Status state={state} />
    </form>
  );
}
