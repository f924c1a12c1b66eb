// Audit entries for billing changes (same table the rest of the product uses).
import type { Prisma } from "@articulate/db";

/** Any client (transaction, tenant-scoped or platform) that can write an audit row. */
type AuditWriter = { auditLog: { create(args: { data: Prisma.AuditLogUncheckedCreateInput }): PromiseLike<unknown> } };

export async function writeBillingAudit(
  client: AuditWriter,
  entry: {
    tenantId: string | null;
    action: string;
    actorType?: "stripe" | "system" | "user";
    actorId?: string | null;
    targetType?: string;
    targetId?: string | null;
    data?: Prisma.InputJsonValue;
  },
): Promise<void> {
  await client.auditLog.create({
    data: {
      tenantId: entry.tenantId,
      actorType: entry.actorType ?? "system",
      actorId: entry.actorId ?? null,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      data: entry.data,
    },
  });
}
