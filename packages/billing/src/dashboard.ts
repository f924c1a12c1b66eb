// What the billing page shows: Stripe configuration state, current-period
// usage (the same rating Stripe invoices) with a per-day series, and invoices.
import { platformDb } from "@articulate/db";
import { recordedMeterId } from "./catalog";
import { BillingInputError } from "./errors";
import { type PeriodRating, rateTenantPeriodWithDays } from "./rating";
import { isLiveKey, stripeClient, stripeSettings } from "./stripe-client";

export interface BillingStatus {
  configured: boolean;
  webhooksConfigured: boolean;
  catalogReady: boolean;
  livemode: boolean;
  message: string;
}

export async function billingStatus(): Promise<BillingStatus> {
  const settings = stripeSettings();
  if (!settings) {
    return {
      configured: false,
      webhooksConfigured: false,
      catalogReady: false,
      livemode: false,
      message: "Stripe is not configured: usage is still recorded and rated, but nothing is charged.",
    };
  }
  const catalogReady = !!(await recordedMeterId());
  return {
    configured: true,
    webhooksConfigured: !!settings.webhookSecret,
    catalogReady,
    livemode: isLiveKey(settings.secretKey),
    message: catalogReady
      ? "Stripe is configured."
      : "Stripe is configured but the catalogue is not set up: run `pnpm --filter @articulate/billing stripe:setup`.",
  };
}

export interface UsageSummary extends PeriodRating {
  remainingIncludedMinutes: number;
  days: Array<{ day: string; minutes: number; calls: number }>;
  billing: BillingStatus;
}

/** Current period minutes used vs included, overage so far and projected, per-day series. */
export async function getUsageSummary(tenantId: string, opts: { now?: Date } = {}): Promise<UsageSummary> {
  if (!tenantId) throw new BillingInputError("tenantId is required", "tenantId");
  const { rating, days } = await rateTenantPeriodWithDays(tenantId, opts.now ?? new Date());
  return {
    ...rating,
    remainingIncludedMinutes: Math.max(0, rating.includedMinutes - rating.minutesUsed),
    days,
    billing: await billingStatus(),
  };
}

export interface InvoiceSummary {
  id: string;
  number: string | null;
  status: string | null;
  currency: string;
  amountDueMinor: number;
  amountPaidMinor: number;
  created: Date;
  periodStart: Date;
  periodEnd: Date;
  hostedInvoiceUrl: string | null;
  pdfUrl: string | null;
}

/** The tenant's invoices from Stripe, newest first; empty with stripeConfigured=false when Stripe is off. */
export async function listInvoices(
  tenantId: string,
  opts: { limit?: number } = {},
): Promise<{ stripeConfigured: boolean; invoices: InvoiceSummary[] }> {
  if (!tenantId) throw new BillingInputError("tenantId is required", "tenantId");
  const stripe = stripeClient();
  if (!stripe) return { stripeConfigured: false, invoices: [] };
  // platformDb(): Subscription by its unique tenantId (the where names the tenant).
  const sub = await platformDb().subscription.findUnique({ where: { tenantId }, select: { stripeCustomerId: true } });
  if (!sub?.stripeCustomerId) return { stripeConfigured: true, invoices: [] };
  const list = await stripe.invoices.list({
    customer: sub.stripeCustomerId,
    limit: Math.min(Math.max(opts.limit ?? 24, 1), 100),
  });
  return {
    stripeConfigured: true,
    invoices: list.data.map((i) => ({
      id: i.id ?? "",
      number: i.number ?? null,
      status: i.status ?? null,
      currency: i.currency,
      amountDueMinor: i.amount_due,
      amountPaidMinor: i.amount_paid,
      created: new Date(i.created * 1000),
      periodStart: new Date(i.period_start * 1000),
      periodEnd: new Date(i.period_end * 1000),
      hostedInvoiceUrl: i.hosted_invoice_url ?? null,
      pdfUrl: i.invoice_pdf ?? null,
    })),
  };
}
