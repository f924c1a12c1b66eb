import { currentPlanOf, listInvoices, PLANS } from "@articulate/billing";
import { storageUsedByTenant } from "@articulate/recordings";
import { Badge, Card, Notice, PageHeader, Stat } from "@/components/ui/layout";
import { tenantPage } from "@/lib/authz/page";
import { formatBytes, formatDate, formatMoney, formatNumber, humanize } from "@/lib/format";
import { webLogger } from "@/lib/log";
import { ChangePlanForm, PortalForm } from "@/modules/billing/components/billing-forms";
import { suspendedForPayment } from "@/modules/billing/components/suspension-banner";
import { UsageBar } from "@/modules/billing/components/usage-chart";
import { loadUsage } from "@/modules/billing/lib/usage";

export const metadata = { title: "Billing" };

export default async function BillingPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ checkout?: string }>;
}) {
  const { slug } = await params;
  const { checkout } = await searchParams;
  return tenantPage(slug, {}, async ({ tenant, role, db }) => {
    const isOwner = role === "OWNER";
    const [usage, subscription, recordingBytes] = await Promise.all([
      loadUsage(tenant),
      db.subscription.findFirst({ where: {} }),
      storageUsedByTenant(tenant.id),
    ]);
    let invoices: Awaited<ReturnType<typeof listInvoices>> = {
      stripeConfigured: usage.billing.configured,
      invoices: [],
    };
    let invoiceError: string | null = null;
    try {
      invoices = await listInvoices(tenant.id, { limit: 12 });
    } catch (err) {
      webLogger().error({ tenantId: tenant.id, err }, "billing: listInvoices failed");
      invoiceError = "Invoices could not be loaded from Stripe right now. Try again in a minute.";
    }
    const paidPlans = (["STARTER", "PROFESSIONAL"] as const).map((p) => ({
      value: p,
      title: PLANS[p].label,
      price: `${formatMoney(PLANS[p].baseMinor)}/month`,
      detail: `${formatNumber(PLANS[p].includedMinutes)} min included, then ${formatMoney(PLANS[p].overageMinorPerMinute)}/min`,
    }));
    const plan = currentPlanOf(tenant, subscription);
    const hasSubscription = plan.billed && !!subscription?.stripeSubscriptionId;
    return (
      <>
        <PageHeader title="Billing" description="Your plan, this period's usage and your invoices." />
        <div className="space-y-6">
          {checkout === "success" ? (
            <Notice title="Thanks! Your subscription is being set up">
              It can take a few seconds for Stripe to confirm it; this page updates when it does.
            </Notice>
          ) : null}
          {checkout === "cancelled" ? (
            <Notice tone="yellow">Checkout was cancelled. Nothing was charged.</Notice>
          ) : null}
          {checkout === "unavailable" ? (
            <Notice tone="yellow" title="Your business is set up, but payment could not start">
              Online payment is unavailable right now. You are on the free trial meanwhile; choose a plan below to try
              again.
            </Notice>
          ) : null}
          {tenant.status === "SUSPENDED" && !suspendedForPayment(tenant) ? (
            <Notice tone="red" title="Calls are paused: Articulate has suspended this account">
              {tenant.suspendedReason ? `Reason: ${tenant.suspendedReason}. ` : ""}This is not a payment problem:
              contact Articulate support to have it resumed.
            </Notice>
          ) : tenant.status === "SUSPENDED" ? (
            <Notice tone="red" title="Calls are paused because a payment failed">
              {isOwner
                ? "Open the payment portal below, update your card and pay the open invoice; calls resume automatically once it is paid."
                : "Ask the account owner to update the payment method; calls resume once the invoice is paid."}
            </Notice>
          ) : subscription?.status === "PAST_DUE" ? (
            <Notice tone="yellow" title="Your last payment failed">
              {subscription.graceUntil
                ? `Update your payment method before ${formatDate(subscription.graceUntil, tenant.timezone)} to keep calls running.`
                : "Update your payment method to keep calls running."}
            </Notice>
          ) : null}
          {!usage.billing.configured ? (
            <Notice tone="yellow" title="Online payments are not available on this installation yet">
              Your calls are still recorded and priced below, but nothing is charged. Your business stays on the free
              trial until payments are switched on.
            </Notice>
          ) : null}
          <div className="grid gap-4 sm:grid-cols-3">
            <Stat label="Plan" value={plan.label} hint={plan.detail} />
            <Stat
              label="Overage so far"
              value={formatMoney(usage.overageMinor)}
              hint={`${formatNumber(usage.overageMinutes)} min × ${formatMoney(usage.overageMinorPerMinute)}`}
            />
            <Stat
              label="Projected overage"
              value={usage.projectedOverageMinor === null ? "—" : formatMoney(usage.projectedOverageMinor)}
              hint={
                usage.projectedMinutes === null
                  ? "Forecast starts after the first day of the period"
                  : `~${formatNumber(usage.projectedMinutes)} min by ${formatDate(usage.periodEnd, tenant.timezone)}`
              }
            />
          </div>
          <Card
            title={`Usage ${formatDate(usage.periodStart, tenant.timezone)} – ${formatDate(new Date(usage.periodEnd.getTime() - 1), tenant.timezone)}`}
          >
            <UsageBar usage={usage} />
            <p className="mt-2 text-sm text-slate-600">
              {formatNumber(usage.calls)} {usage.calls === 1 ? "call" : "calls"} · billed per call, rounded up to the
              whole minute from answer to hang-up.
            </p>
          </Card>
          <Card title={hasSubscription ? "Manage your subscription" : "Choose a plan"}>
            {!isOwner ? (
              <p className="text-sm text-slate-600">Only owners can change the plan or payment details.</p>
            ) : !usage.billing.configured ? (
              <p className="text-sm text-slate-600">
                Plans can be bought once online payments are switched on for this installation. Until then this business
                stays on the free trial.
              </p>
            ) : hasSubscription ? (
              <div className="space-y-3">
                <p className="text-sm text-slate-600">
                  Change plan, update your card, download invoices or cancel in the Stripe customer portal.
                </p>
                <PortalForm slug={slug} />
              </div>
            ) : (
              <ChangePlanForm slug={slug} plans={paidPlans} current={tenant.plan} />
            )}
          </Card>
          <Card title="Call recordings storage">
            <p className="text-sm text-slate-600" data-testid="recording-storage">
              {recordingBytes > 0
                ? `Your call recordings use ${formatBytes(recordingBytes)}. Each agent deletes its recordings after the number of days set in its settings.`
                : "No call recordings stored."}
            </p>
          </Card>
          <Card title="Invoices">
            {invoiceError ? (
              <p role="alert" className="text-sm text-red-700">
                {invoiceError}
              </p>
            ) : invoices.invoices.length === 0 ? (
              <p className="text-sm text-slate-600">
                {invoices.stripeConfigured
                  ? "No invoices yet."
                  : "No invoices: this business is not billed through Stripe."}
              </p>
            ) : (
              <div className="overflow-x-auto">
                <table className="w-full text-left text-sm">
                  <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
                    <tr>
                      <th scope="col" className="py-2 pr-4 font-medium">
                        Invoice
                      </th>
                      <th scope="col" className="py-2 pr-4 font-medium">
                        Period
                      </th>
                      <th scope="col" className="py-2 pr-4 font-medium">
                        Amount
                      </th>
                      <th scope="col" className="py-2 pr-4 font-medium">
                        Status
                      </th>
                      <th scope="col" className="py-2 font-medium">
                        <span className="sr-only">Links</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {invoices.invoices.map((i) => (
                      <tr key={i.id}>
                        <td className="py-2 pr-4">{i.number ?? i.id}</td>
                        <td className="py-2 pr-4">
                          {formatDate(i.periodStart, tenant.timezone)} – {formatDate(i.periodEnd, tenant.timezone)}
                        </td>
                        <td className="py-2 pr-4 tabular-nums">{formatMoney(i.amountDueMinor)}</td>
                        <td className="py-2 pr-4">
                          <Badge tone={i.status === "paid" ? "green" : i.status === "open" ? "yellow" : "gray"}>
                            {humanize(i.status)}
                          </Badge>
                        </td>
                        <td className="py-2">
                          {i.hostedInvoiceUrl ? (
                            <a className="text-brand-700 underline" href={i.hostedInvoiceUrl}>
                              View
                            </a>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Card>
        </div>
      </>
    );
  });
}
