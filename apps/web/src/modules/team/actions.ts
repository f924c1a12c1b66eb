"use server";
// Team: invite by e-mail with a role, change roles, remove members, revoke invitations.
// Admins manage members and admins; only owners can grant, change or remove the owner role,
// and a business always keeps at least one owner.
import { type Role, writeAudit } from "@articulate/db";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { appUrl } from "@/env";
import { ActionError, notFoundInTenant, withTenantAction } from "@/lib/authz/action";
import type { TenantContext } from "@/lib/authz/tenant-access";
import { sendMail } from "@/lib/mail";
import { newOneTimeToken } from "@/lib/tokens";

const role = z.enum(["OWNER", "ADMIN", "MEMBER"], { message: "Choose a role" });
const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

function assertMayAssign(ctx: TenantContext, target: Role) {
  if (target === "OWNER" && ctx.role !== "OWNER")
    throw new ActionError("Only an owner can make someone an owner.", { field: "role", code: 403 });
}

export const inviteMemberAction = withTenantAction(
  z.object({ email: z.string().trim().toLowerCase().email("Enter a valid e-mail address"), role }),
  { role: "ADMIN" },
  async (input, ctx) => {
    assertMayAssign(ctx, input.role);
    const { tenant, db, user } = ctx;
    const existing = await db.membership.findFirst({ where: { user: { email: input.email } }, select: { id: true } });
    if (existing) throw new ActionError(`${input.email} is already in this business.`, { field: "email", code: 409 });
    const { token, hash } = newOneTimeToken();
    // A new invitation replaces any open one for the same address.
    await db.invitation.updateMany({
      where: { email: input.email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    const invitation = await db.invitation.create({
      data: {
        tenantId: tenant.id,
        email: input.email,
        role: input.role,
        tokenHash: hash,
        invitedById: user.id,
        expiresAt: new Date(Date.now() + INVITE_TTL_MS),
      },
    });
    await writeAudit(db, {
      tenantId: tenant.id,
      actorType: "user",
      actorId: user.id,
      action: "member.invited",
      targetType: "Invitation",
      targetId: invitation.id,
      data: { email: input.email, role: input.role },
    });
    const link = `${appUrl()}/invite/${token}`;
    await sendMail({
      to: input.email,
      subject: `${user.name ?? user.email} invited you to ${tenant.name} on Articulate`,
      text: `You have been invited to join ${tenant.name} as ${input.role.toLowerCase()}.\n\nAccept within 7 days:\n${link}\n`,
    });
    revalidatePath(`/t/${tenant.slug}/team`);
    return { email: input.email, link };
  },
);

export const changeRoleAction = withTenantAction(
  z.object({ membershipId: z.string().min(1), role }),
  { role: "ADMIN" },
  async (input, ctx) => {
    const { db, tenant, user } = ctx;
    const m = await db.membership.findFirst({ where: { id: input.membershipId } });
    if (!m) throw notFoundInTenant("Member");
    if (m.role === "OWNER" || input.role === "OWNER") assertMayAssign(ctx, "OWNER");
    if (m.role === "OWNER" && input.role !== "OWNER") await assertAnotherOwner(ctx, m.id);
    await db.membership.updateMany({ where: { id: m.id }, data: { role: input.role } });
    await writeAudit(db, {
      tenantId: tenant.id,
      actorType: "user",
      actorId: user.id,
      action: "member.role_changed",
      targetType: "Membership",
      targetId: m.id,
      data: { from: m.role, to: input.role },
    });
    revalidatePath(`/t/${tenant.slug}/team`);
    return { membershipId: m.id };
  },
  { successMessage: "Role updated." },
);

export const removeMemberAction = withTenantAction(
  z.object({ membershipId: z.string().min(1) }),
  { role: "ADMIN" },
  async (input, ctx) => {
    const { db, tenant, user } = ctx;
    const m = await db.membership.findFirst({ where: { id: input.membershipId } });
    if (!m) throw notFoundInTenant("Member");
    if (m.role === "OWNER") {
      assertMayAssign(ctx, "OWNER");
      await assertAnotherOwner(ctx, m.id);
    }
    await db.membership.deleteMany({ where: { id: m.id } });
    await writeAudit(db, {
      tenantId: tenant.id,
      actorType: "user",
      actorId: user.id,
      action: "member.removed",
      targetType: "Membership",
      targetId: m.id,
      data: { userId: m.userId },
    });
    revalidatePath(`/t/${tenant.slug}/team`);
    return { membershipId: m.id };
  },
);

export const revokeInvitationAction = withTenantAction(
  z.object({ invitationId: z.string().min(1) }),
  { role: "ADMIN" },
  async (input, { db, tenant }) => {
    const res = await db.invitation.updateMany({
      where: { id: input.invitationId, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (res.count === 0) throw notFoundInTenant("Invitation");
    revalidatePath(`/t/${tenant.slug}/team`);
    return { invitationId: input.invitationId };
  },
);

async function assertAnotherOwner(ctx: TenantContext, exceptMembershipId: string) {
  const owners = await ctx.db.membership.count({ where: { role: "OWNER", id: { not: exceptMembershipId } } });
  if (owners === 0)
    throw new ActionError("A business needs at least one owner. Make someone else an owner first.", { code: 409 });
}
