"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { setAdminViewTenant } from "@/lib/authz/admin-view";
import { AdminActionError, withPlatformAdmin } from "@/lib/authz/platform-admin";
import { DeadJobGoneError, retryDeadJob, retryDeadJobSchema } from "./jobs";
import { recordReadOnlyView } from "./read-only-view";
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

/** Opens the tenant's dashboard read-only (audited), then goes there. */
export const viewTenantReadOnlyAction = withPlatformAdmin(
  z.object({ tenantId: z.string().min(1).max(64) }),
  async ({ tenantId }, admin) => {
    const opened = await recordReadOnlyView(admin, tenantId);
    if (!opened) throw new AdminActionError("No such tenant");
    await setAdminViewTenant(tenantId);
    redirect(`/t/${opened.slug}/overview`);
  },
);
