"use server";
// One-click unsubscribe from an e-mail link: the signed token names the member,
// business and topic; no session is needed. A POST (the button), so mail
// scanners that open links do not unsubscribe anyone.
import { applyUnsubscribe, topicLabel } from "@articulate/notifications";
import { env } from "@/env";
import type { ActionState } from "@/lib/authz/action-state";

export async function unsubscribeAction(_prev: ActionState<null>, input: FormData): Promise<ActionState<null>> {
  const token = String(input.get("t") ?? "");
  const r = await applyUnsubscribe(env().AUTH_SECRET, token);
  if (!r.ok)
    return {
      status: "error",
      code: 400,
      message: "This unsubscribe link is not valid (or you are no longer a member).",
    };
  return {
    status: "success",
    data: null,
    message: `You will no longer receive ${topicLabel(r.topic)} from ${r.tenantName}.`,
  };
}
