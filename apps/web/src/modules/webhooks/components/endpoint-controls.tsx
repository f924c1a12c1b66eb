"use client";
import { useActionState } from "react";
import { ConfirmForm } from "@/components/ui/confirm-form";
import { InlineStatus } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleState } from "@/lib/authz/action-state";
import {
  deleteWebhookEndpointAction,
  replayWebhookDeliveryAction,
  rotateWebhookSecretAction,
  setWebhookEndpointEnabledAction,
} from "../actions";
import { SecretOnce } from "./create-endpoint-form";

export function EndpointControls({
  slug,
  endpointId,
  enabled,
}: {
  slug: string;
  endpointId: string;
  enabled: boolean;
}) {
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
      <InlineStatus state={toggleState} />
      {rotateState.status === "success" ? (
        <SecretOnce secret={rotateState.data.secret} what="the new signing secret (the old one stops working now)" />
      ) : (
        <InlineStatus state={rotateState} />
      )}
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
      <InlineStatus state={state} />
    </form>
  );
}
