// FAQ entries of an agent: a question (with other phrasings) and a plain-text
// answer, ordered and enabled by the owner. One question per agent: a
// duplicate (ignoring case, spacing and punctuation) is a field error.
import { type FaqEntryModel as FaqEntry, forTenant, Prisma } from "@articulate/db";
import { z } from "zod";
import { KnowledgeInputError, KnowledgeNotFoundError } from "./errors";
import { parseKnowledgeInput, plainText } from "./input";

export const faqEntryInputSchema = z
  .object({
    question: plainText(300),
    alternatives: z.array(plainText(300)).max(10).default([]),
    answer: plainText(2000),
    enabled: z.boolean().default(true),
  })
  .strict();
export type FaqEntryInput = z.input<typeof faqEntryInputSchema>;

export const faqEntryUpdateSchema = z
  .object({
    question: plainText(300).optional(),
    alternatives: z.array(plainText(300)).max(10).optional(),
    answer: plainText(2000).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type FaqEntryUpdate = z.input<typeof faqEntryUpdateSchema>;

export type FaqEntryView = Pick<
  FaqEntry,
  "id" | "agentId" | "question" | "alternatives" | "answer" | "enabled" | "position" | "createdAt" | "updatedAt"
>;

const VIEW = {
  id: true,
  agentId: true,
  question: true,
  alternatives: true,
  answer: true,
  enabled: true,
  position: true,
  createdAt: true,
  updatedAt: true,
} as const;

/** The question as compared for duplicates: case, spacing and punctuation folded. */
export function faqQuestionKey(question: string): string {
  return question
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

const DUPLICATE = "An FAQ entry with this question already exists for this agent";

/** Throws KnowledgeNotFoundError unless the agent is the tenant's own. */
export async function assertTenantAgent(tenantId: string, agentId: string): Promise<void> {
  if (typeof agentId !== "string" || agentId.length === 0 || agentId.length > 64) {
    throw new KnowledgeNotFoundError("agent");
  }
  const agent = await forTenant(tenantId).agent.findFirst({ where: { id: agentId }, select: { id: true } });
  if (!agent) throw new KnowledgeNotFoundError("agent");
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}

async function assertQuestionFree(tenantId: string, agentId: string, key: string, exceptId?: string) {
  const clash = await forTenant(tenantId).faqEntry.findFirst({
    where: { agentId, questionKey: key, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  if (clash) throw new KnowledgeInputError("question", DUPLICATE);
}

export async function listFaqEntries(tenantId: string, agentId: string): Promise<FaqEntryView[]> {
  await assertTenantAgent(tenantId, agentId);
  return forTenant(tenantId).faqEntry.findMany({
    where: { agentId },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    select: VIEW,
  });
}

export async function getFaqEntry(tenantId: string, entryId: string): Promise<FaqEntryView> {
  const entry = await forTenant(tenantId).faqEntry.findFirst({ where: { id: entryId }, select: VIEW });
  if (!entry) throw new KnowledgeNotFoundError("faq entry");
  return entry;
}

export async function createFaqEntry(tenantId: string, agentId: string, input: FaqEntryInput): Promise<FaqEntryView> {
  const i = parseKnowledgeInput(faqEntryInputSchema, input);
  await assertTenantAgent(tenantId, agentId);
  const key = faqQuestionKey(i.question);
  if (!key) throw new KnowledgeInputError("question", "The question needs at least one word");
  await assertQuestionFree(tenantId, agentId, key);
  const tdb = forTenant(tenantId);
  try {
    const last = await tdb.faqEntry.findFirst({
      where: { agentId },
      orderBy: { position: "desc" },
      select: { position: true },
    });
    return await tdb.faqEntry.create({
      data: {
        tenantId,
        agentId,
        question: i.question,
        alternatives: i.alternatives,
        answer: i.answer,
        enabled: i.enabled,
        questionKey: key,
        position: (last?.position ?? -1) + 1,
      },
      select: VIEW,
    });
  } catch (err) {
    // Two saves of the same question at once: the unique index decides.
    if (isUniqueViolation(err)) throw new KnowledgeInputError("question", DUPLICATE);
    throw err;
  }
}

export async function updateFaqEntry(tenantId: string, entryId: string, input: FaqEntryUpdate): Promise<FaqEntryView> {
  const i = parseKnowledgeInput(faqEntryUpdateSchema, input);
  const current = await getFaqEntry(tenantId, entryId);
  const data: Prisma.FaqEntryUpdateManyMutationInput = {
    alternatives: i.alternatives,
    answer: i.answer,
    enabled: i.enabled,
  };
  if (i.question !== undefined) {
    const key = faqQuestionKey(i.question);
    if (!key) throw new KnowledgeInputError("question", "The question needs at least one word");
    await assertQuestionFree(tenantId, current.agentId, key, entryId);
    data.question = i.question;
    data.questionKey = key;
  }
  try {
    return await forTenant(tenantId).faqEntry.update({ where: { id: entryId, tenantId }, data, select: VIEW });
  } catch (err) {
    if (isUniqueViolation(err)) throw new KnowledgeInputError("question", DUPLICATE);
    throw err;
  }
}

export async function deleteFaqEntry(tenantId: string, entryId: string): Promise<void> {
  const { count } = await forTenant(tenantId).faqEntry.deleteMany({ where: { id: entryId } });
  if (count === 0) throw new KnowledgeNotFoundError("faq entry");
}

/** Puts the agent's entries in this order; `ids` must name each of them exactly once. */
export async function reorderFaqEntries(tenantId: string, agentId: string, ids: readonly string[]): Promise<void> {
  const parsed = z.array(z.string().min(1).max(64)).max(1000).safeParse(ids);
  if (!parsed.success) throw new KnowledgeInputError("ids", "must be a list of FAQ entry ids");
  await assertTenantAgent(tenantId, agentId);
  const tdb = forTenant(tenantId);
  const existing = await tdb.faqEntry.findMany({ where: { agentId }, select: { id: true } });
  const want = new Set(parsed.data);
  if (want.size !== parsed.data.length || want.size !== existing.length || existing.some((e) => !want.has(e.id))) {
    throw new KnowledgeInputError("ids", "must list every FAQ entry of this agent exactly once");
  }
  await tdb.$transaction(
    parsed.data.map((id, position) => tdb.faqEntry.updateMany({ where: { id, agentId }, data: { position } })),
  );
}
