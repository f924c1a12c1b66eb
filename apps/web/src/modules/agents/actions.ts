"use server";
import { InputError } from "@articulate/core";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { modelProvider, recordingStorage } from "@/env";
import { ActionError, notFoundInTenant, withTenantAction } from "@/lib/authz/action";
import { agentFormSchema, inFormTerms } from "./lib/agent-form";
import { archiveAgent, createAgent, updateAgent } from "./lib/agents";
import { SUPPORTED_MODELS } from "./lib/models";
import { mintTestCallToken } from "./lib/test-call-token";
import { endTextChat, sendTextChatMessage, startTextChat } from "./lib/text-chat";

const actorOf = (user: { id: string }) => ({ actorType: "user" as const, actorId: user.id });

export const createAgentAction = withTenantAction(
  z.object({ template: z.enum(["RECEPTIONIST", "AFTER_HOURS", "APPOINTMENTS"], { message: "Choose a template" }) }),
  { role: "ADMIN" },
  async ({ template }, { tenant, db, user }) => {
    const agent = await createAgent({ db, tenantId: tenant.id, actor: actorOf(user) }, tenant, { template });
    redirect(`/t/${tenant.slug}/agents/${agent.id}`);
  },
);

export const updateAgentAction = withTenantAction(
  agentFormSchema,
  { role: "ADMIN" },
  async ({ agentId, settings }, { tenant, db, user }) => {
    if (settings.recordingEnabled && !recordingStorage()) {
      throw new ActionError("Call recording isn't available on this server yet.", { field: "recordingEnabled" });
    }
    // "Custom…" models are for operators: an owner picks from the supported list, or keeps the model the agent
    // already has (an operator may have set one outside the list). The API stays shape-only (agents.ts).
    if (!user.isPlatformAdmin) {
      const current = await db.agent.findFirst({
        where: { id: agentId },
        select: { sttModel: true, llmModel: true, ttsModel: true },
      });
      if (!current) throw notFoundInTenant("That agent");
      for (const field of ["sttModel", "llmModel", "ttsModel"] as const) {
        const value = settings[field];
        if (value !== current[field] && !SUPPORTED_MODELS[field].some((o) => o.value === value)) {
          throw new ActionError("Choose a model from the list.", { field });
        }
      }
    }
    try {
      await updateAgent({ db, tenantId: tenant.id, actor: actorOf(user) }, agentId, settings);
    } catch (err) {
      throw err instanceof InputError ? inFormTerms(err) : err;
    }
    revalidatePath(`/t/${tenant.slug}/agents`);
    return { agentId };
  },
  { successMessage: "Saved. New calls use these settings straight away." },
);

export const archiveAgentAction = withTenantAction(
  z.object({ agentId: z.string().min(1) }),
  { role: "ADMIN" },
  async ({ agentId }, { tenant, db, user }) => {
    await archiveAgent({ db, tenantId: tenant.id, actor: actorOf(user) }, agentId);
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
        "Voice test calls aren't available on this installation yet: its calling service is not connected.",
        { code: 409 },
      );
    return grant;
  },
);

// "Talk to your agent" (text): each action answers with the whole chat (lib/text-chat.ts).
export const startTextChatAction = withTenantAction(
  z.object({
    agentId: z.string().min(1),
    // The number the owner pretends to call from (empty, or an Australian number: checked by startTextChat).
    callerNumber: z.string().trim().max(32).optional(),
  }),
  { role: "MEMBER" },
  async ({ agentId, callerNumber }, { tenant }) =>
    startTextChat(tenant.id, agentId, { provider: modelProvider() }, { callerNumber: callerNumber || null }),
);

export const sendTextChatAction = withTenantAction(
  z.object({
    callId: z.string().min(1),
    text: z.string().trim().min(1, { message: "Type a message first" }).max(2000),
  }),
  { role: "MEMBER" },
  async ({ callId, text }, { tenant }) => sendTextChatMessage(tenant.id, callId, text, { provider: modelProvider() }),
);

export const endTextChatAction = withTenantAction(
  z.object({ callId: z.string().min(1) }),
  { role: "MEMBER" },
  async ({ callId }, { tenant }) => endTextChat(tenant.id, callId),
);
