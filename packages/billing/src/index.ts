// @articulate/billing: plans, the usage ledger and rating, platform cost and
// margin, and Stripe (catalogue, customers, checkout/portal, meter events,
// webhooks, dunning). One public entry; modules below are internal.
export { PLANS, BILLING_CURRENCY, planTerms } from "./plans";
export type { PlanDefinition, PlanTerms } from "./plans";
export { billingPeriodAt, monthlyPeriodContaining } from "./periods";
export type { BillingPeriod } from "./periods";
export { billableDuration, recordCallUsage, planAt, UsageLedgerError } from "./usage-ledger";
export type { CallForUsage, RecordedCallUsage, UsageTransaction } from "./usage-ledger";
export { rateTenantPeriod, billingPeriodFor } from "./rating";
export type { PeriodRating, RatedSegment } from "./rating";
export { DEFAULT_PLATFORM_RATES, callPlatformCost, loadRateTable } from "./platform-cost";
export { getTenantMargin, getTenantMargins } from "./margins";
export type { TenantMargin } from "./margins";
export { BillingInputError, BillingNotConfiguredError, StripeWebhookSignatureError } from "./errors";
export { stripeClient, stripeSettings, createStripeClient } from "./stripe-client";
export { setupStripeCatalog, METER_EVENT_NAME } from "./catalog";
export type { CatalogSetupResult } from "./catalog";
export { ensureStripeCustomer, createCheckoutSession, createPortalSession } from "./checkout";
export { reportPendingUsage, reconcileUsage, MAX_REPORT_ATTEMPTS } from "./usage-reporting";
export type { ReportOptions, ReportResult, UsageReconciliation } from "./usage-reporting";
export { handleStripeWebhook, HANDLED_STRIPE_EVENTS } from "./webhooks";
export type { WebhookResult } from "./webhooks";
export { enforceBillingGrace } from "./dunning";
export { BILLING_SUSPENSION_REASON } from "./subscription-state";
export { billingStatus, getUsageSummary, listInvoices } from "./dashboard";
export type { BillingStatus, UsageSummary, InvoiceSummary } from "./dashboard";
