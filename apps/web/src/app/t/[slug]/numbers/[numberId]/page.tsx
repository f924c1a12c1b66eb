import {
  byoCarrierSetup,
  carrierMediaProfile,
  isLiveKitCloudUrl,
  resolveTelephonyConfig,
  secureMediaUnavailableReason,
  TelephonyError,
} from "@articulate/telephony";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ConfirmForm } from "@/components/ui/confirm-form";
import { Card, Notice, PageHeader } from "@/components/ui/layout";
import { tenantPage } from "@/lib/authz/page";
import { roleAtLeast } from "@/lib/authz/tenant-access";
import { formatDateTime, formatMoney, formatPhone, humanize } from "@/lib/format";
import { platformReadiness } from "@/lib/platform-readiness";
import { AutoRefresh } from "@/modules/calls/components/auto-refresh";
import { NumberStatusBadge } from "@/modules/calls/components/call-badges";
import { releaseNumberAction } from "@/modules/numbers/actions";
import { AssignAgentForm, RetryProvisioningForm, SecureMediaForm } from "@/modules/numbers/components/number-forms";

export const metadata = { title: "Number" };

/** Each attempt outcome in the owner's words (from docs/sip-debugging.md). */
const ATTEMPT_OUTCOMES: Record<string, { label: string; meaning: string }> = {
  connected: { label: "Connected", meaning: "Your agent answered." },
  no_agent: {
    label: "No agent",
    meaning: "The call reached us but no agent picked up: the agent service was down or overloaded.",
  },
  rejected: { label: "Rejected", meaning: "The call was refused (for example a blocked caller or a busy line)." },
  in_progress: { label: "In progress", meaning: "Still going, or we never heard how it ended." },
};

