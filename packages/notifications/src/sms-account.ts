// A business's own SMS sender: its Twilio or Telnyx account, so its members'
// texts go from its number or sender name instead of the platform's. The auth
// token / API key is stored encrypted (packages/db secrets) and never shown
// again; the settings page shows the last four characters only.
import { decryptSecret, encryptSecret, forTenant, platformDb, type SmsProvider, writeAudit } from "@articulate/db";
import { parsePhoneNumber } from "@articulate/telephony";
import { z } from "zod";
import { NotificationInputError, parseMobileNumber } from "./preferences";
import { createSmsSender, type SmsApiBases, type SmsConfig, SmsError, type SmsSender } from "./sms";

const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;

export const smsAccountInputSchema = z.object({
  provider: z.enum(["TWILIO", "TELNYX"], { message: "choose Twilio or Telnyx" }),
  accountSid: z.string().trim().max(64).optional(),
  /** Twilio auth token or Telnyx API key; empty when editing keeps the saved one. */
  secret: z.string().trim().max(200).optional(),
  sender: z.string().trim().min(1, "enter the number or sender name texts come from").max(34),
  messagingProfileId: z.string().trim().max(64).optional(),
});
export type SmsAccountInput = z.input<typeof smsAccountInputSchema>;

export interface SmsAccountView {
  provider: SmsProvider;
  accountSid: string | null;
  sender: string;
  messagingProfileId: string | null;
  /** Last four characters of the token/key, to recognise it. */
  secretHint: string;
  verifiedAt: Date | null;
  updatedAt: Date;
}

interface Actor {
  type: "user" | "platform_admin";
  id: string;
}

const fail = (field: string, message: string): never => {
  throw new NotificationInputError(field, message);
};

/** E.164 for a phone number, the name for an alphanumeric sender ID, or a Twilio MG… service SID. */
function normaliseSender(provider: SmsProvider, raw: string): string {
  if (provider === "TWILIO" && MESSAGING_SERVICE_SID.test(raw)) return raw;
  if (/^[+\d][\d\s()-]*$/.test(raw)) {
    try {
      return parsePhoneNumber(raw, { field: "sender" }).e164;
    } catch {
      return fail(
        "sender",
        "is not a valid phone number (use the number as your provider shows it, e.g. 0412 345 678)",
      );
    }
  }
  if (ALPHANUMERIC_SENDER.test(raw)) return raw;
  return fail(
    "sender",
    "must be a phone number on your account, or a sender name of up to 11 letters and digits (at least one letter)",
  );
}

