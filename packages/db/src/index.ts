// @articulate/db: the one Prisma package. Application code reads and writes
// tenant-owned tables through forTenant(tenantId) or with an explicit tenantId
// on db(); platformDb() is for deliberately cross-tenant platform work.

export type { AuditActorType } from "./audit";
export { type AuditAction, writeAudit } from "./audit";
export type { Db, TenantDb, TenantTx } from "./client";
export { db, disconnectDb, forTenant, platformDb } from "./client";
export { Prisma } from "./generated/prisma/client";
export * from "./generated/prisma/enums";
export type * from "./generated/prisma/models";
export { lockTenantScope } from "./locks";
export { hashPassword, verifyPassword } from "./passwords";
export { loadAvailabilityInputs } from "./queries/booking-availability";
export type { CallAnalytics } from "./queries/call-analytics";
export { loadCallAnalytics, rebuildCallRollup, rollUpCallOutcome, rollUpFinishedCall } from "./queries/call-analytics";
export type { AgentCallConfig, CallConfigPhoneNumber, InboundAgentConfig } from "./queries/call-config";
// Shared read models (dashboard, API, worker).
export { loadAgentCallConfig, loadInboundCallConfig } from "./queries/call-config";
export type { CallListItem, CallPage } from "./queries/calls";
export { CallListQueryError, listTenantCalls } from "./queries/calls";
export type { KnowledgeHit } from "./queries/knowledge-search";
export { buildKnowledgeQuery, searchAgentKnowledge } from "./queries/knowledge-search";
export type { ListTenantMessagesOptions, MessagePage } from "./queries/messages";
export { countNewMessages, listTenantMessages, MessageListQueryError } from "./queries/messages";

export { getCallWithTranscript } from "./queries/transcripts";
export { decryptSecret, encryptSecret } from "./secrets";
export { TENANT_MODELS, TenantScopeError } from "./tenancy";
