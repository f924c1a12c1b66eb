// Telnyx numbers (API v2): search, order, release, attach to the FQDN connection
// that points at LiveKit, Ed25519 webhooks. reference/billing-and-telephony.md §2.1.
import type { TelnyxConfig } from "../config";
import {
  NumberUnavailableError,
  ProviderError,
  RegulatoryRequirementError,
  TelephonyNotConfiguredError,
} from "../errors";
import { formatPhoneNumber } from "../phone-numbers";
import { regulatoryRequirements } from "../regulatory";
import { verifyTelnyxSignature } from "../webhooks";
import { type CarrierResponse, carrierFetch, isRecord, lowerCaseKeys } from "./http";
import { type NumberProviderClient, SEARCH_TYPE_TO_NUMBER_TYPE } from "./types";

function telnyxDetail(res: CarrierResponse): string {
  const errors = isRecord(res.json) && Array.isArray(res.json.errors) ? res.json.errors : [];
  const first = errors[0];
  if (isRecord(first)) return String(first.detail ?? first.title ?? `HTTP ${res.status}`);
  return `HTTP ${res.status}`;
}

function telnyxCode(res: CarrierResponse): string | undefined {
  const errors = isRecord(res.json) && Array.isArray(res.json.errors) ? res.json.errors : [];
  return isRecord(errors[0]) ? String(errors[0].code) : undefined;
}

/** Documents submitted and being reviewed (or the order still being filled): wait for Telnyx's event. */
export const TELNYX_IN_REVIEW = new Set(["requirement-info-under-review", "purchase-pending", "provision-pending"]);
/** Telnyx needs (more or corrected) documents from the owner before it will review. */
const NEEDS_DOCUMENTS = new Set(["requirement-info-pending", "requirement-info-exception"]);

