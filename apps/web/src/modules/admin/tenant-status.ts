// Suspending and resuming a tenant from the admin console. The worker reads
// Tenant.status before answering (suspended → short message, hang up) and
// outbound placement refuses suspended tenants; every change is audited.
import { platformDb, writeAudit } from "@articulate/db";
import { z } from "zod";

export const tenantStatusChangeSchema = z.object({
  tenantId: z.string().min(1).max(64),
  reason: z.string().trim().min(3, "Give a reason (at least 3 characters)").max(500, "must be at most 500 characters"),
});

export class TenantStatusError extends Error {}

export interface TenantStatusChange {
  status: "ACTIVE" | "SUSPENDED";
  changed: boolean;
}

export async function setTenantSuspension(
  admin: { id: string },
  input: z.input<typeof tenantStatusChangeSchema>,
  suspend: boolean,
): Promise<TenantStatusChange> {
  const { tenantId, reason } = tenantStatusChangeSchema.parse(input);
  // Platform work on a tenant chosen by an admin (not a tenant-scoped request).
  return platformDb().$transaction(async (tx) => {
    const tenant = await tx.tenant.findUnique({ where: { id: tenantId }, select: { id: true, status: true } });
    if (!tenant) throw new TenantStatusError("No such tenant");
    const target = suspend ? "SUSPENDED" : "ACTIVE";
    if (tenant.status === target) return { status: target, changed: false };
    await tx.tenant.update({
      where: { id: tenantId },
      data: suspend
        ? { status: "SUSPENDED", suspendedReason: reason, suspendedAt: new Date() }
        : { status: "ACTIVE", suspendedReason: null, suspendedAt: null },
    });
    await writeAudit(tx, {
      tenantId,
      actorType: "platform_admin",
      actorId: admin.id,
      action: suspend ? "tenant.suspended" : "tenant.resumed",
      targetType: "Tenant",
      targetId: tenantId,
      data: { reason, previousStatus: tenant.status },
    });
    return { status: target, changed: true };
  });
}
