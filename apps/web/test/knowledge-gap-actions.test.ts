// Answering and dismissing unanswered questions from the messages inbox (which
// lists every agent's), through the real authorising wrapper: the gap names its
// agent, an answer becomes that agent's FAQ entry, members may not change
// knowledge, and another tenant's gap is not found.
import crypto from "node:crypto";
import { forTenant, platformDb } from "@articulate/db";
import { listFaqEntries, listKnowledgeGaps, recordKnowledgeGap } from "@articulate/knowledge";
import { describe, expect, it, vi } from "vitest";

const session = vi.hoisted(() => ({
  user: null as null | {
    id: string;
    email: string;
    name: string | null;
    emailVerified: Date | null;
    isPlatformAdmin: boolean;
  },
}));
vi.mock("@/lib/authz/session", () => ({ getSessionUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { answerGapAction, dismissGapAction } = await import("@/modules/knowledge/actions");
const { showsMessages, showsQuestions, parseMessageFilters } = await import("@/modules/messages/lib/filters");
const { createApiTenant } = await import("./api-fixtures");
const idle = { status: "idle" } as const;

async function member(tenantId: string, role: "OWNER" | "ADMIN" | "MEMBER") {
  const u = await platformDb().user.create({
    data: { email: `${role.toLowerCase()}-${crypto.randomBytes(4).toString("hex")}@test.local` },
  });
  await platformDb().membership.create({ data: { tenantId, userId: u.id, role } });
  return { id: u.id, email: u.email, name: null, emailVerified: null, isPlatformAdmin: false };
}

describe("unanswered questions in the inbox", () => {
  it("answers a second agent's gap as that agent's FAQ entry; members refused; other tenants' gaps not found", async () => {
    const a = await createApiTenant("gap-inbox-a");
    const b = await createApiTenant("gap-inbox-b");
    const second = await forTenant(a.tenant.id).agent.create({
      data: { tenantId: a.tenant.id, name: "After hours", greeting: "Hi", instructions: "" },
    });
    const { gap } = await recordKnowledgeGap({
      tenantId: a.tenant.id,
      agentId: second.id,
      callId: null,
      question: "Do you take HCF?",
    });
    const { gap: other } = await recordKnowledgeGap({
      tenantId: b.tenant.id,
      agentId: b.agent.id,
      callId: null,
      question: "Is there parking?",
    });
    expect((await listKnowledgeGaps(a.tenant.id, null)).map((g) => g.id)).toEqual([gap.id]);

    session.user = await member(a.tenant.id, "MEMBER");
    const form = { slug: a.tenant.slug, gapId: gap.id, question: "Do you take HCF?", answer: "Yes, with HICAPS." };
    expect(await answerGapAction(idle, form)).toMatchObject({ status: "error", code: 403 });

    session.user = await member(a.tenant.id, "ADMIN");
    expect(await answerGapAction(idle, { ...form, answer: "" })).toMatchObject({
      status: "error",
      code: 400,
      fieldErrors: { answer: expect.any(String) },
    });
    expect(await answerGapAction(idle, { ...form, gapId: other.id })).toMatchObject({ status: "error", code: 404 });
    expect(await dismissGapAction(idle, { slug: a.tenant.slug, gapId: other.id })).toMatchObject({
      status: "error",
      code: 404,
    });
    expect((await listKnowledgeGaps(b.tenant.id, null)).map((g) => g.id)).toEqual([other.id]);

    expect(await answerGapAction(idle, form)).toMatchObject({ status: "success", data: { status: "ANSWERED" } });
    expect(await listFaqEntries(a.tenant.id, second.id)).toMatchObject([
      { question: "Do you take HCF?", answer: "Yes, with HICAPS." },
    ]);
    expect(await listFaqEntries(a.tenant.id, a.agent.id)).toEqual([]);
    expect(await listKnowledgeGaps(a.tenant.id, null)).toEqual([]);
    // Answered already: no longer open, so a second answer finds nothing to answer.
    expect(await answerGapAction(idle, { ...form, question: "HCF?" })).toMatchObject({ status: "error", code: 404 });

    const { gap: later } = await recordKnowledgeGap({
      tenantId: a.tenant.id,
      agentId: a.agent.id,
      callId: null,
      question: "Do you do Invisalign?",
    });
    expect(await dismissGapAction(idle, { slug: a.tenant.slug, gapId: later.id })).toMatchObject({
      status: "success",
      data: { status: "DISMISSED" },
    });
    expect(await listKnowledgeGaps(a.tenant.id, null)).toEqual([]);
    session.user = null;
  });

  it("questions show in the default open view or on their own, not beside filtered messages", () => {
    const view = (q: Record<string, string>) => {
      const { filters } = parseMessageFilters(q);
      return [showsMessages(filters), showsQuestions(filters)];
    };
    expect(view({})).toEqual([true, true]);
    expect(view({ show: "questions" })).toEqual([false, true]);
    expect(view({ show: "messages" })).toEqual([true, false]);
    expect(view({ state: "DONE" })).toEqual([true, false]);
    expect(view({ urgency: "URGENT" })).toEqual([true, false]);
    expect(view({ from: "2026-01-01" })).toEqual([true, false]);
    expect(view({ show: "everything" })).toEqual([true, true]); // a bad value is reported and ignored
  });
});
