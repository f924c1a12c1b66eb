// Why calls are paused, in the owner's words: a failed payment (fixable on the
// Billing page) or a suspension by the platform (with the admin's reason).
import { BILLING_SUSPENSION_REASON } from "@articulate/billing";
import type { Role } from "@articulate/db";
import Link from "next/link";

export function suspendedForPayment(tenant: { suspendedReason: string | null }): boolean {
  return tenant.suspendedReason === BILLING_SUSPENSION_REASON;
}

export function SuspensionBanner({
  tenant,
  role,
  slug,
}: {
  tenant: { suspendedReason: string | null };
  role: Role;
  slug: string;
}) {
  return (
    <div role="alert" className="border-b border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900">
      <div className="mx-auto max-w-6xl">
        {suspendedForPayment(tenant) ? (
          <>
            <strong>Calls are paused because a payment failed.</strong> Callers hear a short message and the call ends;
            those calls are not billed.{" "}
            {role === "OWNER" ? (
              <>
                <Link className="font-medium underline" href={`/t/${slug}/billing`}>
                  Update your payment method on the Billing page
                </Link>
                ; calls resume as soon as the payment succeeds.
              </>
            ) : (
              "Ask the account owner to update the payment method on the Billing page; calls resume as soon as the payment succeeds."
            )}
          </>
        ) : (
          <>
            <strong>Calls are paused: Articulate has suspended this account.</strong>
            {tenant.suspendedReason ? ` Reason: ${tenant.suspendedReason}.` : ""} Callers hear a short message and the
            call ends; those calls are not billed. Contact Articulate support to have it resumed.
          </>
        )}
      </div>
    </div>
  );
}
