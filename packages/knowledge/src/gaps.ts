// Knowledge gaps: business questions the agent could not answer. Recorded with
// the call (once per open question per agent) and announced as the
// knowledge.gap webhook in the same transaction; the owner answers one (an FAQ
// entry, used from the next lookup) or dismisses it.
import { forTenant, type KnowledgeGapModel as KnowledgeGap } from "@articulate/db";
import { enqueueTenantEvent, knowledgeGapEventData } from "@articulate/webhooks";
import { z } from "zod";
import { KnowledgeNotFoundError } from "./errors";
import { assertTenantAgent, createFaqEntry, type FaqEntryView, faqQuestionKey } from "./faq";
import { parseKnowledgeInput, plainText } from "./input";

export type KnowledgeGapView = Pick<
  KnowledgeGap,
  "id" | "agentId" | "callId" | "question" | "status" | "faqEntryId" | "createdAt" | "resolvedAt"
>;
const VIEW = {
  id: true,
  agentId: true,
  callId: true,
  question: true,
  status: true,
  faqEntryId: true,
  createdAt: true,
  resolvedAt: true,
} as const;

/** Records the gap unless the same question is already open for the agent; returns it either way. */
export async function recordKnowledgeGap(input: {
  tenantId: string;
  agentId: string;
  callId: string | null;
  question: string;
}): Promise<{ gap: KnowledgeGapView; created: boolean }> {
  const question = input.question.trim().slice(0, 500);
  const tdb = forTenant(input.tenantId);
  return tdb.$transaction(async (tx) => {
    const key = faqQuestionKey(question);
    const open = await tx.knowledgeGap.findMany({
      where: { agentId: input.agentId, status: "OPEN" },
      orderBy: { createdAt: "desc" },
      take: 200,
      select: VIEW,
    });
    const same = open.find((g) => faqQuestionKey(g.question) === key);
    if (same) return { gap: same, created: false };
    const gap = await tx.knowledgeGap.create({
      data: { tenantId: input.tenantId, agentId: input.agentId, callId: input.callId, question },
      select: VIEW,
    });
    await enqueueTenantEvent(tx, input.tenantId, "knowledge.gap", knowledgeGapEventData(gap));
    return { gap, created: true };
  });
}

/** The agent's gaps, or (agentId null) the whole business's, as the messages inbox lists them; newest first. */
export async function listKnowledgeGaps(
  tenantId: string,
  agentId: string | null,
  opts: { status?: KnowledgeGap["status"]; limit?: number } = {},
): Promise<KnowledgeGapView[]> {
  if (agentId) await assertTenantAgent(tenantId, agentId);
  return forTenant(tenantId).knowledgeGap.findMany({
    where: { ...(agentId ? { agentId } : {}), status: opts.status ?? "OPEN" },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(opts.limit ?? 100, 500),
    select: VIEW,
  });
}

/** Open gaps per agent (agents with none are absent), for the overview. */
export async function openKnowledgeGapsByAgent(tenantId: string): Promise<{ agentId: string; open: number }[]> {
  const rows = await forTenant(tenantId).knowledgeGap.groupBy({
    by: ["agentId"],
    where: { status: "OPEN" },
    _count: { _all: true },
  });
  return rows.map((r) => ({ agentId: r.agentId, open: r._count._all }));
}

/** Open gaps of the tenant (all agents, or one). */
export async function countOpenKnowledgeGaps(tenantId: string, agentId?: string): Promise<number> {
  return forTenant(tenantId).knowledgeGap.count({ where: { status: "OPEN", ...(agentId ? { agentId } : {}) } });
}

/** An open gap of the tenant (answered or dismissed ones are not found: nothing is left to do). */
async function openGap(tenantId: string, gapId: string) {
  const gap = await forTenant(tenantId).knowledgeGap.findFirst({ where: { id: gapId, status: "OPEN" }, select: VIEW });
  if (!gap) throw new KnowledgeNotFoundError("gap");
  return gap;
}

export const gapAnswerSchema = z.object({ question: plainText(300).optional(), answer: plainText(2000) }).strict();

/**
 * Answers a gap in one step: an FAQ entry (the caller's question, or the owner's
 * rewording) with this answer, and the gap marked ANSWERED. The gap is claimed
 * first, so two answers at once make one entry; if the entry is refused (say, a
 * duplicate question) the gap is open again.
 */
export async function answerKnowledgeGap(
  tenantId: string,
  gapId: string,
  input: z.input<typeof gapAnswerSchema>,
): Promise<{ gap: KnowledgeGapView; entry: FaqEntryView }> {
  const i = parseKnowledgeInput(gapAnswerSchema, input);
  const gap = await openGap(tenantId, gapId);
  const tdb = forTenant(tenantId);
  const claimed = await tdb.knowledgeGap.updateMany({
    where: { id: gap.id, status: "OPEN" },
    data: { status: "ANSWERED", resolvedAt: new Date() },
  });
  if (claimed.count === 0) throw new KnowledgeNotFoundError("gap");
  let entry: FaqEntryView;
  try {
    entry = await createFaqEntry(tenantId, gap.agentId, { question: i.question ?? gap.question, answer: i.answer });
  } catch (err) {
    await tdb.knowledgeGap.updateMany({
      where: { id: gap.id, status: "ANSWERED", faqEntryId: null },
      data: { status: "OPEN", resolvedAt: null },
    });
    throw err;
  }
  const updated = await tdb.knowledgeGap.update({
    where: { id: gap.id, tenantId },
    data: { faqEntryId: entry.id },
    select: VIEW,
  });
  return { gap: updated, entry };
}

export async function dismissKnowledgeGap(tenantId: string, gapId: string): Promise<KnowledgeGapView> {
  const gap = await openGap(tenantId, gapId);
  return forTenant(tenantId).knowledgeGap.update({
    where: { id: gap.id, tenantId },
    data: { status: "DISMISSED", resolvedAt: new Date() },
    select: VIEW,
  });
}
