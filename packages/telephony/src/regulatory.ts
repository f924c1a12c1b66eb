// What each carrier needs from a tenant before an Australian number can take
// calls, as data the dashboard can render as a form. Sources:
// reference/billing-and-telephony.md §2.1 (Telnyx), §2.2 (Twilio).
import type { NumberProvider, NumberType } from "@articulate/db";
import { z } from "zod";

export interface RegulatoryRequirement {
  /** Key of the RegulatoryDetails field that satisfies it. */
  field: "businessName" | "businessAddress" | "identityDocuments" | "identityVerification";
  label: string;
  description: string;
}

/** What a tenant gives us (stored on PhoneNumber.regulatory). */
export const regulatoryDetailsSchema = z.object({
  businessName: z.string().trim().min(1).max(200).optional(),
  street: z.string().trim().min(1).max(200).optional(),
  city: z.string().trim().min(1).max(100).optional(),
  region: z.string().trim().min(2).max(50).optional(),
  postalCode: z
    .string()
    .trim()
    .regex(/^\d{4}$/, "an Australian postcode has 4 digits")
    .optional(),
  country: z.literal("AU").default("AU"),
  /** Carrier-side ids when the owner already completed the carrier's process. */
  twilioAddressSid: z
    .string()
    .regex(/^AD[0-9a-f]{32}$/)
    .optional(),
  twilioBundleSid: z
    .string()
    .regex(/^BU[0-9a-f]{32}$/)
    .optional(),
  telnyxRequirementGroupId: z.string().uuid().optional(),
});
export type RegulatoryDetails = z.infer<typeof regulatoryDetailsSchema>;

const address: RegulatoryRequirement = {
  field: "businessAddress",
  label: "Australian street address",
  description: "A street address in Australia for the business (no PO boxes).",
};
const businessName: RegulatoryRequirement = {
  field: "businessName",
  label: "Business name",
  description: "The registered name of the business that will use the number.",
};
const documents: RegulatoryRequirement = {
  field: "identityDocuments",
  label: "Proof of address and identity documents",
  description: "Uploaded to the carrier and reviewed before inbound calls are switched on.",
};
const idCheck: RegulatoryRequirement = {
  field: "identityVerification",
  label: "End-user identity verification",
  description: "Australian mobile numbers need an ID check of the person or business using them.",
};

const AU_REQUIREMENTS: Record<NumberProvider, Record<NumberType, RegulatoryRequirement[]>> = {
  TWILIO: {
    LOCAL: [businessName, address],
    MOBILE: [businessName, { ...address, label: "Street address", description: "A street address for the business." }],
    TOLL_FREE: [],
  },
  TELNYX: {
    LOCAL: [businessName, address, documents],
    MOBILE: [businessName, address, documents, idCheck],
    TOLL_FREE: [businessName, documents],
  },
  // LiveKit sells US numbers only; bring-your-own numbers are the carrier's business.
  LIVEKIT: { LOCAL: [], MOBILE: [], TOLL_FREE: [] },
  BYO: { LOCAL: [], MOBILE: [], TOLL_FREE: [] },
};

export function regulatoryRequirements(
  provider: NumberProvider,
  numberType: NumberType,
  country = "AU",
): RegulatoryRequirement[] {
  return country === "AU" ? AU_REQUIREMENTS[provider][numberType] : [];
}

/** True when `details` contains a complete Australian street address with a business name. */
export function hasStreetAddress(details: RegulatoryDetails | undefined): boolean {
  return Boolean(details?.businessName && details.street && details.city && details.region && details.postalCode);
}
