import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { ConfirmForm } from "@/components/ui/confirm-form";
import { Card, EmptyState, Notice, PageHeader } from "@/components/ui/layout";
import { withTenantPage } from "@/lib/authz/page";
import { roleAtLeast } from "@/lib/authz/tenant-access";
import { formatMoney, formatPhone, humanize } from "@/lib/format";
import { platformReadiness } from "@/lib/platform-readiness";
import { AutoRefresh } from "@/modules/calls/components/auto-refresh";
import { NumberStatusBadge } from "@/modules/calls/components/call-badges";
import { releaseNumberAction } from "@/modules/numbers/actions";
import { AssignAgentForm, RetryProvisioningForm } from "@/modules/numbers/components/number-forms";

export const metadata = { title: "Numbers" };

export default async function NumbersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { db, role } = await withTenantPage(slug);
  const [numbers, agents] = await Promise.all([
    db.phoneNumber.findMany({ where: { status: { not: "RELEASED" } }, orderBy: { createdAt: "asc" } }),
    db.agent.findMany({ where: { archivedAt: null }, select: { id: true, name: true }, orderBy: { createdAt: "asc" } }),
  ]);
  const canEdit = roleAtLeast(role, "ADMIN");
  const ready = platformReadiness().canConnectNumbers;
  const busy = numbers.some((n) => n.status === "PROVISIONING" || n.status === "RELEASING");
  const agentOpts = agents.map((a) => ({ value: a.id, label: a.name }));
  return (
    <>
      <PageHeader
        title="Numbers"
        description="Phone numbers callers dial to reach your agents."
        actions={
          canEdit ? (
            <>
              <Link href={`/t/${slug}/numbers/new`} className={buttonClass("primary")}>
                Buy a number
              </Link>
              <Link href={`/t/${slug}/numbers/import`} className={buttonClass("secondary")}>
                Bring your own number
              </Link>
            </>
          ) : null
        }
      />
      {!ready ? (
        <div className="mb-6">
          <Notice tone="yellow" title="Connecting numbers isn't available on this installation yet">
            This installation's calling service is not connected, so phone numbers cannot be bought or connected yet.
            You can already{" "}
            <Link className="underline" href={`/t/${slug}/agents`}>
              talk to your agent in the browser
            </Link>{" "}
            to hear how it answers.
          </Notice>
        </div>
      ) : null}
      {numbers.length === 0 ? (
        <EmptyState
          title="No phone numbers yet"
          body="Buy an Australian number in a minute, or connect a number you already have with your carrier."
          action={canEdit ? { href: `/t/${slug}/numbers/new`, label: "Buy a number" } : undefined}
        />
      ) : (
        <Card
          actions={busy ? <AutoRefresh label="Setting up: updating" everyMs={2000} /> : null}
          title={`${numbers.length} number${numbers.length === 1 ? "" : "s"}`}
        >
          <ul className="divide-y divide-slate-100">
            {numbers.map((n) => (
              <li key={n.id} className="flex flex-col gap-3 py-4 lg:flex-row lg:items-center lg:justify-between">
                <div className="min-w-0">
                  <div className="flex flex-wrap items-center gap-2">
                    <Link
                      href={`/t/${slug}/numbers/${n.id}`}
                      className="text-lg font-semibold tabular-nums text-brand-700 hover:underline"
                    >
                      {formatPhone(n.e164)}
                    </Link>
                    <NumberStatusBadge status={n.status} />
                  </div>
                  <p className="text-sm text-slate-600">
                    {n.label ? `${n.label} · ` : ""}
                    {n.provider === "BYO" ? "Your own carrier" : humanize(n.provider)} · {humanize(n.numberType)}
                    {n.monthlyCostMinor > 0 ? ` · ${formatMoney(n.monthlyCostMinor)}/month` : ""}
                  </p>
                  {n.status === "FAILED" && n.failureReason ? (
                    <p role="alert" className="mt-1 text-sm text-red-700">
                      Setup failed: {n.failureReason}
                    </p>
                  ) : null}
                  {n.status === "PROVISIONING" ? (
                    <p className="mt-1 text-sm text-slate-600">Connecting the number to your agent…</p>
                  ) : null}
                </div>
                {canEdit ? (
                  <div className="flex flex-wrap items-center gap-3">
                    <AssignAgentForm
                      slug={slug}
                      phoneNumberId={n.id}
                      agentId={n.agentId}
                      agents={agentOpts}
                      label={formatPhone(n.e164)}
                    />
                    {n.status === "FAILED" && ready ? <RetryProvisioningForm slug={slug} phoneNumberId={n.id} /> : null}
                    <ConfirmForm
                      action={releaseNumberAction}
                      hidden={{ slug, phoneNumberId: n.id }}
                      trigger="Release"
                      title={`Release ${formatPhone(n.e164)}?`}
                      body={
                        n.provider === "BYO"
                          ? "Calls to this number stop reaching your agent. The number stays with your carrier."
                          : "Calls stop immediately and the number goes back to the carrier. You may not get the same number again."
                      }
                      confirmLabel="Release number"
                    />
                  </div>
                ) : (
                  <p className="text-sm text-slate-600">{agents.find((a) => a.id === n.agentId)?.name ?? "No agent"}</p>
                )}
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}
