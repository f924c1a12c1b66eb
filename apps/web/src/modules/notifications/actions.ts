"use server";
// A member's own notification choices for this business (any role; only their own).
import {
  connectSmsAccount,
  removeSmsAccount,
  SmsTestError,
  savePreferences,
  sendTestSms,
} from "@articulate/notifications";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ActionError, withTenantAction } from "@/lib/authz/action";
import { formatPhone } from "@/lib/format";
import { smsApiBases } from "@/lib/notifier";

export const saveNotificationPreferencesAction = withTenantAction(
  z.object({
    emailMode: z.enum(["ALL_MESSAGES", "URGENT_MESSAGES", "ALL_CALLS", "NONE"]),
    smsMode: z.enum(["URGENT_MESSAGES", "ALL_MESSAGES", "NONE"]),
    smsNumber: z.string().max(32, "must be at most 32 characters").optional(),
    email: z.string().max(254, "must be at most 254 characters").optional(),
    digestEnabled: z
      .string()
      .optional()
      .transform((v) => v === "on"),
    digestTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "use a time like 18:00"),
  }),
  {},
  async (input, { tenant, user }) => {
    // A NotificationInputError is an InputError: withTenantAction answers 400 naming the field.
    await savePreferences(tenant.id, user.id, input);
    revalidatePath(`/t/${tenant.slug}/settings/notifications`);
    return { saved: true };
  },
  { successMessage: "Notification settings saved" },
);

// ─── the business's own SMS sender (owners and admins) ───

export const connectSmsAccountAction = withTenantAction(
  z.object({
    provider: z.enum(["TWILIO", "TELNYX"], { message: "choose Twilio or Telnyx" }),
    accountSid: z.string().max(64, "must be at most 64 characters").optional(),
    secret: z.string().max(200, "must be at most 200 characters").optional(),
    sender: z.string().max(34, "must be at most 34 characters"),
    messagingProfileId: z.string().max(64, "must be at most 64 characters").optional(),
  }),
  { role: "ADMIN" },
  async (input, { tenant, user }) => {
    // A NotificationInputError is an InputError: withTenantAction answers 400 naming the field.
    await connectSmsAccount(tenant.id, { type: "user", id: user.id }, input);
    revalidatePath(`/t/${tenant.slug}/settings/sms`);
    return { saved: true };
  },
  { successMessage: "SMS account saved. Send a test text to check it works." },
);

export const sendTestSmsAction = withTenantAction(
  z.object({ to: z.string().min(1, "enter the mobile number to text").max(32, "must be at most 32 characters") }),
  { role: "ADMIN" },
  async ({ to }, { tenant, user }) => {
    try {
      const sent = await sendTestSms(tenant.id, { type: "user", id: user.id }, to, smsApiBases());
      revalidatePath(`/t/${tenant.slug}/settings/sms`);
      return { to: formatPhone(sent.to) };
    } catch (err) {
      if (err instanceof SmsTestError) {
        // The provider's answer belongs to a field of the account form or the number; both show here.
        throw new ActionError(err.message, { field: err.field === "to" ? "to" : undefined, code: 400 });
      }
      throw err;
    }
  },
);

export const removeSmsAccountAction = withTenantAction(
  z.object({}),
  { role: "ADMIN" },
  async (_input, { tenant, user }) => {
    const removed = await removeSmsAccount(tenant.id, { type: "user", id: user.id });
    if (!removed) throw new ActionError("There is no SMS account to remove", { code: 404 });
    revalidatePath(`/t/${tenant.slug}/settings/sms`);
    return { removed: true };
  },
);
