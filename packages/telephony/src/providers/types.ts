// One interface over every way a tenant gets a number.
import type { NumberProvider, NumberType } from "@articulate/db";
import type { RegulatoryDetails, RegulatoryRequirement } from "../regulatory";

export interface NumberSearch {
  country: string;
  type: "local" | "mobile" | "toll_free";
  /** City name, e.g. "Sydney". */
  locality?: string;
  /** National destination / area code, e.g. "2" (AU) or "415" (US). */
  areaCode?: string;
  contains?: string;
  features?: Array<"voice" | "sms">;
  limit?: number;
}

export interface AvailableNumber {
  e164: string;
  /** "+61 2 5550 1234" */
  display: string;
  provider: NumberProvider;
  numberType: NumberType;
  locality?: string;
  /** Carrier's price strings as given (decimal, carrier currency). */
  monthlyCost?: string;
  upfrontCost?: string;
  currency?: string;
  requirements: RegulatoryRequirement[];
}

export interface PurchaseContext {
  numberType: NumberType;
  regulatory?: RegulatoryDetails;
  /** Our PhoneNumber id, sent as the carrier's customer reference. */
  reference: string;
}

export interface PurchaseResult {
  providerRef: string;
  /** pending_regulatory: bought, but the carrier will not route calls until documents are approved. */
  status: "active" | "pending_regulatory";
}

export interface WebhookRequest {
  /** The full URL the carrier called (Twilio signs it). */
  url: string;
  headers: Record<string, string | undefined>;
  rawBody: string;
}

export interface NumberProviderClient {
  readonly provider: NumberProvider;
  readonly displayName: string;
  searchNumbers(query: NumberSearch): Promise<AvailableNumber[]>;
  /** Idempotent: a number already in our carrier account is adopted, not bought twice. */
  purchaseNumber(e164: string, ctx: PurchaseContext): Promise<PurchaseResult>;
  /** Idempotent: an already-released number is not an error. */
  releaseNumber(providerRef: string): Promise<void>;
  /** Routes the number's calls to LiveKit SIP (attach to the carrier trunk/connection). */
  pointAtLiveKit(providerRef: string, e164: string): Promise<void>;
  verifyWebhook(req: WebhookRequest): boolean;
  regulatoryRequirements(numberType: NumberType): RegulatoryRequirement[];
}

export const SEARCH_TYPE_TO_NUMBER_TYPE: Record<NumberSearch["type"], NumberType> = {
  local: "LOCAL",
  mobile: "MOBILE",
  toll_free: "TOLL_FREE",
};
