"use server";
// Billing changes are OWNER-only: Checkout to start or change a plan, Portal to manage payment.
import { redirect } from "next/navigation";
import { z } from "zod";
import { ActionError, withTenantAction } from "@/lib/authz/action";
import { startPlanCheckout, startPortal } from "./lib/checkout";

export const startCheckoutAction = withTenantAction(
  z.object({ plan: z.enum(["STARTER", "PROFESSIONAL"], { message: "Choose Starter or Professional" }) }),
  { role: "OWNER" },
  async ({ plan }, { tenant, user }) => {
    const res = await startPlanCheckout(tenant, plan, user.id);
    if (res.kind === "not_configured")
      throw new ActionError("Payments are not set up on this server (Stripe is not configured).", { code: 409 });
    redirect(res.url);
  },
);

export const openPortalAction = withTenantAction(z.object({}), { role: "OWNER" }, async (_input, { tenant }) => {
  redirect(await startPortal(tenant));
});
