"use server";
import { Prisma, writeAudit } from "@articulate/db";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { ActionError, notFoundInTenant, withTenantAction } from "@/lib/authz/action";
import { agentFormSchema } from "./lib/agent-form";
import { agentDataFromTemplate } from "./lib/templates";
import { mintTestCallToken } from "./lib/test-call-token";

export const createAgentAction = withTenantAction(
  z.object({ template: z.enum(["RECEPTIONIST", "AFTER_HOURS", "APPOINTMENTS"], { message: "Choose a template" }) }),
  { role: "ADMIN" },
  async ({ template }, { tenant, db, user }) => {
    const agent = await db.agent.create({
      data: { tenantId: tenant.id, ...agentDataFromTemplate(template, tenant.name, tenant.timezone) },
    });
    await writeAudit(db, {
      tenantId: tenant.id,
      actorType: "user",
      actorId: user.id,
      action: "agent.created",
      targetType: "Agent",
      targetId: agent.id,
    });
    redirect(`/t/${tenant.slug}/agents/${agent.id}`);
  },
);

export const updateAgentAction = withTenantAction(
  agentFormSchema,
  { role: "ADMIN" },
  async ({ agentId, data }, { tenant, db, user }) => {
    // updateMany with the tenant-scoped client: another tenant's id matches nothing.
    const res = await db.agent.updateMany({
      where: { id: agentId, archivedAt: null },
      // Always open is stored as SQL NULL (the worker's "no schedule").
      data: { ...data, businessHours: data.businessHours ?? Prisma.DbNull },
    });
    if (res.count === 0) throw notFoundInTenant("Agent");
    await writeAudit(db, {
      tenantId: tenant.id,
      actorType: "user",
      actorId: user.id,
      action: "agent.updated",
      targetType: "Agent",
      targetId: agentId,
    });
    revalidatePath(`/t/${tenant.slug}/agents`);
    return { agentId };
  },
  { successMessage: "Saved. New calls use these settings straight away." },
);

export const archiveAgentAction = withTenantAction(
  z.object({ agentId: z.string().min(1) }),
  { role: "ADMIN" },
  async ({ agentId }, { tenant, db, user }) => {
    const agent = await db.agent.findFirst({
      where: { id: agentId, archivedAt: null },
      select: { id: true, _count: { select: { phoneNumbers: { where: { status: { not: "RELEASED" } } } } } },
    });
    if (!agent) throw notFoundInTenant("Agent");
    if (agent._count.phoneNumbers > 0)
      throw new ActionError("This agent still answers a number. Assign its numbers to another agent first.", {
        code: 409,
      });
    await db.agent.updateMany({ where: { id: agentId }, data: { archivedAt: new Date() } });
    await writeAudit(db, {
      tenantId: tenant.id,
      actorType: "user",
      actorId: user.id,
      action: "agent.archived",
      targetType: "Agent",
      targetId: agentId,
    });
    redirect(`/t/${tenant.slug}/agents`);
  },
);

export const startTestCallAction = withTenantAction(
  z.object({ agentId: z.string().min(1) }),
  { role: "MEMBER" },
  async ({ agentId }, { tenant, db, user }) => {
    const agent = await db.agent.findFirst({ where: { id: agentId, archivedAt: null }, select: { id: true } });
    if (!agent) throw notFoundInTenant("Agent");
    const grant = await mintTestCallToken({
      tenantId: tenant.id,
      agentId: agent.id,
      userId: user.id,
      userName: user.name ?? user.email,
    });
    if (!grant)
      throw new ActionError(
        "Test calls need LiveKit: set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET on the server.",
        { code: 409 },
      );
    return grant;
  },
);
