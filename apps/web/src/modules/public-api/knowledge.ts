// /api/v1 knowledge: an agent's FAQ entries and knowledge sources (websites and
// text documents). Rules live in @articulate/knowledge; this maps shapes.
import {
  addTextDocument,
  addWebsiteSource,
  createFaqEntry,
  deleteFaqEntry,
  deleteKnowledgeSource,
  type FaqEntryView,
  faqEntryInputSchema,
  faqEntryUpdateSchema,
  getFaqEntry,
  getKnowledgeSource,
  KnowledgeInputError,
  type KnowledgeSourceView,
  listFaqEntries,
  listKnowledgeSources,
  textDocumentInputSchema,
  updateFaqEntry,
  websiteInputSchema,
} from "@articulate/knowledge";
import { z } from "zod";
import { startWebsiteImport } from "@/modules/knowledge/lib/website-import";
import { apiSchemas } from "./schemas";

const isoTime = z.iso.datetime({ offset: true });
const named = <S extends z.ZodType>(name: string, schema: S): S => {
  apiSchemas.add(schema, { id: name });
  return schema;
};

export const faqEntrySchema = named(
  "FaqEntry",
  z.object({
    id: z.string(),
    agentId: z.string(),
    question: z.string(),
    alternatives: z.array(z.string()).describe("Other ways callers ask the same question"),
    answer: z.string().describe("Plain text; HTML is kept as literal characters, never rendered"),
    enabled: z.boolean(),
    position: z.number().int().describe("Order in the agent's FAQ, 0 first"),
    createdAt: isoTime,
    updatedAt: isoTime,
  }),
);
export const faqEntryListSchema = named("FaqEntryList", z.object({ data: z.array(faqEntrySchema) }));
export const faqEntryCreateSchema = named("FaqEntryCreate", faqEntryInputSchema);
export const faqEntryPatchSchema = named("FaqEntryUpdate", faqEntryUpdateSchema);

export const knowledgeSourceSchema = named(
  "KnowledgeSource",
  z.object({
    id: z.string(),
    agentId: z.string(),
    type: z.enum(["website", "text"]),
    title: z.string(),
    url: z.string().nullable(),
    status: z.enum(["PENDING", "RUNNING", "SUCCEEDED", "FAILED"]),
    error: z.string().nullable().describe("Why the latest import failed as a whole"),
    progress: z
      .object({
        found: z.number().int(),
        fetched: z.number().int(),
        skipped: z.array(z.object({ url: z.string(), reason: z.string() })),
        notes: z.array(z.object({ url: z.string(), note: z.string() })),
        passages: z.number().int(),
      })
      .nullable(),
    passageCount: z.number().int(),
    lastImportedAt: isoTime.nullable(),
    createdAt: isoTime,
  }),
);
export const knowledgeSourceListSchema = named(
  "KnowledgeSourceList",
  z.object({ data: z.array(knowledgeSourceSchema) }),
);
export const knowledgeSourceCreateSchema = named(
  "KnowledgeSourceCreate",
  z.discriminatedUnion("type", [
    websiteInputSchema.extend({ type: z.literal("website") }),
    textDocumentInputSchema.extend({ type: z.literal("text") }),
  ]),
);

function toApiFaq(e: FaqEntryView): z.infer<typeof faqEntrySchema> {
  return {
    id: e.id,
    agentId: e.agentId,
    question: e.question,
    alternatives: e.alternatives,
    answer: e.answer,
    enabled: e.enabled,
    position: e.position,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

function toApiSource(s: KnowledgeSourceView): z.infer<typeof knowledgeSourceSchema> {
  return {
    id: s.id,
    agentId: s.agentId,
    type: s.kind === "WEBSITE" ? "website" : "text",
    title: s.title,
    url: s.url,
    status: s.status,
    error: s.error,
    progress: s.progress,
    passageCount: s.passageCount,
    lastImportedAt: s.lastImportedAt?.toISOString() ?? null,
    createdAt: s.createdAt.toISOString(),
  };
}

export async function listFaqForApi(tenantId: string, agentId: string) {
  return { data: (await listFaqEntries(tenantId, agentId)).map(toApiFaq) };
}
export async function createFaqForApi(tenantId: string, agentId: string, input: z.output<typeof faqEntryCreateSchema>) {
  return toApiFaq(await createFaqEntry(tenantId, agentId, input));
}
export async function getFaqForApi(tenantId: string, entryId: string) {
  return toApiFaq(await getFaqEntry(tenantId, entryId));
}
export { deleteFaqEntry as deleteFaqForApi, deleteKnowledgeSource as deleteSourceForApi };
export async function updateFaqForApi(tenantId: string, entryId: string, input: z.output<typeof faqEntryPatchSchema>) {
  return toApiFaq(await updateFaqEntry(tenantId, entryId, input));
}

export async function listSourcesForApi(tenantId: string, agentId: string) {
  return { data: (await listKnowledgeSources(tenantId, agentId)).map(toApiSource) };
}
export async function getSourceForApi(tenantId: string, sourceId: string) {
  return toApiSource(await getKnowledgeSource(tenantId, sourceId));
}
/** A website starts importing in the background; a text document is split at once. */
export async function createSourceForApi(
  tenantId: string,
  agentId: string,
  input: z.output<typeof knowledgeSourceCreateSchema>,
) {
  if (input.type === "text") {
    return toApiSource(await addTextDocument(tenantId, agentId, { title: input.title, text: input.text }));
  }
  const source = await addWebsiteSource(tenantId, agentId, { url: input.url });
  startWebsiteImport(tenantId, source.id);
  return toApiSource(source);
}
export async function reimportSourceForApi(tenantId: string, sourceId: string) {
  const source = await getKnowledgeSource(tenantId, sourceId);
  if (source.kind !== "WEBSITE") {
    throw new KnowledgeInputError("id", "Only website sources can be re-imported");
  }
  startWebsiteImport(tenantId, source.id);
  return toApiSource(source);
}
