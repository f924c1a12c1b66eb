// @articulate/knowledge: what an agent knows about its business. FAQ entries,
// website and text-document passages, full-text lookup (dashboard and calls),
// and the gaps the agent could not answer.

export { KnowledgeInputError, KnowledgeNotFoundError } from "./errors";
export type { FaqEntryInput, FaqEntryUpdate, FaqEntryView } from "./faq";
export {
  createFaqEntry,
  deleteFaqEntry,
  faqEntryInputSchema,
  faqEntryUpdateSchema,
  faqQuestionKey,
  getFaqEntry,
  listFaqEntries,
  reorderFaqEntries,
  updateFaqEntry,
} from "./faq";
export type { KnowledgeGapView } from "./gaps";
export {
  answerKnowledgeGap,
  countOpenKnowledgeGaps,
  dismissKnowledgeGap,
  gapAnswerSchema,
  listKnowledgeGaps,
  openKnowledgeGapsByAgent,
  recordKnowledgeGap,
} from "./gaps";
export { extractReadableText } from "./html";
export type { ImportWebsiteOptions } from "./importer";
export {
  addWebsiteSource,
  crawlWebsite,
  DEFAULT_PAGE_LIMIT,
  importWebsite,
  reimportStaleWebsites,
  websiteInputSchema,
} from "./importer";
export type { CallLookupContext, CallLookupView, LookupAnswer, LookupOutcome, LookupResult } from "./lookup";
export {
  answersQuestion,
  DEFAULT_LOOKUP_TIMEOUT_MS,
  listCallLookups,
  lookupForCall,
  lookupReply,
  searchKnowledge,
} from "./lookup";
export type { ImportProgress, KnowledgeSourceView, TextDocumentInput } from "./sources";
export {
  addTextDocument,
  deleteKnowledgeSource,
  getKnowledgeSource,
  listKnowledgeSources,
  MAX_DOCUMENT_CHARS,
  textDocumentInputSchema,
} from "./sources";
export { CallGapWatch, questionOf, saysItCannotAnswer } from "./unanswered";
