import { getPreferences, getSmsAccount, listMemberDeliveries } from "@articulate/notifications";
import Link from "next/link";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/layout";
import { featureFlags } from "@/env";
import { withTenantPage } from "@/lib/authz/page";
import { formatDateTime, formatPhone, humanize } from "@/lib/format";
import { PreferencesForm } from "@/modules/notifications/components/preferences-form";

export const metadata = { title: "Notifications" };

const STATUS_TONE = { PENDING: "yellow", SENT: "green", FAILED: "red", CANCELLED: "gray" } as const;

export default async function NotificationSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant, user, role } = await withTenantPage(slug);
  const [prefs, deliveries, ownSms] = await Promise.all([
    getPreferences(tenant.id, user.id, role),
    listMemberDeliveries(tenant.id, user.id, 25),
    getSmsAccount(tenant.id),
  ]);
  const platformSms = featureFlags().sms.enabled;
  const smsAvailable = platformSms || ownSms !== null;
  const smsHint = ownSms
    ? `Texts come from ${tenant.name}'s own ${ownSms.provider === "TWILIO" ? "Twilio" : "Telnyx"} account (${ownSms.sender.startsWith("+") ? formatPhone(ownSms.sender) : ownSms.sender}).`
    : platformSms
      ? undefined
      : "Text messages are not set up for this business yet, so none will be sent.";
  const canManage = role === "OWNER" || role === "ADMIN";
  return (
    <div className="space-y-6">
      <PageHeader
        title="Notifications"
        description={`How you hear about calls and messages for ${tenant.name}. These settings are yours only; each member chooses their own.`}
      />
      <Card title="What you receive">
        <PreferencesForm
          slug={slug}
          prefs={prefs}
          email={user.email}
          timezone={tenant.timezone}
          smsAvailable={smsAvailable}
          smsHint={smsHint ?? ""}
        />
        {canManage ? (
          <p className="mt-4 text-sm text-slate-600">
            {ownSms ? "Change" : "Send texts from your own Twilio or Telnyx number:"}{" "}
            <Link href={`/t/${slug}/settings/sms`} className="text-brand-700 underline">
              text message sender
            </Link>
          </p>
        ) : null}
      </Card>
      <Card title="Recent notifications">
        {deliveries.length === 0 ? (
          <EmptyState
            title="Nothing sent yet"
            body="E-mails and texts sent to you appear here, with any that failed."
          />
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-xs uppercase text-slate-500">
                <tr>
                  <th className="py-2 pr-4">When</th>
                  <th className="py-2 pr-4">What</th>
                  <th className="py-2 pr-4">To</th>
                  <th className="py-2 pr-4">Status</th>
                  <th className="py-2">Attempts</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {deliveries.map((d) => (
                  <tr key={d.id}>
                    <td className="py-2 pr-4 whitespace-nowrap">{formatDateTime(d.createdAt, tenant.timezone)}</td>
                    <td className="py-2 pr-4">
                      {humanize(d.kind)} {d.channel === "SMS" ? "text" : "e-mail"}
                    </td>
                    <td className="py-2 pr-4">{d.destination}</td>
                    <td className="py-2 pr-4">
                      <Badge tone={STATUS_TONE[d.status]}>
                        {d.status === "PENDING" && d.attempts > 0 ? "Retrying" : humanize(d.status)}
                      </Badge>
                      {d.lastError && d.status !== "SENT" ? (
                        <p className="mt-1 text-xs text-slate-600">{d.lastError}</p>
                      ) : null}
                    </td>
                    <td className="py-2 tabular-nums">{d.attempts}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
