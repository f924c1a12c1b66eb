import { normalizeCallerId, parseLatencySummary } from "@articulate/calls";
import { getCallWithTranscript } from "@articulate/db";
import { listCallLookups } from "@articulate/knowledge";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ConfirmForm } from "@/components/ui/confirm-form";
import { Card, PageHeader } from "@/components/ui/layout";
import { tenantPage } from "@/lib/authz/page";
import { roleAtLeast } from "@/lib/authz/tenant-access";
import {
  formatBytes,
  formatCount,
  formatDate,
  formatDateTime,
  formatDuration,
  formatMoney,
  formatOffset,
  formatPhone,
  humanize,
} from "@/lib/format";
import { CallAnalysisCard } from "@/modules/analysis/components/call-analysis-card";
import { BlockCallerButton } from "@/modules/block-list/components/block-list-forms";
import { AutoRefresh } from "@/modules/calls/components/auto-refresh";
import { CallStatusBadge, OutcomeBadge } from "@/modules/calls/components/call-badges";
import { answeredSeconds, callBillingLabel, soundQualityLabel } from "@/modules/calls/lib/call-labels";
import { CallLookups } from "@/modules/knowledge/components/call-lookups";
import { deleteRecordingAction } from "@/modules/recordings/actions";
import { CallerDataDeleteForm } from "@/modules/recordings/components/caller-data-delete-form";
import { RecordingPlayer } from "@/modules/recordings/components/recording-player";
import { recordingStorageClient } from "@/modules/recordings/lib/storage";

export const metadata = { title: "Call" };

