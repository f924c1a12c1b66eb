"use server";
// Numbers: buy (search result), import / bring your own, assign an agent,
// retry a failed provisioning, release. ADMIN and up; every id re-checked in the tenant.
import { type AuditAction, type Prisma, type TenantDb, writeAudit } from "@articulate/db";
import {
  assignNumberToAgent,
  buyNumber,
  importByoNumber,
  provisionInboundNumber,
  releaseNumber,
  setSecureMedia,
} from "@articulate/telephony";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { ActionError, notFoundInTenant, withTenantAction } from "@/lib/authz/action";
import { NUMBERS_UNAVAILABLE, platformReadiness } from "@/lib/platform-readiness";
import { decimalToMinor, toActionError } from "./lib/telephony-errors";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));

export const buyNumberAction = withTenantAction(
  z.object({
    provider: z.enum(["TELNYX", "TWILIO", "LIVEKIT"], { message: "Choose a provider" }),
    phoneNumber: z.string().trim().min(3, "Choose a number").max(32),
    agentId: optionalText(64),
    label: optionalText(100),
    monthlyCost: optionalText(20),
    currency: optionalText(3),
    businessName: optionalText(200),
    street: optionalText(200),
    city: optionalText(100),
    region: optionalText(50),
    postalCode: z
      .string()
      .trim()
      .regex(/^(\d{4})?$/, "An Australian postcode has 4 digits")
      .optional(),
  }),
  { role: "ADMIN" },
  async (input, { tenant, db, user }) => {
    // Refuse before any row exists: an attempt that cannot succeed leaves nothing behind.
    if (!platformReadiness().canBuyNumbers) throw new ActionError(NUMBERS_UNAVAILABLE, { code: 409 });
    if (
      input.agentId &&
      !(await db.agent.findFirst({ where: { id: input.agentId, archivedAt: null }, select: { id: true } }))
    )
      throw notFoundInTenant("Agent");
    const regulatory =
      input.businessName || input.street
        ? {
            businessName: input.businessName,
            street: input.street,
            city: input.city,
            region: input.region,
            postalCode: input.postalCode || undefined,
          }
        : undefined;
    const monthlyMinor = input.currency?.toUpperCase() === "AUD" ? decimalToMinor(input.monthlyCost) : null;
    let id: string;
    try {
      const row = await buyNumber({
        tenantId: tenant.id,
        provider: input.provider,
        phoneNumber: input.phoneNumber,
        agentId: input.agentId ?? null,
        label: input.label ?? null,
        regulatory,
        monthlyCostMinor: monthlyMinor ?? undefined,
      });
      id = row.id;
    } catch (err) {
      // A failed provisioning leaves a FAILED row with its reason on the numbers page (retryable).
      const failed = await db.phoneNumber.findFirst({
        where: { e164Active: { not: null }, status: "FAILED" },
        orderBy: { createdAt: "desc" },
        select: { id: true },
      });
      if (failed) await audit(db, tenant.id, user.id, "number.provisioning_failed", failed.id);
      toActionError(err, { phoneNumber: "phoneNumber" });
    }
    await audit(db, tenant.id, user.id, "number.bought", id);
    redirect(`/t/${tenant.slug}/numbers/${id}`);
  },
);

export const importNumberAction = withTenantAction(
  z
    .object({
      phoneNumber: z.string().trim().min(3, "Enter the phone number you already have").max(32),
      agentId: optionalText(64),
      label: optionalText(100),
      authMode: z.enum(["credentials", "addresses"], { message: "Choose how your carrier authenticates" }),
      allowedAddresses: z.string().max(2000).optional(),
    })
    .superRefine((v, ctx) => {
      if (v.authMode === "addresses" && !v.allowedAddresses?.trim())
        ctx.addIssue({ code: "custom", path: ["allowedAddresses"], message: "Enter at least one carrier IP address" });
    }),
  { role: "ADMIN" },
  async (input, { tenant, db, user }) => {
    if (!platformReadiness().canConnectNumbers) throw new ActionError(NUMBERS_UNAVAILABLE, { code: 409 });
    if (
      input.agentId &&
      !(await db.agent.findFirst({ where: { id: input.agentId, archivedAt: null }, select: { id: true } }))
    )
      throw notFoundInTenant("Agent");
    const addresses =
      input.authMode === "addresses" ? (input.allowedAddresses ?? "").split(/[\s,]+/).filter(Boolean) : undefined;
    let id: string;
    try {
      const res = await importByoNumber({
        tenantId: tenant.id,
        phoneNumber: input.phoneNumber,
        agentId: input.agentId ?? null,
        label: input.label ?? null,
        allowedAddresses: addresses,
      });
      id = res.phoneNumber.id;
    } catch (err) {
      toActionError(err, { allowedAddresses: "allowedAddresses" });
    }
    await audit(db, tenant.id, user.id, "number.imported", id);
    redirect(`/t/${tenant.slug}/numbers/${id}?imported=1`);
  },
);