/** Connects (or updates) the business's SMS account. Secrets are encrypted before they are stored. */
export async function connectSmsAccount(tenantId: string, actor: Actor, input: SmsAccountInput): Promise<void> {
  const parsed = smsAccountInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(String(issue?.path[0] ?? "input"), issue?.message ?? "is invalid");
    return;
  }
  const i = parsed.data;
  const tdb = forTenant(tenantId);
  const existing = await tdb.tenantSmsAccount.findFirst({});
  const keepSecret = !i.secret && existing?.provider === i.provider;
  let accountSid: string | null = null;
  let messagingProfileId: string | null = null;
  if (i.provider === "TWILIO") {
    if (!i.accountSid || !/^AC[0-9a-fA-F]{32}$/.test(i.accountSid)) {
      fail("accountSid", "must be your Twilio Account SID: AC followed by 32 letters and digits");
    }
    accountSid = i.accountSid as string;
    if (!keepSecret && !/^[0-9a-fA-F]{32}$/.test(i.secret ?? "")) {
      fail("secret", "must be your Twilio auth token: 32 letters and digits from the Twilio console");
    }
  } else {
    if (!keepSecret && !/^KEY[A-Za-z0-9_-]{10,}$/.test(i.secret ?? "")) {
      fail("secret", "must be a Telnyx API key (it starts with KEY), from Telnyx → Auth → API Keys");
    }
    if (i.messagingProfileId) {
      if (!z.uuid().safeParse(i.messagingProfileId).success) {
        fail("messagingProfileId", "must be a Telnyx messaging profile id (a UUID), or left empty");
      }
      messagingProfileId = i.messagingProfileId;
    }
  }
  const sender = normaliseSender(i.provider, i.sender);
  if (i.provider === "TELNYX" && MESSAGING_SERVICE_SID.test(i.sender)) {
    fail("sender", "a Messaging Service SID is a Twilio setting; for Telnyx use a number or sender name");
  }
  const secretEncrypted = keepSecret ? (existing?.secretEncrypted as string) : encryptSecret(i.secret as string);
  const data = {
    provider: i.provider,
    accountSid,
    messagingProfileId,
    sender,
    secretEncrypted,
    // New credentials or sender: not tested yet.
    verifiedAt: null,
  };
  await tdb.$transaction(async (tx) => {
    const row = existing
      ? await tx.tenantSmsAccount.update({ where: { id: existing.id }, data })
      : await tx.tenantSmsAccount.create({ data: { tenantId, ...data } });
    await writeAudit(tx, {
      tenantId,
      actorType: actor.type,
      actorId: actor.id,
      action: "sms_account.connected",
      targetType: "TenantSmsAccount",
      targetId: row.id,
      // Never the secret.
      data: { provider: i.provider, accountSid, sender, messagingProfileId, secretChanged: !keepSecret },
    });
  });
}

export async function removeSmsAccount(tenantId: string, actor: Actor): Promise<boolean> {
  const tdb = forTenant(tenantId);
  return tdb.$transaction(async (tx) => {
    const row = await tx.tenantSmsAccount.findFirst({ select: { id: true, provider: true, sender: true } });
    if (!row) return false;
    await tx.tenantSmsAccount.deleteMany({ where: { id: row.id } });
    await writeAudit(tx, {
      tenantId,
      actorType: actor.type,
      actorId: actor.id,
      action: "sms_account.removed",
      targetType: "TenantSmsAccount",
      targetId: row.id,
      data: { provider: row.provider, sender: row.sender },
    });
    return true;
  });
}

export async function getSmsAccount(tenantId: string): Promise<SmsAccountView | null> {
  const row = await forTenant(tenantId).tenantSmsAccount.findFirst({});
  if (!row) return null;
  let secretHint = "";
  try {
    secretHint = decryptSecret(row.secretEncrypted).slice(-4);
  } catch {
    secretHint = "????";
  }
  return {
    provider: row.provider,
    accountSid: row.accountSid,
    sender: row.sender,
    messagingProfileId: row.messagingProfileId,
    secretHint,
    verifiedAt: row.verifiedAt,
    updatedAt: row.updatedAt,
  };
}

function configOf(
  row: {
    provider: SmsProvider;
    accountSid: string | null;
    secretEncrypted: string;
    sender: string;
    messagingProfileId: string | null;
  },
  bases: SmsApiBases,
): SmsConfig {
  const secret = decryptSecret(row.secretEncrypted);
  return row.provider === "TWILIO"
    ? {
        provider: "twilio",
        accountSid: row.accountSid ?? "",
        authToken: secret,
        from: row.sender,
        apiBase: bases.twilio,
      }
    : {
        provider: "telnyx",
        apiKey: secret,
        from: row.sender,
        messagingProfileId: row.messagingProfileId ?? undefined,
        apiBase: bases.telnyx,
      };
}

/** The business's own SMS sender, or null when it has not connected one. Platform read by tenant id. */
export async function tenantSmsSender(
  tenantId: string,
  bases: SmsApiBases,
  fetchImpl?: typeof fetch,
): Promise<SmsSender | null> {
  // platformDb(): Delivery job: the tenant's own sender, by its unique tenantId.
  const row = await platformDb().tenantSmsAccount.findUnique({ where: { tenantId } });
  return row ? createSmsSender(configOf(row, bases), fetchImpl) : null;
}

