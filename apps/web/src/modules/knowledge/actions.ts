"use server";
// The agent's knowledge page: FAQ entries, gaps, website and text sources, and
// the "try it" search. Rules live in @articulate/knowledge; these authorise
// (reading: any member; changing: ADMIN+), validate and map errors.
import {
  addTextDocument,
  addWebsiteSource,
  answerKnowledgeGap,
  createFaqEntry,
  deleteFaqEntry,
  deleteKnowledgeSource,
  dismissKnowledgeGap,
  getKnowledgeSource,
  KnowledgeInputError,
  KnowledgeNotFoundError,
  listFaqEntries,
  reorderFaqEntries,
  searchKnowledge,
  updateFaqEntry,
} from "@articulate/knowledge";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ActionError, notFoundInTenant, withTenantAction } from "@/lib/authz/action";
import { startWebsiteImport } from "./lib/website-import";

const id = z.string().min(1).max(64);
const agentScoped = z.object({ agentId: id });

async function mapped<R>(slug: string, agentId: string, run: () => Promise<R>): Promise<R> {
  try {
    const r = await run();
    revalidatePath(`/t/${slug}/agents/${agentId}/knowledge`);
    return r;
  } catch (err) {
    throw knowledgeActionError(err);
  }
}

function knowledgeActionError(err: unknown): unknown {
  if (err instanceof KnowledgeNotFoundError) return notFoundInTenant(`That ${err.what}`);
  if (err instanceof KnowledgeInputError) {
    return new ActionError(err.message.replace(`${err.field}: `, ""), { field: err.field, code: 400 });
  }
  return err;
}

/** One alternative phrasing per line in the form. */
const alternativesField = z
  .string()
  .optional()
  .transform((s) =>
    (s ?? "")
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean),
  );
const checkbox = z
  .string()
  .optional()
  .transform((v) => v === "on" || v === "true");

export const createFaqAction = withTenantAction(
  agentScoped.extend({ question: z.string(), alternatives: alternativesField, answer: z.string() }),
  { role: "ADMIN" },
  async (i, { tenant }) =>
    mapped(tenant.slug, i.agentId, () =>
      createFaqEntry(tenant.id, i.agentId, { question: i.question, alternatives: i.alternatives, answer: i.answer }),
    ),
  { successMessage: "Added to the FAQ." },
);

export const updateFaqAction = withTenantAction(
  agentScoped.extend({
    entryId: id,
    question: z.string(),
    alternatives: alternativesField,
    answer: z.string(),
    enabled: checkbox,
  }),
  { role: "ADMIN" },
  async (i, { tenant }) =>
    mapped(tenant.slug, i.agentId, () =>
      updateFaqEntry(tenant.id, i.entryId, {
        question: i.question,
        alternatives: i.alternatives,
        answer: i.answer,
        enabled: i.enabled,
      }),
    ),
  { successMessage: "Saved." },
);

export const deleteFaqAction = withTenantAction(
  agentScoped.extend({ entryId: id }),
  { role: "ADMIN" },
  async (i, { tenant }) => mapped(tenant.slug, i.agentId, () => deleteFaqEntry(tenant.id, i.entryId)),
);

export const moveFaqAction = withTenantAction(
  agentScoped.extend({ entryId: id, direction: z.enum(["up", "down"]) }),
  { role: "ADMIN" },
  async (i, { tenant }) =>
    mapped(tenant.slug, i.agentId, async () => {
      const ids = (await listFaqEntries(tenant.id, i.agentId)).map((e) => e.id);
      const at = ids.indexOf(i.entryId);
      if (at < 0) throw new KnowledgeNotFoundError("faq entry");
      const to = i.direction === "up" ? at - 1 : at + 1;
      if (to < 0 || to >= ids.length) return;
      [ids[at], ids[to]] = [ids[to] as string, ids[at] as string];
      await reorderFaqEntries(tenant.id, i.agentId, ids);
    }),
);

