import crypto from "node:crypto";
import { platformDb } from "@articulate/db";

/** A tenant with one agent; `label` keeps test data readable. */
export async function createTenantWithAgent(label: string) {
  const suffix = crypto.randomBytes(4).toString("hex");
  const tenant = await platformDb().tenant.create({ data: { slug: `${label}-${suffix}`, name: `${label} ${suffix}` } });
  const agent = await platformDb().agent.create({
    data: { tenantId: tenant.id, name: "Ava", greeting: "Hello", instructions: "Be kind." },
  });
  return { tenantId: tenant.id, agentId: agent.id };
}
