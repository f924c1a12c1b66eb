// @articulate/db: the one Prisma package. Application code reads and writes
// tenant-owned tables through forTenant(tenantId) or with an explicit tenantId
// on db(); platformDb() is for deliberately cross-tenant platform work.
export { db, forTenant, platformDb, disconnectDb, createBaseClient } from "./client";
export type { Db, TenantDb } from "./client";
export { TENANT_MODELS, TenantScopeError, assertTenantScoped } from "./tenancy";
export { hashPassword, verifyPassword } from "./passwords";
export { Prisma, PrismaClient } from "./generated/prisma/client";
export * from "./generated/prisma/enums";
export type * from "./generated/prisma/models";
