// LiveKit Phone Numbers (Cloud; US only, inbound only). The SDK has no client, so
// this calls Twirp livekit.PhoneNumberService directly. Numbers route by dispatch
// rule: no trunk and no carrier setup. reference/livekit.md §7.
import type { LiveKitConfig } from "../config";
import { NumberUnavailableError, UnsupportedByProviderError } from "../errors";
import { isNotFound, liveKitFailure, twirpSipAdmin } from "../livekit";
import { formatPhoneNumber } from "../phone-numbers";
import { isRecord } from "./http";
import { type NumberProviderClient, SEARCH_TYPE_TO_NUMBER_TYPE } from "./types";

export function liveKitNumbersProvider(config: LiveKitConfig): NumberProviderClient {
  const rpc = async (method: string, body: unknown) => {
    try {
      return await twirpSipAdmin(config, "PhoneNumberService", method, body);
    } catch (e) {
      if (isNotFound(e)) throw e;
      throw liveKitFailure(e);
    }
  };
  return {
    provider: "LIVEKIT",
    displayName: "LiveKit Phone Numbers",
    async searchNumbers(q) {
      if (q.country !== "US") {
        throw new UnsupportedByProviderError(
          "LiveKit",
          "LiveKit Phone Numbers only sells US numbers. Use Telnyx or Twilio for Australian numbers.",
        );
      }
      if (q.type === "mobile")
        throw new UnsupportedByProviderError("LiveKit", "LiveKit Phone Numbers has no mobile numbers.");
      const res = await rpc("SearchPhoneNumbers", {
        country_code: q.country,
        area_code: q.areaCode,
        limit: q.limit ?? 20,
      });
      const items = isRecord(res) && Array.isArray(res.items) ? res.items.filter(isRecord) : [];
      const wantType = q.type === "toll_free" ? "PHONE_NUMBER_TYPE_TOLL_FREE" : "PHONE_NUMBER_TYPE_LOCAL";
      return items
        .filter((n) => n.number_type === wantType && (!q.contains || String(n.e164_format).includes(q.contains)))
        .map((n) => ({
          e164: String(n.e164_format),
          display: formatPhoneNumber(String(n.e164_format)),
          provider: "LIVEKIT" as const,
          numberType: SEARCH_TYPE_TO_NUMBER_TYPE[q.type],
          locality: typeof n.locality === "string" && n.locality ? n.locality : undefined,
          requirements: [],
        }));
    },
    async purchaseNumber(e164) {
      try {
        const got = await rpc("GetPhoneNumber", { phone_number: e164 });
        const pn = isRecord(got) && isRecord(got.phone_number) ? got.phone_number : undefined;
        if (pn && pn.status !== "PHONE_NUMBER_STATUS_RELEASED") return { providerRef: String(pn.id), status: "active" };
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
      let res: unknown;
      try {
        res = await rpc("PurchasePhoneNumber", { phone_numbers: [e164] });
      } catch (e) {
        if (isNotFound(e)) throw new NumberUnavailableError("LiveKit", formatPhoneNumber(e164));
        throw e;
      }
      const bought = isRecord(res) && Array.isArray(res.phone_numbers) ? res.phone_numbers.find(isRecord) : undefined;
      if (!bought) throw new NumberUnavailableError("LiveKit", formatPhoneNumber(e164));
      return { providerRef: String(bought.id), status: "active" };
    },
    async releaseNumber(providerRef) {
      await rpc("ReleasePhoneNumbers", { ids: [providerRef] });
    },
    async pointAtLiveKit() {
      // Nothing at a carrier: the number is attached to its dispatch rule during provisioning.
    },
    verifyWebhook() {
      return false;
    },
    regulatoryRequirements: () => [],
  };
}

/** Attach a LiveKit-hosted number to its dispatch rule. */
export async function attachLiveKitNumberToRule(
  config: LiveKitConfig,
  providerRef: string,
  ruleId: string,
): Promise<void> {
  try {
    await twirpSipAdmin(config, "PhoneNumberService", "UpdatePhoneNumber", {
      id: providerRef,
      sip_dispatch_rule_id: ruleId,
    });
  } catch (e) {
    throw liveKitFailure(e);
  }
}
