"use server";
import { revalidatePath } from "next/cache";
import { AdminActionError, withPlatformAdmin } from "@/lib/authz/platform-admin";
import { DeadJobGoneError, retryDeadJob, retryDeadJobSchema } from "./jobs";
import { setTenantSuspension, TenantStatusError, tenantStatusChangeSchema } from "./tenant-status";

async function change(input: { tenantId: string; reason: string }, adminId: string, suspend: boolean) {
  try {
    const r = await setTenantSuspension({ id: adminId }, input, suspend);
    revalidatePath("/admin");
    revalidatePath(`/admin/tenants/${input.tenantId}`);
    return r;
  } catch (err) {
    if (err instanceof TenantStatusError) throw new AdminActionError(err.message);
    throw err;
  }
}

export const suspendTenantAction = withPlatformAdmin(
  tenantStatusChangeSchema,
  (input, admin) => change(input, admin.id, true),
  {
    successMessage: "Tenant suspended: new calls get the suspended message",
  },
);

export const resumeTenantAction = withPlatformAdmin(
  tenantStatusChangeSchema,
  (input, admin) => change(input, admin.id, false),
  {
    successMessage: "Tenant resumed",
  },
);

export const retryDeadJobAction = withPlatformAdmin(
  retryDeadJobSchema,
  async (input, admin) => {
    try {
      await retryDeadJob(admin, input);
      revalidatePath("/admin/jobs");
      return { retried: true };
    } catch (err) {
      if (err instanceof DeadJobGoneError) throw new AdminActionError(err.message);
      throw err;
    }
  },
  { successMessage: "Queued again" },
);
