import { markMessageSeen } from "@articulate/calls";
import { getCallWithTranscript } from "@articulate/db";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge, Card, PageHeader } from "@/components/ui/layout";
import { tenantPage } from "@/lib/authz/page";
import { formatDateTime, formatPhone, humanize } from "@/lib/format";
import { MessageEditor } from "@/modules/messages/components/message-editor";
import { memberChoices } from "@/modules/messages/lib/members";

export const metadata = { title: "Message" };

export default async function MessagePage({ params }: { params: Promise<{ slug: string; messageId: string }> }) {
  const { slug, messageId } = await params;
  return tenantPage(slug, {}, async ({ tenant, db, user }) => {
    // Opening a new message marks it seen (audited).
    await markMessageSeen(tenant.id, messageId, { type: "user", id: user.id });
    const message = await db.message.findFirst({ where: { id: messageId } });
    if (!message) notFound();
    const [members, call] = await Promise.all([
      memberChoices(db),
      message.callId ? getCallWithTranscript(tenant.id, message.callId) : Promise.resolve(null),
    ]);
    return (
      <>
        <PageHeader
          title={`Message from ${message.callerName}`}
          description={`Arrived ${formatDateTime(message.createdAt, tenant.timezone)}`}
        />
        <p className="mb-4 text-sm">
          <Link href={`/t/${slug}/messages`} className="text-brand-700 underline">
            ← All messages
          </Link>
        </p>
        <div className="grid gap-6 lg:grid-cols-3">
          <div className="space-y-6 lg:col-span-2">
            <Card title="The message">
              <dl className="grid gap-3 text-sm sm:grid-cols-2">
                <div>
                  <dt className="text-slate-500">Caller</dt>
                  <dd className="font-medium">{message.callerName}</dd>
                </div>
                <div>
                  <dt className="text-slate-500">Call back on</dt>
                  <dd>
                    <a href={`tel:${message.callbackNumber}`} className="font-medium text-brand-700 underline">
                      {formatPhone(message.callbackNumber)}
                    </a>
                  </dd>
                </div>
                <div>
                  <dt className="text-slate-500">Urgency</dt>
                  <dd>
                    {message.urgency === "URGENT" ? (
                      <Badge tone="red">Urgent</Badge>
                    ) : (
                      <Badge tone="gray">Normal</Badge>
                    )}
                  </dd>
                </div>
                <div>
                  <dt className="text-slate-500">State</dt>
                  <dd>{humanize(message.status)}</dd>
                </div>
                <div className="sm:col-span-2">
                  <dt className="text-slate-500">Reason</dt>
                  <dd className="whitespace-pre-wrap">{message.reason}</dd>
                </div>
              </dl>
            </Card>
            {call ? (
              <Card
                title="The call it came from"
                actions={
                  <Link href={`/t/${slug}/calls/${call.id}`} className="text-sm text-brand-700 underline">
                    Open call
                  </Link>
                }
              >
                <p className="mb-3 text-sm text-slate-700">
                  {call.summary ??
                    (call.analysisStatus === "PENDING" ? "Summary on its way…" : "No summary for this call.")}
                </p>
                {call.segments.length === 0 ? (
                  <p className="text-sm text-slate-500">No transcript for this call.</p>
                ) : (
                  <ol className="space-y-2 text-sm">
                    {call.segments.map((s) => (
                      <li key={s.sequence}>
                        <span className="font-medium text-slate-600">
                          {s.speaker === "CALLER" ? "Caller" : "Agent"}:
                        </span>{" "}
                        {s.text}
                      </li>
                    ))}
                  </ol>
                )}
              </Card>
            ) : null}
          </div>
          <Card title="Handle it">
            <MessageEditor
              slug={slug}
              message={{ id: message.id, status: message.status, assigneeId: message.assigneeId, note: message.note }}
              members={members}
            />
          </Card>
        </div>
      </>
    );
  });
}
