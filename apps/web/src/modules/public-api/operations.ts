// Every /api/v1 operation, described once: the OpenAPI document is generated
// from this list and the zod schemas, and a test checks it against the route
// files on disk (both directions).
import type { z } from "zod";
import {
  faqEntryCreateSchema,
  faqEntryListSchema,
  faqEntryPatchSchema,
  faqEntrySchema,
  knowledgeSourceCreateSchema,
  knowledgeSourceListSchema,
  knowledgeSourceSchema,
} from "./knowledge";
import {
  agentCreateSchema,
  agentListSchema,
  agentSchema,
  agentUpdateSchema,
  callDetailSchema,
  callPageSchema,
  callSchema,
  listCallsQuerySchema,
  listMessagesQuerySchema,
  messagePageSchema,
  outboundCallRequestSchema,
  phoneNumberListSchema,
  recordingLinkSchema,
} from "./schemas";

export interface ApiOperation {
  method: "get" | "post" | "patch" | "delete";
  /** OpenAPI path relative to /api/v1, e.g. /calls/{id}. */
  path: string;
  operationId: string;
  summary: string;
  tag: "Calls" | "Agents" | "Numbers" | "Messages" | "Knowledge";
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Success status → response schema (null = no body). */
  success: { status: 200 | 201 | 202 | 204; schema: z.ZodType | null; description: string };
  /** Extra error statuses beyond 400/401/429/500, which every operation can return. */
  errors?: number[];
}

