// @articulate/db: the one Prisma package. Application code reads and writes
// tenant-owned tables through forTenant(tenantId) or with an explicit tenantId
// on db(); platformDb() is for deliberately cross-tenant platform work.

export type { AuditActorType, AuditEntry, AuditTargetType, AuditWriter } from "./audit";
export { AUDIT_ACTIONS, AUDIT_TARGET_TYPES, type AuditAction, writeAudit } from "./audit";
export type { Db, TenantDb, TenantTx } from "./client";
export { createBaseClient, db, disconnectDb, forTenant, platformDb } from "./client";
export { Prisma, PrismaClient } from "./generated/prisma/client";
export * from "./generated/prisma/enums";
export type * from "./generated/prisma/models";
export { lockTenantScope, type TenantLockScope } from "./locks";
export { hashPassword, verifyPassword } from "./passwords";
// Shared read models (dashboard, API, worker).
export type {
  AgentCallConfig,
  CallConfigPhoneNumber,
  CallConfigTenant,
  InboundAgentConfig,
  InboundCallConfig,
} from "./queries/call-config";
export { loadAgentCallConfig, loadInboundCallConfig } from "./queries/call-config";
export type { CallListItem, CallPage, ListTenantCallsOptions } from "./queries/calls";
export { CallListQueryError, listTenantCalls } from "./queries/calls";
export type { KnowledgeHit, KnowledgeQuery } from "./queries/knowledge-search";
export { buildKnowledgeQuery, searchAgentKnowledge } from "./queries/knowledge-search";
export type { ListTenantMessagesOptions, MessageListItem, MessagePage } from "./queries/messages";
export { countNewMessages, listTenantMessages, MessageListQueryError } from "./queries/messages";
export type { CallMessage, CallWithTranscript, TranscriptLine } from "./queries/transcripts";
export { getCallWithTranscript } from "./queries/transcripts";
export { decryptSecret, encryptSecret } from "./secrets";
export { assertTenantScoped, TENANT_MODELS, TenantScopeError } from "./tenancy";
