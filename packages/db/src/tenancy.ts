// Tenant isolation by construction. Two pieces:
//  - tenantGuard: an extension on the shared client that rejects any query on a
//    tenant-owned model that does not name a tenant (cal.com's "no empty where"
//    idea, narrowed to tenancy). `tenantId: undefined` counts as missing.
//  - scopeToTenant: an extension that injects the tenant into every where and
//    every created row, so feature code cannot forget it.
import { Prisma } from "./generated/prisma/client";

/** Models whose rows belong to exactly one tenant (they all carry tenantId). */
export const TENANT_MODELS = new Set<string>([
  "Membership",
  "Invitation",
  "PhoneNumber",
  "SipConnection",
  "Agent",
  "Call",
  "TranscriptSegment",
  "Message",
  "UsageRecord",
  "UsageRollup",
  "CallRollup",
  "Subscription",
  "PlanChange",
  "AuditLog",
  "ApiKey",
  "WebhookEndpoint",
  "WebhookDelivery",
  // #16 knowledge
  "KnowledgeSource",
  "KnowledgePassage",
  "FaqEntry",
  "KnowledgeLookup",
  "KnowledgeGap",
  "BlockedCaller",
  "BookingCalendar",
  "AppointmentType",
  "Booking",
  "CallToolInvocation",
  "NotificationPreference",
  "NotificationDelivery",
  "TenantSmsAccount",
  "SipInboundAttempt",
]);

const WHERE_OPS = new Set([
  "findUnique",
  "findUniqueOrThrow",
  "findFirst",
  "findFirstOrThrow",
  "findMany",
  "count",
  "aggregate",
  "groupBy",
  "update",
  "updateMany",
  "updateManyAndReturn",
  "delete",
  "deleteMany",
  "upsert",
]);
const CREATE_OPS = new Set(["create", "createMany", "createManyAndReturn"]);

export class TenantScopeError extends Error {
  constructor(model: string, operation: string, detail: string) {
    super(`Refused ${model}.${operation}: ${detail}. Use forTenant(tenantId) or pass an explicit tenantId.`);
    this.name = "TenantScopeError";
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** A tenant filter is a non-empty string, {equals: string} or {in: string[]} (AuditLog may use null). */
function isTenantFilter(value: unknown, allowNull: boolean): boolean {
  if (typeof value === "string") return value.length > 0;
  if (value === null) return allowNull;
  if (isObj(value)) {
    if ("equals" in value) return isTenantFilter(value.equals, allowNull);
    if ("in" in value)
      return Array.isArray(value.in) && value.in.length > 0 && value.in.every((v) => typeof v === "string");
  }
  return false;
}

function rowHasTenant(row: unknown, allowNull: boolean): boolean {
  if (!isObj(row)) return false;
  if ("tenantId" in row) return isTenantFilter(row.tenantId, allowNull);
  const rel = row.tenant;
  return isObj(rel) && isObj(rel.connect) && typeof rel.connect.id === "string";
}

export function assertTenantScoped(model: string, operation: string, args: unknown): void {
  if (!TENANT_MODELS.has(model)) return;
  const a = isObj(args) ? args : {};
  const allowNull = model === "AuditLog";
  if (WHERE_OPS.has(operation)) {
    const where = a.where;
    if (!isObj(where) || !("tenantId" in where) || !isTenantFilter(where.tenantId, allowNull)) {
      throw new TenantScopeError(model, operation, "where has no tenantId");
    }
    if (operation === "upsert" && !rowHasTenant(a.create, allowNull)) {
      throw new TenantScopeError(model, operation, "create has no tenantId");
    }
    return;
  }
  if (CREATE_OPS.has(operation)) {
    const data = a.data;
    const rows = Array.isArray(data) ? data : [data];
    if (rows.length === 0 || !rows.every((r) => rowHasTenant(r, allowNull))) {
      throw new TenantScopeError(model, operation, "data has no tenantId");
    }
  }
}

export const tenantGuard = Prisma.defineExtension({
  name: "tenantGuard",
  query: {
    $allModels: {
      async $allOperations({ model, operation, args, query }) {
        assertTenantScoped(model, operation, args);
        return query(args);
      },
    },
  },
});

function withTenant(where: unknown, tenantId: string, model: string, operation: string): Obj {
  const w = isObj(where) ? { ...where } : {};
  if ("tenantId" in w && w.tenantId !== undefined && w.tenantId !== tenantId) {
    throw new TenantScopeError(model, operation, "where names another tenant");
  }
  w.tenantId = tenantId;
  return w;
}

function rowWithTenant(row: unknown, tenantId: string, model: string, operation: string): Obj {
  const r = isObj(row) ? { ...row } : {};
  if ("tenantId" in r && r.tenantId !== undefined && r.tenantId !== tenantId) {
    throw new TenantScopeError(model, operation, "data names another tenant");
  }
  if ("tenant" in r) {
    // A relation connect to another tenant would bypass the scope.
    throw new TenantScopeError(model, operation, "use tenantId, not a tenant relation, in scoped writes");
  }
  r.tenantId = tenantId;
  return r;
}

export function scopeToTenant(tenantId: string) {
  if (typeof tenantId !== "string" || tenantId.length === 0) {
    throw new TenantScopeError("*", "forTenant", "tenantId is empty");
  }
  return Prisma.defineExtension({
    name: "scopeToTenant",
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          if (!TENANT_MODELS.has(model)) return query(args);
          const a: Obj = isObj(args) ? { ...args } : {};
          if (WHERE_OPS.has(operation)) {
            a.where = withTenant(a.where, tenantId, model, operation);
            if (operation === "upsert") a.create = rowWithTenant(a.create, tenantId, model, operation);
          } else if (CREATE_OPS.has(operation)) {
            a.data = Array.isArray(a.data)
              ? a.data.map((r) => rowWithTenant(r, tenantId, model, operation))
              : rowWithTenant(a.data, tenantId, model, operation);
          }
          return query(a as typeof args);
        },
      },
    },
  });
}
