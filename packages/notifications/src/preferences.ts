// What each member wants to hear about, per business. No stored row means the
// defaults for their role: owners get every message by e-mail plus the daily
// digest; other members get nothing until they choose.

import { InputError } from "@articulate/core";
import { forTenant, type NotificationPreferenceModel, type Role, writeAudit } from "@articulate/db";
import { parsePhoneNumber } from "@articulate/telephony";
import { z } from "zod";

/** Bad notification settings; `field` names what to fix (an InputError: web answers 400 naming the field). */
export class NotificationInputError extends InputError {}

export type EmailMode = "ALL_MESSAGES" | "URGENT_MESSAGES" | "ALL_CALLS" | "NONE";
export type SmsMode = "URGENT_MESSAGES" | "ALL_MESSAGES" | "NONE";

export interface EffectivePreferences {
  emailMode: EmailMode;
  smsMode: SmsMode;
  smsNumber: string | null;
  /** Where notification e-mails go instead of the member's sign-in address (null = sign-in address). */
  email: string | null;
  digestEnabled: boolean;
  digestTime: string;
  /** False when these are role defaults (nothing saved yet). */
  saved: boolean;
}

/** The saved columns preferences are made of. */
export type SavedPreferences = Pick<
  NotificationPreferenceModel,
  "emailMode" | "smsMode" | "smsNumber" | "email" | "digestEnabled" | "digestTime"
>;

export function effectivePreferences(role: Role, row: SavedPreferences | null): EffectivePreferences {
  if (row) {
    return {
      emailMode: row.emailMode,
      smsMode: row.smsMode,
      smsNumber: row.smsNumber,
      email: row.email,
      digestEnabled: row.digestEnabled,
      digestTime: row.digestTime,
      saved: true,
    };
  }
  const owner = role === "OWNER";
  return {
    emailMode: owner ? "ALL_MESSAGES" : "NONE",
    smsMode: "NONE",
    smsNumber: null,
    email: null,
    digestEnabled: owner,
    digestTime: "18:00",
    saved: false,
  };
}

export const preferencesInputSchema = z.object({
  emailMode: z.enum(["ALL_MESSAGES", "URGENT_MESSAGES", "ALL_CALLS", "NONE"]),
  smsMode: z.enum(["URGENT_MESSAGES", "ALL_MESSAGES", "NONE"]),
  smsNumber: z.string().trim().max(32, "must be at most 32 characters").optional(),
  /** Another address for this member's notification e-mails; empty = their sign-in address. */
  email: z.string().trim().max(254, "must be at most 254 characters").optional(),
  digestEnabled: z.boolean(),
  digestTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "use a time like 18:00"),
});
export type PreferencesInput = z.input<typeof preferencesInputSchema>;

/** A mobile number for SMS in E.164; a landline or nonsense is a field error. */
export function parseMobileNumber(input: string): string {
  try {
    const p = parsePhoneNumber(input, { field: "smsNumber" });
    if (p.numberType !== "MOBILE") throw new NotificationInputError("smsNumber", "must be a mobile number");
    return p.e164;
  } catch (err) {
    if (err instanceof NotificationInputError) throw err;
    throw new NotificationInputError("smsNumber", "must be a mobile number such as 0412 345 678");
  }
}

/** A notification address: a valid e-mail, lower-cased; anything else is a field error on "email". */
export function parseNotificationEmail(input: string): string {
  const value = input.trim().toLowerCase();
  if (!z.email().safeParse(value).success) {
    throw new NotificationInputError("email", "must be an e-mail address such as name@example.com");
  }
  return value;
}

/** Where a member's notification e-mails go: their chosen address, else their sign-in address. */
export function notificationAddress(prefs: Pick<EffectivePreferences, "email">, signInEmail: string): string {
  return prefs.email ?? signInEmail;
}

export async function getPreferences(tenantId: string, userId: string, role: Role): Promise<EffectivePreferences> {
  const row = await forTenant(tenantId).notificationPreference.findFirst({ where: { userId } });
  return effectivePreferences(role, row);
}

export async function savePreferences(tenantId: string, userId: string, input: PreferencesInput): Promise<void> {
  const parsed = preferencesInputSchema.safeParse(input);
  if (!parsed.success) {
    const { field, message, fieldErrors } = InputError.fromZod(parsed.error);
    throw new NotificationInputError(field, message, fieldErrors);
  }
  const p = parsed.data;
  const smsNumber = p.smsNumber ? parseMobileNumber(p.smsNumber) : null;
  const email = p.email ? parseNotificationEmail(p.email) : null;
  if (p.smsMode !== "NONE" && !smsNumber) {
    throw new NotificationInputError("smsNumber", "enter the mobile number to text");
  }
  const tdb = forTenant(tenantId);
  await tdb.$transaction(async (tx) => {
    const data = { ...p, smsNumber, email };
    const existing = await tx.notificationPreference.findFirst({ where: { userId }, select: { id: true } });
    if (existing) await tx.notificationPreference.update({ where: { id: existing.id }, data });
    else await tx.notificationPreference.create({ data: { tenantId, userId, ...data } });
    await writeAudit(tx, {
      tenantId,
      actorType: "user",
      actorId: userId,
      action: "notification.preferences_updated",
      targetType: "NotificationPreference",
      targetId: userId,
      data: { ...data },
    });
  });
}
