// @articulate/knowledge: what an agent knows about its business. FAQ entries,
// website and text-document passages, full-text lookup (dashboard and calls),
// and the gaps the agent could not answer.

export { KnowledgeInputError, KnowledgeNotFoundError } from "./errors";
export type { FaqEntryUpdate, FaqEntryView } from "./faq";
export {
  createFaqEntry,
  deleteFaqEntry,
  faqEntryInputSchema,
  faqEntryUpdateSchema,
  getFaqEntry,
  listFaqEntries,
  reorderFaqEntries,
  updateFaqEntry,
} from "./faq";

export {
  answerKnowledgeGap,
  countOpenKnowledgeGaps,
  dismissKnowledgeGap,
  type KnowledgeGapView,
  listKnowledgeGaps,
  openKnowledgeGapsByAgent,
  recordKnowledgeGap,
} from "./gaps";

export { addWebsiteSource, importWebsite, reimportStaleWebsites, websiteInputSchema } from "./importer";
export type { CallLookupContext } from "./lookup";
export { DEFAULT_LOOKUP_TIMEOUT_MS, listCallLookups, lookupForCall, lookupReply, searchKnowledge } from "./lookup";
export type { KnowledgeSourceView } from "./sources";
export {
  addTextDocument,
  deleteKnowledgeSource,
  getKnowledgeSource,
  listKnowledgeSources,
  textDocumentInputSchema,
} from "./sources";
export { CallGapWatch, questionOf, saysItCannotAnswer } from "./unanswered";
