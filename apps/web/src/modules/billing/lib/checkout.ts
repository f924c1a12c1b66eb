// Web-side glue to @articulate/billing's Checkout and Portal: typed outcomes the
// pages can show ("Stripe is not configured") instead of exceptions.
import {
  BillingInputError,
  BillingNotConfiguredError,
  createCheckoutSession,
  createPortalSession,
  stripeSettings,
} from "@articulate/billing";
import type { PlanTier, TenantModel } from "@articulate/db";
import { appUrl } from "@/env";
import { ActionError } from "@/lib/authz/action";

export type CheckoutStart = { kind: "redirect"; url: string } | { kind: "not_configured" };

export function stripeConfigured(): boolean {
  return stripeSettings() !== null;
}

function mapBillingError(err: unknown): never {
  if (err instanceof BillingNotConfiguredError)
    throw new ActionError("Payments are not set up on this server (Stripe is not configured).", { code: 409 });
  if (err instanceof BillingInputError)
    throw new ActionError(err.message, { field: err.field === "plan" ? "plan" : undefined, code: 409 });
  throw err;
}

export async function startPlanCheckout(
  tenant: Pick<TenantModel, "id" | "slug">,
  plan: PlanTier,
  actorUserId: string,
): Promise<CheckoutStart> {
  if (!stripeConfigured()) return { kind: "not_configured" };
  try {
    const session = await createCheckoutSession({ tenantId: tenant.id, plan, appUrl: appUrl(), actorUserId });
    return { kind: "redirect", url: session.url };
  } catch (err) {
    mapBillingError(err);
  }
}

export async function startPortal(tenant: Pick<TenantModel, "id">): Promise<string> {
  try {
    return (await createPortalSession({ tenantId: tenant.id, appUrl: appUrl() })).url;
  } catch (err) {
    mapBillingError(err);
  }
}