export default async function NumberPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; numberId: string }>;
  searchParams: Promise<{ imported?: string }>;
}) {
  const { slug, numberId } = await params;
  const { imported } = await searchParams;
  return tenantPage(slug, {}, async ({ tenant, db, role }) => {
    // Tenant-scoped read: another tenant's number id is a 404.
    const n = await db.phoneNumber.findFirst({ where: { id: numberId } });
    if (!n) notFound();
    const canEdit = roleAtLeast(role, "ADMIN");
    const agents = (
      await db.agent.findMany({
        where: { archivedAt: null },
        select: { id: true, name: true },
        orderBy: { createdAt: "asc" },
      })
    ).map((a) => ({ value: a.id, label: a.name }));
    let setup: Awaited<ReturnType<typeof byoCarrierSetup>> | null = null;
    let setupError: string | null = null;
    if (n.provider === "BYO" && n.status !== "RELEASED" && canEdit) {
      try {
        setup = await byoCarrierSetup(tenant.id, n.id);
      } catch (err) {
        if (!(err instanceof TelephonyError)) throw err;
        setupError = err.message;
      }
    }
    // Waiting on a carrier's review can take days: no spinner, the carrier's event finishes it.
    const busy = (n.status === "PROVISIONING" && !n.waitingOn) || n.status === "RELEASING";
    const telephony = resolveTelephonyConfig();
    const secureUnavailable = secureMediaUnavailableReason(n.provider, telephony);
    const quality = carrierMediaProfile(n.provider).quality;
    const attempts = await db.sipInboundAttempt.findMany({
      where: { phoneNumberId: n.id },
      orderBy: { startedAt: "desc" },
      take: 10,
    });
    const onCloud = isLiveKitCloudUrl(telephony.livekit?.url);
    const lastReached = attempts[0]?.startedAt ?? null;
    const quiet = n.status === "ACTIVE" && (!lastReached || Date.now() - lastReached.getTime() > 24 * 3600_000);
    return (
      <>
        <PageHeader
          title={formatPhone(n.e164)}
          description={
            <>
              <Link className="text-brand-700 underline" href={`/t/${slug}/numbers`}>
                Numbers
              </Link>{" "}
              · {n.provider === "BYO" ? "Your own carrier" : humanize(n.provider)}
            </>
          }
          actions={busy ? <AutoRefresh label="Updating" everyMs={2000} /> : null}
        />
        <div className="space-y-6">
          {imported && setup ? (
            <Notice title="Number connected on our side">
              Now enter the settings below at your carrier. Calls reach your agent once they are saved there.
            </Notice>
          ) : null}
          {n.status === "PROVISIONING" && n.waitingOn ? (
            <Notice tone="yellow" title="Waiting on the carrier">
              <p>{n.waitingOn}</p>
            </Notice>
          ) : null}
          {n.status === "FAILED" ? (
            <Notice tone="red" title="Setup failed">
              <p>{n.failureReason ?? "Unknown error."}</p>
              {canEdit && platformReadiness().canConnectNumbers ? (
                <div className="mt-2">
                  <RetryProvisioningForm slug={slug} phoneNumberId={n.id} />
                </div>
              ) : null}
            </Notice>
          ) : null}
          <div className="grid gap-6 lg:grid-cols-2">
            <Card title="Status">
              <dl className="grid grid-cols-[10rem_1fr] gap-y-2 text-sm">
                <dt className="text-slate-500">Status</dt>
                <dd>
                  <NumberStatusBadge status={n.status} />
                </dd>
                <dt className="text-slate-500">Setup step</dt>
                <dd>{n.provisioningStep === "active" ? "Complete" : humanize(n.provisioningStep)}</dd>
                <dt className="text-slate-500">Type</dt>
                <dd>
                  {humanize(n.numberType)} ({n.country})
                </dd>
                <dt className="text-slate-500">Monthly cost</dt>
                <dd>{n.monthlyCostMinor > 0 ? formatMoney(n.monthlyCostMinor) : "—"}</dd>
                <dt className="text-slate-500">Added</dt>
                <dd>{formatDateTime(n.createdAt, tenant.timezone)}</dd>
                <dt className="text-slate-500">Call audio</dt>
                <dd>
                  {quality === "hd"
                    ? "HD voice (G.722) when the carrier offers it, else standard phone quality (G.711)"
                    : "Standard phone quality (G.711): this carrier has no HD voice"}
                </dd>
                <dt className="text-slate-500">Encryption</dt>
                <dd className="space-y-1">
                  <p>
                    {n.requireSecureMedia
                      ? "Required: calls must use TLS and SRTP; unencrypted calls are refused."
                      : "Used when the carrier offers it (SRTP)."}
                  </p>
                  {canEdit && n.status !== "RELEASED" && n.provider !== "LIVEKIT" ? (
                    secureUnavailable && !n.requireSecureMedia ? (
                      <p className="text-xs text-slate-500">{secureUnavailable}</p>
                    ) : (
                      <>
                        <SecureMediaForm slug={slug} phoneNumberId={n.id} required={n.requireSecureMedia} />
                        <p className="text-xs text-slate-500">
                          Transfers to a person (SIP REFER) do not work on encrypted (TLS) calls yet.
                        </p>
                      </>
                    )
                  ) : null}
                </dd>
                <dt className="text-slate-500">LiveKit trunk</dt>
                <dd className="font-mono text-xs">{n.livekitInboundTrunkId ?? "—"}</dd>
                <dt className="text-slate-500">Dispatch rule</dt>
                <dd className="font-mono text-xs">{n.livekitDispatchRuleId ?? "—"}</dd>
              </dl>
            </Card>
            <Card title="Agent">
              {canEdit && n.status !== "RELEASED" ? (
                <AssignAgentForm
                  slug={slug}
                  phoneNumberId={n.id}
                  agentId={n.agentId}
                  agents={agents}
                  label={formatPhone(n.e164)}
                />
              ) : (
                <p className="text-sm">{agents.find((a) => a.value === n.agentId)?.label ?? "No agent"}</p>
              )}
              {canEdit && n.status !== "RELEASED" && n.status !== "RELEASING" ? (
                <div className="mt-6 border-t border-slate-100 pt-4">
                  <ConfirmForm
                    action={releaseNumberAction}
                    hidden={{ slug, phoneNumberId: n.id }}
                    trigger="Release this number"
                    title={`Release ${formatPhone(n.e164)}?`}
                    body={
                      n.provider === "BYO"
                        ? "Calls to this number stop reaching your agent. The number stays with your carrier."
                        : "Calls stop immediately and the number goes back to the carrier. You may not get the same number again."
                    }
                    confirmLabel="Release number"
                  />
                </div>
              ) : null}
            </Card>
          </div>
          <Card title="Inbound attempts">
            {quiet ? (
              <Notice
                tone="yellow"
                title={`No calls reached us since ${formatDateTime(lastReached ?? n.createdAt, tenant.timezone)}`}
              >
                If callers say they are getting through to nothing, the carrier is not forwarding this number to us:
                check its forwarding and SIP settings.
              </Notice>
            ) : null}
            {attempts.length === 0 ? (
              <p className="text-sm text-slate-600">No calls have reached this number yet.</p>
            ) : (
              <table className="mt-2 w-full text-sm">
                <thead>
                  <tr className="text-left text-slate-500">
                    <th className="py-1 font-normal">When</th>
                    <th className="py-1 font-normal">Caller</th>
                    <th className="py-1 font-normal">Outcome</th>
                    <th className="py-1 font-normal">What it means</th>
                  </tr>
                </thead>
                <tbody>
                  {attempts.map((a) => (
                    <tr key={a.id} className="border-t border-slate-100 align-top">
                      <td className="py-1.5 pr-2 whitespace-nowrap">{formatDateTime(a.startedAt, tenant.timezone)}</td>
                      <td className="py-1.5 pr-2 whitespace-nowrap">
                        {a.callerNumber ? formatPhone(a.callerNumber) : "Hidden"}
                      </td>
                      <td className="py-1.5 pr-2">
                        {ATTEMPT_OUTCOMES[a.outcome]?.label ?? a.outcome}
                        {a.detail ? <span className="block font-mono text-xs text-slate-500">{a.detail}</span> : null}
                      </td>
                      <td className="py-1.5 text-slate-600">{ATTEMPT_OUTCOMES[a.outcome]?.meaning ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <p className="mt-3 text-xs text-slate-500">
              {onCloud
                ? "This installation uses LiveKit Cloud: calls that reached a room are listed here. Calls LiveKit refused before that (unknown number, wrong credentials, blocked address) are in LiveKit Cloud's call history."
                : "This installation runs its own LiveKit: calls that reached a room are listed here. Calls refused before that (unknown number, wrong credentials, blocked address) only appear in the livekit-sip logs; your operator can check them."}
            </p>
          </Card>
          {n.provider === "BYO" && canEdit ? (
            <Card title="Settings to enter at your carrier">
              {setupError ? (
                <Notice tone="yellow">{setupError}</Notice>
              ) : setup ? (
                <dl className="grid gap-y-2 text-sm sm:grid-cols-[12rem_1fr]">
                  <dt className="text-slate-500">SIP server / destination</dt>
                  <dd>
                    <table className="text-sm">
                      <tbody>
                        {setup.options.map((o) => (
                          <tr key={o.transport}>
                            <td className="pr-3 font-medium">
                              {o.transport.toUpperCase()}
                              {o.transport === "tcp" ? " (recommended)" : o.transport === "tls" ? " (encrypted)" : ""}
                            </td>
                            <td className="pr-3 font-mono break-all">{o.uri}</td>
                            <td className="text-slate-500">port {o.port}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </dd>
                  <dt className="text-slate-500">Host</dt>
                  <dd className="font-mono">{setup.sipEndpoint}</dd>
                  {setup.region ? (
                    <>
                      <dt className="text-slate-500">Region</dt>
                      <dd>{setup.region === "aus" ? "Australia (calls stay in Australia)" : setup.region}</dd>
                    </>
                  ) : null}
                  <dt className="text-slate-500">Encryption</dt>
                  <dd>{setup.secureMedia === "required" ? "Required (TLS + SRTP)" : "Optional (TLS + SRTP)"}</dd>
                  <dt className="text-slate-500">Number (DID)</dt>
                  <dd className="font-mono">{setup.number}</dd>
                  {setup.username ? (
                    <>
                      <dt className="text-slate-500">Username</dt>
                      <dd className="font-mono">{setup.username}</dd>
                      <dt className="text-slate-500">Password</dt>
                      <dd className="font-mono break-all">{setup.password}</dd>
                    </>
                  ) : null}
                  {setup.allowedAddresses.length > 0 ? (
                    <>
                      <dt className="text-slate-500">Accepted carrier IPs</dt>
                      <dd className="font-mono">{setup.allowedAddresses.join(", ")}</dd>
                    </>
                  ) : null}
                  <dt className="text-slate-500">Carrier settings</dt>
                  <dd>
                    <ul className="list-disc space-y-1 pl-5">
                      {setup.carrierSettings.map((line) => (
                        <li key={line}>{line}</li>
                      ))}
                    </ul>
                  </dd>
                </dl>
              ) : null}
            </Card>
          ) : null}
        </div>
      </>
    );
  });
}
