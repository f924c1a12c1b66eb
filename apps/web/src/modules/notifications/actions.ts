"use server";
// A member's own notification choices for this business (any role; only their own).
import { NotificationInputError, savePreferences } from "@articulate/notifications";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ActionError, withTenantAction } from "@/lib/authz/action";

export const saveNotificationPreferencesAction = withTenantAction(
  z.object({
    emailMode: z.enum(["ALL_MESSAGES", "URGENT_MESSAGES", "ALL_CALLS", "NONE"]),
    smsMode: z.enum(["URGENT_MESSAGES", "ALL_MESSAGES", "NONE"]),
    smsNumber: z.string().max(32, "must be at most 32 characters").optional(),
    digestEnabled: z
      .string()
      .optional()
      .transform((v) => v === "on"),
    digestTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "use a time like 18:00"),
  }),
  {},
  async (input, { tenant, user }) => {
    try {
      await savePreferences(tenant.id, user.id, input);
    } catch (err) {
      if (err instanceof NotificationInputError) throw new ActionError(err.message, { field: err.field, code: 400 });
      throw err;
    }
    revalidatePath(`/t/${tenant.slug}/settings/notifications`);
    return { saved: true };
  },
  { successMessage: "Notification settings saved" },
);