/** Tenants (of these) that have their own SMS sender. */
export async function tenantsWithSmsAccount(tenantIds: string[]): Promise<Set<string>> {
  if (tenantIds.length === 0) return new Set();
  // platformDb(): Fan-out job: which of several tenants have their own sender.
  const rows = await platformDb().tenantSmsAccount.findMany({
    where: { tenantId: { in: tenantIds } },
    select: { tenantId: true },
  });
  return new Set(rows.map((r) => r.tenantId));
}

/** A provider's refusal in the owner's words, with the form field it is about. */
export function explainSmsFailure(provider: SmsProvider, err: unknown): { field: string; message: string } {
  const name = provider === "TWILIO" ? "Twilio" : "Telnyx";
  if (!(err instanceof SmsError)) {
    return { field: "provider", message: `${name} could not be reached. Try again in a minute.` };
  }
  if (err.status === 401 || err.status === 403) {
    return provider === "TWILIO"
      ? {
          field: "secret",
          message: "Twilio did not accept this Account SID and auth token. Copy both again from the Twilio console.",
        }
      : { field: "secret", message: "Telnyx did not accept this API key. Create or copy a key in Telnyx → API Keys." };
  }
  if (provider === "TWILIO" && err.status === 404) {
    return { field: "accountSid", message: "Twilio has no account with this Account SID for these credentials." };
  }
  if (["21606", "21603", "21212", "40305"].includes(err.code)) {
    return {
      field: "sender",
      message: `${name} will not send from this sender: use a number on your ${name} account, or a sender name ${name} has approved.`,
    };
  }
  if (["21211", "21614", "21610", "40310"].includes(err.code)) {
    return {
      field: "to",
      message: `${name} refused to text this number. Check it is a mobile that can receive texts.`,
    };
  }
  if (err.retryable) {
    return { field: "provider", message: `${name} is not answering right now. Try again in a minute.` };
  }
  return { field: "provider", message: `${name} refused the text: ${err.message}` };
}

export class SmsTestError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "SmsTestError";
  }
}

/**
 * Sends a test text through the business's own account to `to` (a mobile). On success the account
 * is marked verified; on failure throws SmsTestError in the owner's words, naming the field.
 */
export async function sendTestSms(
  tenantId: string,
  actor: Actor,
  to: string,
  bases: SmsApiBases,
  fetchImpl?: typeof fetch,
): Promise<{ providerRef: string; to: string }> {
  let mobile: string;
  try {
    mobile = parseMobileNumber(to);
  } catch {
    throw new SmsTestError("to", "must be a mobile number such as 0412 345 678");
  }
  const tdb = forTenant(tenantId);
  const row = await tdb.tenantSmsAccount.findFirst({});
  if (!row) throw new SmsTestError("provider", "Connect your SMS account first.");
  // platformDb(): The Tenant row itself is not tenant-owned; looked up by its id.
  const tenant = await platformDb().tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { name: true } });
  const sender = createSmsSender(configOf(row, bases), fetchImpl);
  let providerRef: string;
  try {
    providerRef = await sender.send(
      mobile,
      `Test from Articulate: texts about calls to ${tenant.name} will come from this sender.`,
    );
  } catch (err) {
    const e = explainSmsFailure(row.provider, err);
    throw new SmsTestError(e.field, e.message);
  }
  await tdb.$transaction(async (tx) => {
    await tx.tenantSmsAccount.updateMany({ where: { id: row.id }, data: { verifiedAt: new Date() } });
    await writeAudit(tx, {
      tenantId,
      actorType: actor.type,
      actorId: actor.id,
      action: "sms_account.tested",
      targetType: "TenantSmsAccount",
      targetId: row.id,
      data: { to: mobile, providerRef },
    });
  });
  return { providerRef, to: mobile };
}