export function telnyxProvider(config: TelnyxConfig): NumberProviderClient {
  const base = `${config.apiBase.replace(/\/$/, "")}/v2`;
  const call = async (method: string, path: string, body?: unknown): Promise<CarrierResponse> => {
    const res = await carrierFetch("Telnyx", `${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${config.apiKey}`,
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 401 || res.status === 403)
      throw new ProviderError("Telnyx", res.status, telnyxDetail(res), "auth");
    return res;
  };
  const data = (res: CarrierResponse): unknown => (isRecord(res.json) ? res.json.data : undefined);
  const ensureOk = (res: CarrierResponse) => {
    if (res.status >= 400) throw new ProviderError("Telnyx", res.status, telnyxDetail(res));
    return res;
  };

  async function findOwned(e164: string): Promise<{ id: string; status: string } | undefined> {
    const res = ensureOk(await call("GET", `/phone_numbers?filter[phone_number]=${encodeURIComponent(e164)}`));
    const list = data(res);
    const hit = Array.isArray(list) ? list.find((n) => isRecord(n) && n.phone_number === e164) : undefined;
    return isRecord(hit) ? { id: String(hit.id), status: String(hit.status) } : undefined;
  }

  const pendingError = (e164: string) =>
    new RegulatoryRequirementError(
      "Telnyx",
      e164,
      `Telnyx needs an Australian address and identity documents before ${formatPhoneNumber(e164)} can take calls. Submit them, then retry once Telnyx approves.`,
      [
        { field: "businessAddress", label: "Australian street address" },
        { field: "identityDocuments", label: "Proof of address and identity documents" },
      ],
    );

  return {
    provider: "TELNYX",
    displayName: "Telnyx",
    async searchNumbers(q) {
      const params = new URLSearchParams();
      params.set("filter[country_code]", q.country);
      params.set("filter[phone_number_type]", q.type);
      for (const f of q.features ?? ["voice"]) params.append("filter[features][]", f);
      if (q.locality) params.set("filter[locality]", q.locality);
      if (q.areaCode) params.set("filter[national_destination_code]", q.areaCode);
      if (q.contains) params.set("filter[phone_number][contains]", q.contains);
      params.set("filter[limit]", String(q.limit ?? 20));
      const res = ensureOk(await call("GET", `/available_phone_numbers?${params}`));
      const list = data(res);
      const numberType = SEARCH_TYPE_TO_NUMBER_TYPE[q.type];
      return (Array.isArray(list) ? list : []).filter(isRecord).map((n) => {
        const cost = isRecord(n.cost_information) ? n.cost_information : {};
        const regions = Array.isArray(n.region_information) ? n.region_information.filter(isRecord) : [];
        const locality = regions.find((r) => r.region_type === "locality")?.region_name;
        const e164 = String(n.phone_number);
        return {
          e164,
          display: formatPhoneNumber(e164),
          provider: "TELNYX" as const,
          numberType,
          locality: typeof locality === "string" ? locality : undefined,
          monthlyCost: typeof cost.monthly_cost === "string" ? cost.monthly_cost : undefined,
          upfrontCost: typeof cost.upfront_cost === "string" ? cost.upfront_cost : undefined,
          currency: typeof cost.currency === "string" ? cost.currency : undefined,
          requirements: regulatoryRequirements("TELNYX", numberType, q.country),
        };
      });
    },
    async purchaseNumber(e164, ctx) {
      const owned = await findOwned(e164);
      if (owned) {
        if (NEEDS_DOCUMENTS.has(owned.status)) throw pendingError(e164);
        return { providerRef: owned.id, status: TELNYX_IN_REVIEW.has(owned.status) ? "pending_regulatory" : "active" };
      }
      const requirementGroupId = ctx.regulatory?.telnyxRequirementGroupId ?? config.requirementGroupId;
      const res = await call("POST", "/number_orders", {
        phone_numbers: [
          { phone_number: e164, ...(requirementGroupId ? { requirement_group_id: requirementGroupId } : {}) },
        ],
        ...(config.connectionId ? { connection_id: config.connectionId } : {}),
        customer_reference: ctx.reference,
      });
      if (res.status === 422 && telnyxCode(res) === "85001")
        throw new NumberUnavailableError("Telnyx", formatPhoneNumber(e164));
      ensureOk(res);
      const after = await findOwned(e164);
      const order = data(res);
      const ordered =
        isRecord(order) && Array.isArray(order.phone_numbers) ? order.phone_numbers.find(isRecord) : undefined;
      const providerRef = after?.id ?? (isRecord(ordered) ? String(ordered.id) : undefined);
      if (!providerRef) throw new ProviderError("Telnyx", res.status, "the order did not return a number");
      const status = isRecord(order) ? order.status : undefined;
      if (status === "failure") throw new ProviderError("Telnyx", res.status, `the order for ${e164} failed`);
      if (after && NEEDS_DOCUMENTS.has(after.status)) throw pendingError(e164);
      if (status === "pending" || (after && TELNYX_IN_REVIEW.has(after.status))) {
        return { providerRef, status: "pending_regulatory" };
      }
      return { providerRef, status: "active" };
    },
    async releaseNumber(providerRef) {
      const res = await call("DELETE", `/phone_numbers/${encodeURIComponent(providerRef)}`);
      if (res.status === 404) return;
      ensureOk(res);
    },
    async pointAtLiveKit(providerRef) {
      if (!config.connectionId) throw new TelephonyNotConfiguredError("Telnyx", ["TELNYX_CONNECTION_ID"]);
      ensureOk(
        await call("PATCH", `/phone_numbers/${encodeURIComponent(providerRef)}`, {
          connection_id: config.connectionId,
        }),
      );
    },
    verifyWebhook(req) {
      if (!config.publicKey) throw new TelephonyNotConfiguredError("Telnyx", ["TELNYX_PUBLIC_KEY"]);
      const headers = lowerCaseKeys(req.headers);
      return verifyTelnyxSignature({
        publicKey: config.publicKey,
        signature: headers["telnyx-signature-ed25519"],
        timestamp: headers["telnyx-timestamp"],
        rawBody: req.rawBody,
      });
    },
    regulatoryRequirements: (numberType) => regulatoryRequirements("TELNYX", numberType),
  };
}
