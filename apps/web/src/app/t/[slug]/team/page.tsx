import { ConfirmForm } from "@/components/ui/confirm-form";
import { Badge, Card, PageHeader } from "@/components/ui/layout";
import { withTenantPage } from "@/lib/authz/page";
import { roleAtLeast } from "@/lib/authz/tenant-access";
import { formatDate, humanize } from "@/lib/format";
import { removeMemberAction, revokeInvitationAction } from "@/modules/team/actions";
import { InviteForm, RoleSelect } from "@/modules/team/components/team-forms";

export const metadata = { title: "Team" };

export default async function TeamPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant, db, role, user } = await withTenantPage(slug);
  const [members, invitations] = await Promise.all([
    db.membership.findMany({
      orderBy: { createdAt: "asc" },
      select: { id: true, role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
    }),
    db.invitation.findMany({
      where: { acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      orderBy: { createdAt: "desc" },
      select: { id: true, email: true, role: true, expiresAt: true },
    }),
  ]);
  const canManage = roleAtLeast(role, "ADMIN");
  const isOwner = role === "OWNER";
  return (
    <>
      <PageHeader title="Team" description="Who can see and manage this business. Only owners can change billing." />
      <div className="space-y-6">
        <Card title={`Members (${members.length})`}>
          <ul className="divide-y divide-slate-100">
            {members.map((m) => {
              const label = m.user.name ? `${m.user.name} (${m.user.email})` : m.user.email;
              const manageable = canManage && m.user.id !== user.id && (isOwner || m.role !== "OWNER");
              return (
                <li key={m.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                  <div>
                    <p className="font-medium">
                      {m.user.name ?? m.user.email}{" "}
                      {m.user.id === user.id ? <span className="text-xs text-slate-500">(you)</span> : null}
                    </p>
                    <p className="text-sm text-slate-600">
                      {m.user.email} · joined {formatDate(m.createdAt, tenant.timezone)}
                    </p>
                  </div>
                  {manageable ? (
                    <div className="flex flex-wrap items-center gap-3">
                      <RoleSelect slug={slug} membershipId={m.id} role={m.role} label={label} canGrantOwner={isOwner} />
                      <ConfirmForm
                        action={removeMemberAction}
                        hidden={{ slug, membershipId: m.id }}
                        trigger="Remove"
                        title={`Remove ${m.user.name ?? m.user.email}?`}
                        body="They lose access to this business immediately. Their past actions stay in the audit log."
                        confirmLabel="Remove member"
                      />
                    </div>
                  ) : (
                    <Badge tone={m.role === "OWNER" ? "blue" : "gray"}>{humanize(m.role)}</Badge>
                  )}
                </li>
              );
            })}
          </ul>
        </Card>
        {canManage ? (
          <Card title="Invite someone">
            <InviteForm slug={slug} canInviteOwner={isOwner} />
          </Card>
        ) : null}
        <Card title={`Pending invitations (${invitations.length})`}>
          {invitations.length === 0 ? (
            <p className="text-sm text-slate-600">No open invitations.</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {invitations.map((i) => (
                <li key={i.id} className="flex flex-wrap items-center justify-between gap-2 py-3 text-sm">
                  <span>
                    <span className="font-medium">{i.email}</span> as {i.role.toLowerCase()} · expires{" "}
                    {formatDate(i.expiresAt, tenant.timezone)}
                  </span>
                  {canManage ? (
                    <ConfirmForm
                      action={revokeInvitationAction}
                      hidden={{ slug, invitationId: i.id }}
                      trigger="Revoke"
                      title={`Revoke the invitation for ${i.email}?`}
                      body="The link in their e-mail stops working."
                      confirmLabel="Revoke"
                    />
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