export default async function CallPage({ params }: { params: Promise<{ slug: string; callId: string }> }) {
  const { slug, callId } = await params;
  return tenantPage(slug, {}, async ({ tenant, db, role }) => {
    // Read within the tenant: another tenant's call id is a 404.
    const call = await getCallWithTranscript(tenant.id, callId);
    if (!call) notFound();
    const [agent, number, recording, lookups] = await Promise.all([
      call.agentId ? db.agent.findFirst({ where: { id: call.agentId }, select: { id: true, name: true } }) : null,
      call.phoneNumberId
        ? db.phoneNumber.findFirst({ where: { id: call.phoneNumberId }, select: { e164: true, provider: true } })
        : null,
      db.call.findFirstOrThrow({
        where: { id: call.id },
        select: {
          recordingState: true,
          recordingError: true,
          recordingDurationMs: true,
          recordingSizeBytes: true,
          recordingExpiresAt: true,
          recordingDeletedAt: true,
        },
      }),
      listCallLookups(tenant.id, call.id),
    ]);
    const canManage = roleAtLeast(role, "ADMIN");
    // Never a broken player: only a ready recording on a server with storage gets one.
    const playable = recording.recordingState === "READY" && recordingStorageClient() !== null;
    const recordingHref = `/t/${slug}/calls/${call.id}/recording`;
    const agentLabel = agent?.name ?? "Agent";
    const live = call.status === "IN_PROGRESS" || call.status === "RINGING";
    const latency = parseLatencySummary(call.latency);
    const soundQuality = soundQualityLabel({
      audioBandwidth: call.audioBandwidth,
      isTest: call.isTest,
      provider: number?.provider ?? null,
    });
    const caller = call.direction === "INBOUND" ? call.fromNumber : call.toNumber;
    return (
      <>
        <PageHeader
          title={`Call ${call.direction === "INBOUND" ? "from" : "to"} ${formatPhone(caller)}`}
          description={
            <>
              <Link className="text-brand-700 underline" href={`/t/${slug}/calls`}>
                Calls
              </Link>{" "}
              · {formatDateTime(call.startedAt, tenant.timezone)}
            </>
          }
          actions={live ? <AutoRefresh label="Live: updating" everyMs={3000} /> : null}
        />
        <div className="grid gap-6 lg:grid-cols-3">
          <div className="space-y-6 lg:col-span-2">
            {call.messages.length > 0 ? (
              <Card title="Message taken">
                {call.messages.map((m) => (
                  <dl key={m.id} className="grid grid-cols-[8rem_1fr] gap-y-1 text-sm">
                    <dt className="text-slate-500">Caller</dt>
                    <dd className="font-medium">{m.callerName}</dd>
                    <dt className="text-slate-500">Call back on</dt>
                    <dd className="tabular-nums">{formatPhone(m.callbackNumber)}</dd>
                    <dt className="text-slate-500">About</dt>
                    <dd>{m.reason}</dd>
                  </dl>
                ))}
              </Card>
            ) : null}
            <CallAnalysisCard call={call} />
            <CallLookups lookups={lookups} />
            {playable ? (
              <Card title="Recording and transcript">
                <RecordingPlayer
                  src={recordingHref}
                  downloadHref={`${recordingHref}?download=1`}
                  durationMs={recording.recordingDurationMs}
                  segments={call.segments.map((s) => ({
                    sequence: s.sequence,
                    speaker: s.speaker,
                    speakerLabel: s.speaker === "AGENT" ? agentLabel : s.speaker === "CALLER" ? "Caller" : "System",
                    text: s.text,
                    startMs: s.startMs,
                    endMs: s.endMs,
                  }))}
                />
              </Card>
            ) : (
              <Card title="Transcript">
                {call.segments.length === 0 ? (
                  <p className="text-sm text-slate-600">
                    {live ? "The transcript appears here as the call goes on." : "Nothing was said on this call."}
                  </p>
                ) : (
                  <ol className="space-y-3" aria-label="Transcript">
                    {call.segments.map((s) => (
                      <li
                        key={s.sequence}
                        className={`flex gap-3 ${s.speaker === "AGENT" ? "" : "flex-row-reverse text-right"}`}
                      >
                        <div
                          className={`max-w-[85%] rounded-lg px-3 py-2 text-sm ${s.speaker === "AGENT" ? "bg-slate-100" : s.speaker === "CALLER" ? "bg-brand-50" : "bg-amber-50 italic"}`}
                        >
                          <p className="mb-0.5 text-xs font-medium text-slate-500">
                            {s.speaker === "AGENT"
                              ? (agent?.name ?? "Agent")
                              : s.speaker === "CALLER"
                                ? "Caller"
                                : "System"}
                            {s.startMs != null ? (
                              <span className="ml-2 tabular-nums">{formatOffset(s.startMs)}</span>
                            ) : null}
                          </p>
                          <p>{s.text}</p>
                        </div>
                      </li>
                    ))}
                  </ol>
                )}
              </Card>
            )}
          </div>
          <div className="space-y-6">
            <Card title="Details">
              <dl className="grid grid-cols-2 gap-y-2 text-sm">
                <dt className="text-slate-500">Status</dt>
                <dd>
                  <CallStatusBadge status={call.status} endReason={call.endReason} isTest={call.isTest} />
                </dd>
                <dt className="text-slate-500">Outcome</dt>
                <dd>
                  <OutcomeBadge outcome={call.outcome} endReason={call.endReason} />
                </dd>
                <dt className="text-slate-500">Direction</dt>
                <dd>{humanize(call.direction)}</dd>
                <dt className="text-slate-500">Agent</dt>
                <dd>
                  {agent ? (
                    <Link className="text-brand-700 underline" href={`/t/${slug}/agents/${agent.id}`}>
                      {agent.name}
                    </Link>
                  ) : (
                    "—"
                  )}
                </dd>
                <dt className="text-slate-500">Number</dt>
                <dd className="tabular-nums">{formatPhone(number?.e164 ?? call.toNumber)}</dd>
                <dt className="text-slate-500">Answered</dt>
                <dd>{formatDateTime(call.answeredAt, tenant.timezone)}</dd>
                <dt className="text-slate-500">Ended</dt>
                <dd>{formatDateTime(call.endedAt, tenant.timezone)}</dd>
                <dt className="text-slate-500">Duration</dt>
                <dd className="tabular-nums">{formatDuration(answeredSeconds(call))}</dd>
                <dt className="text-slate-500">Billing</dt>
                <dd>{callBillingLabel(call)}</dd>
                <dt className="text-slate-500">Price</dt>
                <dd className="tabular-nums">
                  {call.priceMinor > 0
                    ? formatMoney(call.priceMinor)
                    : call.billableMinutes > 0
                      ? "Included in plan"
                      : formatMoney(0)}
                </dd>
                <dt className="text-slate-500">End reason</dt>
                <dd>{humanize(call.endReason)}</dd>
                <dt className="text-slate-500">Sound quality</dt>
                <dd>
                  {soundQuality.quality}
                  <p className="text-xs text-slate-500">{soundQuality.note}</p>
                </dd>
              </dl>
            </Card>
            {call.direction === "INBOUND" && role !== "MEMBER" && !call.isTest ? (
              <Card title="Unwanted caller?">
                <p className="mb-3 text-sm text-slate-600">
                  Blocked callers are refused before your agent answers and are never billed.
                </p>
                <BlockCallerButton slug={slug} callId={call.id} number={normalizeCallerId(call.fromNumber)} />
              </Card>
            ) : null}
            <Card title="Recording">
              <RecordingStatus
                state={recording.recordingState}
                error={recording.recordingError}
                playable={playable}
                durationMs={recording.recordingDurationMs}
                sizeBytes={recording.recordingSizeBytes === null ? null : Number(recording.recordingSizeBytes)}
                expiresAt={formatDate(recording.recordingExpiresAt, tenant.timezone)}
                deletedAt={formatDate(recording.recordingDeletedAt, tenant.timezone)}
              />
              {canManage && recording.recordingState === "READY" ? (
                <div className="mt-3">
                  <ConfirmForm
                    action={deleteRecordingAction}
                    hidden={{ slug, callId: call.id }}
                    trigger="Delete recording"
                    title="Delete this recording?"
                    body="The audio is deleted from storage straight away and can't be recovered. The transcript and call details stay."
                    confirmLabel="Delete recording"
                  />
                </div>
              ) : null}
            </Card>
            {canManage ? (
              <Card title="Caller privacy">
                <p className="text-sm text-slate-600">
                  If {formatPhone(caller)} asks you to delete what you hold about them, this removes every recording,
                  transcript and message from calls with this number. Call times and billing stay.
                </p>
                <div className="mt-3">
                  <CallerDataDeleteForm slug={slug} callId={call.id} caller={formatPhone(caller)} />
                </div>
              </Card>
            ) : null}
            <Card title="Response latency per turn">
              {latency && latency.turns > 0 ? (
                <table className="w-full text-sm">
                  <caption className="sr-only">
                    Latency in milliseconds over {formatCount(latency.turns, "turn")}
                  </caption>
                  <thead>
                    <tr className="text-left text-xs text-slate-500">
                      <th scope="col" className="font-medium">
                        Stage
                      </th>
                      <th scope="col" className="pl-3 text-right font-medium">
                        p50
                      </th>
                      <th scope="col" className="pl-3 text-right font-medium">
                        p95
                      </th>
                      <th scope="col" className="pl-3 text-right font-medium">
                        max
                      </th>
                    </tr>
                  </thead>
                  <tbody className="whitespace-nowrap tabular-nums">
                    {(
                      [
                        ["Caller stops → agent speaks", latency.e2eMs],
                        ["End of speech", latency.eouMs],
                        ["Transcription", latency.transcriptionMs],
                        ["LLM first token", latency.llmTtftMs],
                        ["Voice first audio", latency.ttsTtfbMs],
                      ] as const
                    ).map(([label, s]) => (
                      <tr key={label}>
                        <th scope="row" className="py-1 text-left font-normal">
                          {label}
                        </th>
                        <td className="pl-3 text-right">{s ? `${s.p50} ms` : "—"}</td>
                        <td className="pl-3 text-right">{s ? `${s.p95} ms` : "—"}</td>
                        <td className="pl-3 text-right">{s ? `${s.max} ms` : "—"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <p className="text-sm text-slate-600">No latency measured for this call.</p>
              )}
              {latency?.turns ? (
                <p className="mt-2 text-xs text-slate-500">{formatCount(latency.turns, "agent turn")}</p>
              ) : null}
            </Card>
          </div>
        </div>
      </>
    );
  });
}

function RecordingStatus({
  state,
  error,
  playable,
  durationMs,
  sizeBytes,
  expiresAt,
  deletedAt,
}: {
  state: string;
  error: string | null;
  playable: boolean;
  durationMs: number | null;
  sizeBytes: number | null;
  expiresAt: string;
  deletedAt: string;
}) {
  const line = (() => {
    switch (state) {
      case "READY":
        return playable
          ? `${durationMs ? formatDuration(Math.round(durationMs / 1000)) : ""}${sizeBytes ? ` · ${formatBytes(sizeBytes)}` : ""} · kept until ${expiresAt}`
          : "Recorded, but playback isn't available on this server right now.";
      case "RECORDING":
        return "Recording in progress. It will be ready shortly after the call ends.";
      case "PROCESSING":
        return "The recording is being processed and will be ready in a moment.";
      case "FAILED":
        return `This call's recording failed${error ? `: ${error}` : "."} The call itself was not affected.`;
      case "DELETED":
        return `The recording was deleted on ${deletedAt}.`;
      default:
        return "This call was not recorded.";
    }
  })();
  return (
    <p className={`text-sm ${state === "FAILED" ? "text-red-700" : "text-slate-600"}`} data-testid="recording-status">
      {line}
    </p>
  );
}
