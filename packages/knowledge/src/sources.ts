// Knowledge sources of an agent: imported websites and text documents, each
// with its passages. Replacing a source's passages is one transaction, so a
// lookup sees either the old passages or the new ones, never half.
import { textProblem } from "@articulate/core";
import { forTenant, type KnowledgeSourceModel as KnowledgeSource } from "@articulate/db";
import { z } from "zod";
import { KnowledgeInputError, KnowledgeNotFoundError } from "./errors";
import { assertTenantAgent } from "./faq";
import { parseKnowledgeInput, plainText } from "./input";
import { type PassageDraft, splitIntoPassages, textDocumentBlocks } from "./passages";

export interface ImportProgress {
  found: number;
  fetched: number;
  skipped: { url: string; reason: string }[];
  /** Pages kept but cut off at the size limit, and similar notes. */
  notes: { url: string; note: string }[];
  passages: number;
}

export type KnowledgeSourceView = Pick<
  KnowledgeSource,
  "id" | "agentId" | "kind" | "title" | "url" | "status" | "error" | "lastImportedAt" | "createdAt"
> & { progress: ImportProgress | null; passageCount: number };

const SOURCE_VIEW = {
  id: true,
  agentId: true,
  kind: true,
  title: true,
  url: true,
  status: true,
  error: true,
  progress: true,
  lastImportedAt: true,
  createdAt: true,
  _count: { select: { passages: true } },
} as const;

type SourceRow = Omit<KnowledgeSourceView, "progress" | "passageCount"> & {
  progress: unknown;
  _count: { passages: number };
};
function toView({ _count, progress, ...rest }: SourceRow): KnowledgeSourceView {
  return { ...rest, progress: (progress as ImportProgress | null) ?? null, passageCount: _count.passages };
}

export async function listKnowledgeSources(tenantId: string, agentId: string): Promise<KnowledgeSourceView[]> {
  await assertTenantAgent(tenantId, agentId);
  const rows = await forTenant(tenantId).knowledgeSource.findMany({
    where: { agentId },
    orderBy: { createdAt: "asc" },
    select: SOURCE_VIEW,
  });
  return rows.map(toView);
}

export async function getKnowledgeSource(tenantId: string, sourceId: string): Promise<KnowledgeSourceView> {
  const row = await forTenant(tenantId).knowledgeSource.findFirst({ where: { id: sourceId }, select: SOURCE_VIEW });
  if (!row) throw new KnowledgeNotFoundError("source");
  return toView(row);
}

export async function deleteKnowledgeSource(tenantId: string, sourceId: string): Promise<void> {
  const { count } = await forTenant(tenantId).knowledgeSource.deleteMany({ where: { id: sourceId } });
  if (count === 0) throw new KnowledgeNotFoundError("source");
}

export interface PassageToStore extends PassageDraft {
  url: string | null;
}

/** Swaps the source's passages for these (one transaction). */
export async function replacePassages(
  tenantId: string,
  source: { id: string; agentId: string },
  passages: readonly PassageToStore[],
): Promise<void> {
  const tdb = forTenant(tenantId);
  await tdb.$transaction(
    async (tx) => {
      await tx.knowledgePassage.deleteMany({ where: { sourceId: source.id } });
      const rows = passages.map((p, position) => ({
        tenantId,
        agentId: source.agentId,
        sourceId: source.id,
        url: p.url,
        title: p.heading,
        position,
        text: p.text,
      }));
      for (let i = 0; i < rows.length; i += 1000)
        await tx.knowledgePassage.createMany({ data: rows.slice(i, i + 1000) });
      // A big site on a busy database: the default 5 s would abort a valid swap.
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

export const MAX_DOCUMENT_CHARS = 500_000;

export const textDocumentInputSchema = z
  .object({
    title: plainText(200),
    text: z
      .string()
      .max(MAX_DOCUMENT_CHARS, `must be at most ${MAX_DOCUMENT_CHARS.toLocaleString("en-AU")} characters`)
      .refine((s) => textProblem(s, MAX_DOCUMENT_CHARS) === null, "is not a plain text file"),
  })
  .strict();
export type TextDocumentInput = z.input<typeof textDocumentInputSchema>;

/** A pasted or uploaded .txt/.md document becomes a TEXT source with its passages. */
export async function addTextDocument(
  tenantId: string,
  agentId: string,
  input: TextDocumentInput,
): Promise<KnowledgeSourceView> {
  const i = parseKnowledgeInput(textDocumentInputSchema, input);
  await assertTenantAgent(tenantId, agentId);
  const drafts = splitIntoPassages(textDocumentBlocks(i.text));
  if (drafts.length === 0) throw new KnowledgeInputError("text", "text: the document has no readable text");
  const tdb = forTenant(tenantId);
  const progress: ImportProgress = { found: 1, fetched: 1, skipped: [], notes: [], passages: drafts.length };
  const source = await tdb.knowledgeSource.create({
    data: {
      tenantId,
      agentId,
      kind: "TEXT",
      title: i.title,
      status: "SUCCEEDED",
      progress: progress as object,
      lastImportedAt: new Date(),
    },
    select: { id: true, agentId: true },
  });
  await replacePassages(
    tenantId,
    source,
    drafts.map((d) => ({ ...d, heading: d.heading || i.title, url: null })),
  );
  return getKnowledgeSource(tenantId, source.id);
}
