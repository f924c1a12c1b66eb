// Demo data: a tenant with an owner, a platform admin, one AU number and one agent.
// (Calls, transcripts, messages and usage are added by seedDemoCalls.)
import { hashPassword } from "../passwords";
import { platformDb } from "../client";

export const DEMO_OWNER = { email: "owner@demo.articulate.local", password: "demo-owner-pass" };
export const DEMO_ADMIN = { email: "admin@articulate.local", password: "demo-admin-pass" };

export async function seedDemo(): Promise<{ tenantId: string; summary: string }> {
  const db = platformDb();
  const owner = await db.user.upsert({
    where: { email: DEMO_OWNER.email },
    update: {},
    create: { email: DEMO_OWNER.email, name: "Dana Owner", emailVerified: new Date(), passwordHash: await hashPassword(DEMO_OWNER.password) },
  });
  await db.user.upsert({
    where: { email: DEMO_ADMIN.email },
    update: { isPlatformAdmin: true },
    create: { email: DEMO_ADMIN.email, name: "Platform Admin", emailVerified: new Date(), isPlatformAdmin: true, passwordHash: await hashPassword(DEMO_ADMIN.password) },
  });
  const tenant = await db.tenant.upsert({
    where: { slug: "harbour-dental" },
    update: {},
    create: { slug: "harbour-dental", name: "Harbour Dental", timezone: "Australia/Sydney", plan: "STARTER" },
  });
  await db.membership.upsert({
    where: { tenantId_userId: { tenantId: tenant.id, userId: owner.id } },
    update: {},
    create: { tenantId: tenant.id, userId: owner.id, role: "OWNER" },
  });
  const summary = [
    "[seed] demo tenant: Harbour Dental (/t/harbour-dental)",
    `[seed] owner login:  ${DEMO_OWNER.email} / ${DEMO_OWNER.password}`,
    `[seed] admin login:  ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}`,
  ].join("\n");
  return { tenantId: tenant.id, summary };
}
