// @articulate/billing: plans, the usage ledger and rating, platform cost and
// margin, and Stripe (catalogue, customers, checkout/portal, meter events,
// webhooks, dunning). One public entry; modules below are internal.

export type { CatalogSetupResult } from "./catalog";
export { METER_EVENT_NAME, setupStripeCatalog } from "./catalog";
export { createCheckoutSession, createPortalSession, ensureStripeCustomer } from "./checkout";
export type { CurrentPlan } from "./current-plan";
export { BILLED_SUBSCRIPTION_STATES, currentPlanOf, getCurrentPlan } from "./current-plan";
export type { BillingStatus, InvoiceSummary, UsageSummary } from "./dashboard";
export { billingStatus, getUsageSummary, listInvoices } from "./dashboard";
export { enforceBillingGrace } from "./dunning";
export { BillingInputError, BillingNotConfiguredError, StripeWebhookSignatureError } from "./errors";
export type { MonthTotals, TenantMargin } from "./margins";
export { getTenantMargin, getTenantMargins, platformMonthlyTotals } from "./margins";
export type { BillingPeriod } from "./periods";
export { billingPeriodAt, monthlyPeriodContaining } from "./periods";
export type { PlanDefinition, PlanTerms } from "./plans";
export { BILLING_CURRENCY, PLANS, planTerms } from "./plans";
export { callPlatformCost, DEFAULT_PLATFORM_RATES, loadRateTable } from "./platform-cost";
export type { PeriodRating, RatedSegment } from "./rating";
export { billingPeriodFor, periodMinutesUsed, rateTenantPeriod } from "./rating";
export { createStripeClient, stripeClient, stripeSettings } from "./stripe-client";
export { BILLING_SUSPENSION_REASON } from "./subscription-state";
export type { CallForUsage, RecordedCallUsage, UsageRules, UsageTransaction } from "./usage-ledger";
export {
  billableDuration,
  describeCallBilling,
  planAt,
  recordCallUsage,
  UsageLedgerError,
  unbilledReasonFor,
} from "./usage-ledger";
export type { ReportOptions, ReportResult, UsageReconciliation } from "./usage-reporting";
export { MAX_REPORT_ATTEMPTS, reconcileUsage, reportPendingUsage } from "./usage-reporting";
export type { WebhookResult } from "./webhooks";
export { HANDLED_STRIPE_EVENTS, handleStripeWebhook } from "./webhooks";