const numberRef = z.object({ phoneNumberId: z.string().min(1) });

async function requireNumber(db: TenantDb, id: string) {
  const row = await db.phoneNumber.findFirst({ where: { id }, select: { id: true, status: true } });
  if (!row) throw notFoundInTenant("Phone number");
  return row;
}

export const assignAgentAction = withTenantAction(
  numberRef.extend({ agentId: z.string().max(64) }),
  { role: "ADMIN" },
  async ({ phoneNumberId, agentId }, { tenant, db, user }) => {
    await requireNumber(db, phoneNumberId);
    if (agentId && !(await db.agent.findFirst({ where: { id: agentId, archivedAt: null }, select: { id: true } })))
      throw notFoundInTenant("Agent");
    try {
      await assignNumberToAgent(tenant.id, phoneNumberId, agentId || null);
    } catch (err) {
      toActionError(err);
    }
    await audit(db, tenant.id, user.id, "number.assigned", phoneNumberId, { agentId: agentId || null });
    revalidatePath(`/t/${tenant.slug}/numbers`);
    return { phoneNumberId };
  },
  { successMessage: "Agent updated. The next call goes to the new agent." },
);

export const retryProvisioningAction = withTenantAction(
  numberRef,
  { role: "ADMIN" },
  async ({ phoneNumberId }, { tenant, db, user }) => {
    await requireNumber(db, phoneNumberId);
    if (!platformReadiness().canConnectNumbers) throw new ActionError(NUMBERS_UNAVAILABLE, { code: 409 });
    try {
      await provisionInboundNumber(phoneNumberId, { tenantId: tenant.id });
    } catch (err) {
      revalidatePath(`/t/${tenant.slug}/numbers`);
      toActionError(err);
    }
    await audit(db, tenant.id, user.id, "number.provisioning_retried", phoneNumberId);
    revalidatePath(`/t/${tenant.slug}/numbers`);
    return { phoneNumberId };
  },
  { successMessage: "The number is active." },
);

export const setSecureMediaAction = withTenantAction(
  numberRef.extend({ requireSecureMedia: z.enum(["true", "false"]).transform((v) => v === "true") }),
  { role: "ADMIN" },
  async ({ phoneNumberId, requireSecureMedia }, { tenant, db, user }) => {
    await requireNumber(db, phoneNumberId);
    try {
      await setSecureMedia(tenant.id, phoneNumberId, requireSecureMedia);
    } catch (err) {
      toActionError(err);
    }
    await audit(db, tenant.id, user.id, "number.secure_media_changed", phoneNumberId, { requireSecureMedia });
    revalidatePath(`/t/${tenant.slug}/numbers/${phoneNumberId}`);
    return { phoneNumberId };
  },
  { successMessage: "Saved. The next call uses the new setting." },
);

export const releaseNumberAction = withTenantAction(
  numberRef,
  { role: "ADMIN" },
  async ({ phoneNumberId }, { tenant, db, user }) => {
    await requireNumber(db, phoneNumberId);
    try {
      await releaseNumber(tenant.id, phoneNumberId);
    } catch (err) {
      revalidatePath(`/t/${tenant.slug}/numbers`);
      toActionError(err);
    }
    await audit(db, tenant.id, user.id, "number.released", phoneNumberId);
    redirect(`/t/${tenant.slug}/numbers`);
  },
);

async function audit(
  db: TenantDb,
  tenantId: string,
  userId: string,
  action: AuditAction,
  targetId: string,
  data?: Prisma.InputJsonObject,
) {
  await writeAudit(db, {
    tenantId,
    actorType: "user",
    actorId: userId,
    action,
    targetType: "PhoneNumber",
    targetId,
    data,
  });
}
