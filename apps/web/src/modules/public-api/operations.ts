// Every /api/v1 operation, described once: the OpenAPI document is generated
// from this list and the zod schemas, and a test checks it against the route
// files on disk (both directions).
import type { z } from "zod";
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
  messageSchema,
  messageUpdateRequestSchema,
  outboundCallRequestSchema,
  phoneNumberListSchema,
} from "./schemas";

export interface ApiOperation {
  method: "get" | "post" | "patch" | "delete";
  /** OpenAPI path relative to /api/v1, e.g. /calls/{id}. */
  path: string;
  operationId: string;
  summary: string;
  tag: "Calls" | "Agents" | "Numbers" | "Messages";
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Success status → response schema (null = no body). */
  success: { status: 200 | 201 | 204; schema: z.ZodType | null; description: string };
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
  {
    method: "get",
    path: "/messages/{id}",
    operationId: "getMessage",
    summary: "Get one message",
    tag: "Messages",
    success: { status: 200, schema: messageSchema, description: "The message" },
    errors: [404],
  },
  {
    method: "patch",
    path: "/messages/{id}",
    operationId: "updateMessage",
    summary: "Change a message's state (NEW, SEEN, DONE), assignee or note; sends message.updated",
    tag: "Messages",
    body: messageUpdateRequestSchema,
    success: { status: 200, schema: messageSchema, description: "The updated message" },
    errors: [400, 404],
  },
];
