// Accepting an invitation: the token is looked up by its hash (the only way in),
// and must be open, unexpired and addressed to the signed-in user's e-mail.
import { platformDb, writeAudit } from "@articulate/db";
import { hashOneTimeToken } from "@/lib/tokens";

export type InvitationLookup =
  | {
      ok: true;
      invitation: { id: string; tenantId: string; email: string; role: string; tenantName: string; tenantSlug: string };
    }
  | { ok: false; reason: string };

export async function findOpenInvitation(token: string): Promise<InvitationLookup> {
  // Token → invitation is cross-tenant by nature: the hash is the credential.
  const inv = await platformDb().invitation.findUnique({
    where: { tokenHash: hashOneTimeToken(token) },
    include: { tenant: { select: { name: true, slug: true } } },
  });
  if (!inv || inv.revokedAt) return { ok: false, reason: "This invitation is not valid. Ask for a new one." };
  if (inv.acceptedAt) return { ok: false, reason: "This invitation was already accepted." };
  if (inv.expiresAt < new Date()) return { ok: false, reason: "This invitation has expired. Ask for a new one." };
  return {
    ok: true,
    invitation: {
      id: inv.id,
      tenantId: inv.tenantId,
      email: inv.email,
      role: inv.role,
      tenantName: inv.tenant.name,
      tenantSlug: inv.tenant.slug,
    },
  };
}

export async function acceptInvitation(
  token: string,
  user: { id: string; email: string },
): Promise<{ ok: true; slug: string } | { ok: false; reason: string }> {
  const found = await findOpenInvitation(token);
  if (!found.ok) return found;
  const inv = found.invitation;
  if (inv.email.toLowerCase() !== user.email.toLowerCase()) {
    return { ok: false, reason: `This invitation is for ${inv.email}. Sign in with that e-mail to accept it.` };
  }
  // platformDb(): The membership is created in the inviting tenant for a user who is not yet its member.
  await platformDb().$transaction(async (tx) => {
    const claimed = await tx.invitation.updateMany({
      where: { id: inv.id, tenantId: inv.tenantId, acceptedAt: null },
      data: { acceptedAt: new Date() },
    });
    if (claimed.count !== 1) return;
    await tx.membership.upsert({
      where: { tenantId_userId: { tenantId: inv.tenantId, userId: user.id } },
      update: {},
      create: { tenantId: inv.tenantId, userId: user.id, role: inv.role as "OWNER" | "ADMIN" | "MEMBER" },
    });
    await writeAudit(tx, {
      tenantId: inv.tenantId,
      actorType: "user",
      actorId: user.id,
      action: "member.joined",
      targetType: "Invitation",
      targetId: inv.id,
    });
  });
  return { ok: true, slug: inv.tenantSlug };
}
