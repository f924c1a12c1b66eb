// @articulate/db: the one Prisma package. Application code reads and writes
// tenant-owned tables through forTenant(tenantId) or with an explicit tenantId
// on db(); platformDb() is for deliberately cross-tenant platform work.
export { db, forTenant, platformDb, disconnectDb, createBaseClient } from "./client";
export type { Db, TenantDb } from "./client";
export { TENANT_MODELS, TenantScopeError, assertTenantScoped } from "./tenancy";
export { hashPassword, verifyPassword } from "./passwords";
export { encryptSecret, decryptSecret } from "./secrets";
export { Prisma, PrismaClient } from "./generated/prisma/client";
export * from "./generated/prisma/enums";
export type * from "./generated/prisma/models";
// Shared read models (dashboard, API, worker).
export { loadInboundCallConfig, normalizeDialedNumber } from "./queries/call-config";
export type { InboundAgentConfig, InboundCallConfig } from "./queries/call-config";
export { CallListQueryError, listTenantCalls } from "./queries/calls";
export type { CallListItem, CallPage, ListTenantCallsOptions } from "./queries/calls";
export { getCallWithTranscript } from "./queries/transcripts";
export type { CallMessage, CallWithTranscript, TranscriptLine } from "./queries/transcripts";