export const API_OPERATIONS: ApiOperation[] = [
  {
    method: "get",
    path: "/calls",
    operationId: "listCalls",
    summary: "List calls, newest first (keyset pagination)",
    tag: "Calls",
    query: listCallsQuerySchema,
    success: { status: 200, schema: callPageSchema, description: "A page of calls" },
  },
  {
    method: "post",
    path: "/calls",
    operationId: "createOutboundCall",
    summary: "Place an outbound call from one of your numbers with one of your agents",
    tag: "Calls",
    body: outboundCallRequestSchema,
    success: { status: 201, schema: callSchema, description: "The call was placed; it is ringing" },
    errors: [403, 404, 409, 502],
  },
  {
    method: "get",
    path: "/calls/{id}",
    operationId: "getCall",
    summary: "Get one call with its transcript, messages and analysis",
    tag: "Calls",
    success: { status: 200, schema: callDetailSchema, description: "The call" },
    errors: [404],
  },
  {
    method: "get",
    path: "/calls/{id}/recording",
    operationId: "getCallRecording",
    summary:
      "Get a fresh short-lived link to a call's recording (404 with a reason when there is none: not recorded, still processing, failed or deleted)",
    tag: "Calls",
    success: { status: 200, schema: recordingLinkSchema, description: "A presigned link valid for a few minutes" },
    errors: [404, 503],
  },
  {
    method: "get",
    path: "/agents",
    operationId: "listAgents",
    summary: "List agents",
    tag: "Agents",
    success: { status: 200, schema: agentListSchema, description: "Your agents" },
  },
  {
    method: "post",
    path: "/agents",
    operationId: "createAgent",
    summary: "Create an agent",
    tag: "Agents",
    body: agentCreateSchema,
    success: { status: 201, schema: agentSchema, description: "The new agent" },
  },
  {
    method: "get",
    path: "/agents/{id}",
    operationId: "getAgent",
    summary: "Get an agent",
    tag: "Agents",
    success: { status: 200, schema: agentSchema, description: "The agent" },
    errors: [404],
  },
  {
    method: "patch",
    path: "/agents/{id}",
    operationId: "updateAgent",
    summary: "Change some of an agent's fields",
    tag: "Agents",
    body: agentUpdateSchema,
    success: { status: 200, schema: agentSchema, description: "The updated agent" },
    errors: [404],
  },
  {
    method: "delete",
    path: "/agents/{id}",
    operationId: "archiveAgent",
    summary: "Archive an agent (refused while numbers route to it)",
    tag: "Agents",
    success: { status: 204, schema: null, description: "Archived" },
    errors: [404],
  },
  {
    method: "get",
    path: "/numbers",
    operationId: "listNumbers",
    summary: "List phone numbers",
    tag: "Numbers",
    success: { status: 200, schema: phoneNumberListSchema, description: "Your numbers" },
  },
  {
    method: "get",
    path: "/messages",
    operationId: "listMessages",
    summary: "List messages taken by your agents, newest first",
    tag: "Messages",
    query: listMessagesQuerySchema,
    success: { status: 200, schema: messagePageSchema, description: "A page of messages" },
  },
  // ── knowledge (#16) ──
  {
    method: "get",
    path: "/agents/{id}/faq",
    operationId: "listFaqEntries",
    summary: "List an agent's FAQ entries in order",
    tag: "Knowledge",
    success: { status: 200, schema: faqEntryListSchema, description: "The agent's FAQ" },
    errors: [404],
  },
  {
    method: "post",
    path: "/agents/{id}/faq",
    operationId: "createFaqEntry",
    summary: "Add an FAQ entry to an agent (a duplicate question is a validation error on `question`)",
    tag: "Knowledge",
    body: faqEntryCreateSchema,
    success: { status: 201, schema: faqEntrySchema, description: "The new entry, last in order" },
    errors: [404],
  },
  {
    method: "get",
    path: "/faq/{id}",
    operationId: "getFaqEntry",
    summary: "Get an FAQ entry",
    tag: "Knowledge",
    success: { status: 200, schema: faqEntrySchema, description: "The entry" },
    errors: [404],
  },
  {
    method: "patch",
    path: "/faq/{id}",
    operationId: "updateFaqEntry",
    summary: "Change an FAQ entry (question, alternatives, answer, enabled)",
    tag: "Knowledge",
    body: faqEntryPatchSchema,
    success: { status: 200, schema: faqEntrySchema, description: "The updated entry" },
    errors: [404],
  },
  {
    method: "delete",
    path: "/faq/{id}",
    operationId: "deleteFaqEntry",
    summary: "Delete an FAQ entry",
    tag: "Knowledge",
    success: { status: 204, schema: null, description: "Deleted" },
    errors: [404],
  },
  {
    method: "get",
    path: "/agents/{id}/knowledge-sources",
    operationId: "listKnowledgeSources",
    summary: "List an agent's knowledge sources (websites and text documents) with import progress",
    tag: "Knowledge",
    success: { status: 200, schema: knowledgeSourceListSchema, description: "The agent's sources" },
    errors: [404],
  },
  {
    method: "post",
    path: "/agents/{id}/knowledge-sources",
    operationId: "createKnowledgeSource",
    summary: "Add a website (imported in the background; poll the source for progress) or a text document",
    tag: "Knowledge",
    body: knowledgeSourceCreateSchema,
    success: { status: 201, schema: knowledgeSourceSchema, description: "The new source" },
    errors: [404],
  },
  {
    method: "get",
    path: "/knowledge-sources/{id}",
    operationId: "getKnowledgeSource",
    summary: "Get a knowledge source and its import progress",
    tag: "Knowledge",
    success: { status: 200, schema: knowledgeSourceSchema, description: "The source" },
    errors: [404],
  },
  {
    method: "delete",
    path: "/knowledge-sources/{id}",
    operationId: "deleteKnowledgeSource",
    summary: "Delete a knowledge source and its passages",
    tag: "Knowledge",
    success: { status: 204, schema: null, description: "Deleted" },
    errors: [404],
  },
  {
    method: "post",
    path: "/knowledge-sources/{id}/import",
    operationId: "reimportKnowledgeSource",
    summary: "Re-import a website source now (in the background)",
    tag: "Knowledge",
    success: { status: 202, schema: knowledgeSourceSchema, description: "The import has started" },
    errors: [404],
  },
];
