"use client";
import { useActionState } from "react";
import { idleState } from "@/lib/authz/action-state";
import { resendVerificationAction } from "@/modules/auth/actions";

export function VerifyEmailBanner({ email }: { email: string }) {
  const [state, action, pending] = useActionState(resendVerificationAction, idleState);
  return (
    <div className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900">
      <form action={action} className="mx-auto flex max-w-6xl flex-wrap items-center gap-2">
        <span>Confirm your e-mail ({email}) with the link we sent you.</span>
        {state.status === "success" ? (
          <span role="status">A new link is on its way.</span>
        ) : (
          <button type="submit" disabled={pending} className="font-medium underline">
            {pending ? "Sending…" : "Send it again"}
          </button>
        )}
      </form>
    </div>
  );
}
