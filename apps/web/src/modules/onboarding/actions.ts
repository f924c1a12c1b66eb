"use server";
// Create a business: tenant + OWNER membership + a ready-to-use receptionist
// agent, in one transaction; then Stripe Checkout for a paid plan when Stripe
// is configured, else the clearly labelled free trial.
import { db, writeAudit } from "@articulate/db";
import { redirect, unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { withUserAction } from "@/lib/authz/action";
import { webLogger } from "@/lib/log";
import { COUNTRIES, isValidTimezone } from "@/lib/timezones";
import { agentDataFromTemplate } from "@/modules/agents/lib/templates";
import { startPlanCheckout } from "@/modules/billing/lib/checkout";
import { uniqueTenantSlug } from "./lib/slug";

const createBusinessSchema = z.object({
  name: z
    .string()
    .trim()
    .min(2, "Enter your business name (at least 2 characters)")
    .max(80, "Use at most 80 characters"),
  country: z.enum(COUNTRIES.map((c) => c.value) as [string, ...string[]], { message: "Choose a country" }),
  timezone: z.string().refine(isValidTimezone, "Choose a valid timezone"),
  plan: z.enum(["TRIAL", "STARTER", "PROFESSIONAL"], { message: "Choose a plan" }),
});

export const createBusinessAction = withUserAction(createBusinessSchema, async (input, user) => {
  const slug = await uniqueTenantSlug(input.name);
  const tenant = await db().$transaction(async (tx) => {
    const t = await tx.tenant.create({
      data: { slug, name: input.name, country: input.country, timezone: input.timezone, plan: "TRIAL" },
    });
    await tx.membership.create({ data: { tenantId: t.id, userId: user.id, role: "OWNER" } });
    await tx.agent.create({
      data: { tenantId: t.id, ...agentDataFromTemplate("RECEPTIONIST", input.name, input.timezone) },
    });
    await writeAudit(tx, {
      tenantId: t.id,
      actorType: "user",
      actorId: user.id,
      action: "tenant.created",
      targetType: "Tenant",
      targetId: t.id,
      data: { plan: input.plan },
    });
    return t;
  });
  if (input.plan !== "TRIAL") {
    // The business exists now: whatever Checkout does, never send the user back to
    // this form (a second submit would create a second business).
    let checkoutUrl: string | null = null;
    try {
      const checkout = await startPlanCheckout(tenant, input.plan, user.id);
      checkoutUrl = checkout.kind === "redirect" ? checkout.url : null;
    } catch (err) {
      unstable_rethrow(err);
      webLogger().error({ tenantId: tenant.id, err }, "onboarding: checkout could not start");
      redirect(`/t/${tenant.slug}/billing?checkout=unavailable`);
    }
    redirect(checkoutUrl ?? `/t/${tenant.slug}/overview?welcome=trial&stripe=off`);
  }
  redirect(`/t/${tenant.slug}/overview?welcome=trial`);
});