/**
 * Gaps are answered from the agent's knowledge page or the messages inbox (which
 * lists every agent's): the gap names its agent, and both pages are refreshed.
 */
async function gapChange<R extends { agentId: string }>(slug: string, run: () => Promise<R>): Promise<R> {
  try {
    const gap = await run();
    revalidatePath(`/t/${slug}/agents/${gap.agentId}/knowledge`);
    revalidatePath(`/t/${slug}/messages`, "layout");
    revalidatePath(`/t/${slug}/overview`);
    return gap;
  } catch (err) {
    throw knowledgeActionError(err);
  }
}

export const answerGapAction = withTenantAction(
  z.object({ gapId: id, question: z.string(), answer: z.string() }),
  { role: "ADMIN" },
  async (i, { tenant }) => {
    const { gap } = await gapChange(tenant.slug, async () => {
      const r = await answerKnowledgeGap(tenant.id, i.gapId, { question: i.question, answer: i.answer });
      return { ...r, agentId: r.gap.agentId };
    });
    return { id: gap.id, status: gap.status };
  },
  { successMessage: "Answered: your agent uses it from the next call." },
);

export const dismissGapAction = withTenantAction(z.object({ gapId: id }), { role: "ADMIN" }, async (i, { tenant }) => {
  const gap = await gapChange(tenant.slug, () => dismissKnowledgeGap(tenant.id, i.gapId));
  return { id: gap.id, status: gap.status };
});

export const addWebsiteAction = withTenantAction(
  agentScoped.extend({ url: z.string() }),
  { role: "ADMIN" },
  async (i, { tenant }) =>
    mapped(tenant.slug, i.agentId, async () => {
      const source = await addWebsiteSource(tenant.id, i.agentId, { url: i.url });
      startWebsiteImport(tenant.id, source.id);
      return { id: source.id };
    }),
  { successMessage: "Importing: pages appear below as they are read." },
);

export const reimportWebsiteAction = withTenantAction(
  agentScoped.extend({ sourceId: id }),
  { role: "ADMIN" },
  async (i, { tenant }) =>
    mapped(tenant.slug, i.agentId, async () => {
      const source = await getKnowledgeSource(tenant.id, i.sourceId);
      if (source.kind !== "WEBSITE") throw new KnowledgeInputError("sourceId", "Only websites can be re-imported");
      startWebsiteImport(tenant.id, source.id);
    }),
  { successMessage: "Re-import started." },
);

export const deleteSourceAction = withTenantAction(
  agentScoped.extend({ sourceId: id }),
  { role: "ADMIN" },
  async (i, { tenant }) => mapped(tenant.slug, i.agentId, () => deleteKnowledgeSource(tenant.id, i.sourceId)),
);

export const addTextDocumentAction = withTenantAction(
  agentScoped.extend({ title: z.string(), text: z.string() }),
  { role: "ADMIN" },
  async (i, { tenant }) =>
    mapped(tenant.slug, i.agentId, async () => {
      const source = await addTextDocument(tenant.id, i.agentId, { title: i.title, text: i.text });
      return { id: source.id, passages: source.passageCount };
    }),
  { successMessage: "Document added." },
);

/** "Try it": what the agent's lookup returns for a question (nothing is recorded). */
export const tryLookupAction = withTenantAction(
  agentScoped.extend({ question: z.string().trim().min(1, "Type a question").max(500) }),
  { role: "MEMBER" },
  async (i, { tenant }) =>
    mapped(tenant.slug, i.agentId, async () => {
      await listFaqEntries(tenant.id, i.agentId); // another tenant's agent: 404, not an empty answer
      const r = await searchKnowledge(tenant.id, i.agentId, i.question, { timeoutMs: 5000 });
      return { question: i.question, outcome: r.outcome, durationMs: r.durationMs, answers: r.answers };
    }),
);
