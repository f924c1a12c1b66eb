import { getPreferences, getSmsAccount } from "@articulate/notifications";
import { Badge, Card, PageHeader } from "@/components/ui/layout";
import { featureFlags } from "@/env";
import { withTenantPage } from "@/lib/authz/page";
import { formatDateTime, formatPhone } from "@/lib/format";
import { RemoveSmsAccount, SmsAccountForm, SmsTestForm } from "@/modules/notifications/components/sms-account-forms";

export const metadata = { title: "Text message sender" };

export default async function SmsSenderPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant, user, role } = await withTenantPage(slug, { role: "ADMIN" });
  const [account, prefs] = await Promise.all([getSmsAccount(tenant.id), getPreferences(tenant.id, user.id, role)]);
  const platformSms = featureFlags().sms.enabled;
  const providerName = account?.provider === "TELNYX" ? "Telnyx" : "Twilio";
  const senderLabel = account ? (account.sender.startsWith("+") ? formatPhone(account.sender) : account.sender) : "";
  return (
    <div className="space-y-6">
      <PageHeader
        title="Text message sender"
        description={`Texts to your team about messages (for members who turned texts on) go from ${tenant.name}'s own Twilio or Telnyx account when you connect one here, so they come from your number or business name and are billed by your provider.`}
      />
      <Card title="Your SMS account">
        {account ? (
          <dl className="mb-5 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
            <dt className="font-medium text-slate-600">Provider</dt>
            <dd>{providerName}</dd>
            {account.accountSid ? (
              <>
                <dt className="font-medium text-slate-600">Account SID</dt>
                <dd className="font-mono text-xs">{account.accountSid}</dd>
              </>
            ) : null}
            <dt className="font-medium text-slate-600">{account.provider === "TWILIO" ? "Auth token" : "API key"}</dt>
            <dd className="font-mono text-xs">•••• {account.secretHint}</dd>
            <dt className="font-medium text-slate-600">Texts come from</dt>
            <dd>{senderLabel}</dd>
            <dt className="font-medium text-slate-600">Status</dt>
            <dd>
              {account.verifiedAt ? (
                <Badge tone="green">Test text sent {formatDateTime(account.verifiedAt, tenant.timezone)}</Badge>
              ) : (
                <Badge tone="yellow">Not tested yet</Badge>
              )}
            </dd>
          </dl>
        ) : (
          <p className="mb-5 text-sm text-slate-600">
            {platformSms
              ? "Not connected: texts go from Articulate's shared sender."
              : "Not connected, and this installation has no shared sender: no texts are sent until you connect an account."}
          </p>
        )}
        <SmsAccountForm
          slug={slug}
          current={
            account
              ? {
                  provider: account.provider,
                  accountSid: account.accountSid ?? "",
                  sender: senderLabel,
                  messagingProfileId: account.messagingProfileId ?? "",
                }
              : null
          }
        />
      </Card>
      {account ? (
        <Card title="Send a test text">
          <SmsTestForm slug={slug} defaultTo={prefs.smsNumber ? formatPhone(prefs.smsNumber) : ""} />
        </Card>
      ) : null}
      {account ? (
        <Card title="Disconnect">
          <p className="mb-3 text-sm text-slate-600">
            {platformSms
              ? "Texts will go from Articulate's shared sender again."
              : "No texts will be sent until you connect an account again."}
          </p>
          <RemoveSmsAccount slug={slug} provider={providerName} />
        </Card>
      ) : null}
    </div>
  );
}
