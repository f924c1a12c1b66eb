// Test tenants for @articulate/calls: unique slugs, real rows.
import crypto from "node:crypto";
import { platformDb } from "@articulate/db";

export async function createTenantWithAgent(label: string) {
  const suffix = crypto.randomBytes(5).toString("hex");
  const tenant = await platformDb().tenant.create({ data: { slug: `${label}-${suffix}`, name: `${label} ${suffix}` } });
  const agent = await platformDb().agent.create({
    data: { tenantId: tenant.id, name: "Reception", greeting: "Hello", instructions: "Be helpful." },
  });
  return { tenant, agent, suffix };
}

export function roomName(prefix = "call"): string {
  return `${prefix}_+61400000000_${crypto.randomBytes(6).toString("hex")}`;
}
