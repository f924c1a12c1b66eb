// Twilio numbers: AvailablePhoneNumbers search, IncomingPhoneNumbers purchase and
// release (with an Australian Address when required), attach to the Elastic SIP
// trunk that points at LiveKit, HMAC-SHA1 webhooks. reference/billing-and-telephony.md §2.2.
import type { TwilioConfig } from "../config";
import {
  NumberUnavailableError,
  ProviderError,
  RegulatoryRequirementError,
  TelephonyNotConfiguredError,
} from "../errors";
import { formatPhoneNumber } from "../phone-numbers";
import { hasStreetAddress, type RegulatoryDetails, regulatoryRequirements } from "../regulatory";
import { verifyTwilioSignature } from "../webhooks";
import { type CarrierResponse, carrierFetch, isRecord, lowerCaseKeys } from "./http";
import { type NumberProviderClient, SEARCH_TYPE_TO_NUMBER_TYPE } from "./types";

const TYPE_PATH = { local: "Local", mobile: "Mobile", toll_free: "TollFree" } as const;
const ADDRESS_REQUIRED = 21631;
const NOT_AVAILABLE = 21422;

const detail = (res: CarrierResponse) =>
  isRecord(res.json) && typeof res.json.message === "string" ? res.json.message : `HTTP ${res.status}`;
const errorCode = (res: CarrierResponse) => (isRecord(res.json) ? Number(res.json.code) : undefined);

export function twilioProvider(config: TwilioConfig): NumberProviderClient {
  const account = `${config.apiBase.replace(/\/$/, "")}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}`;
  const trunking = `${config.trunkingBase.replace(/\/$/, "")}/v1`;
  const auth = `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString("base64")}`;
  const call = async (method: string, url: string, form?: Record<string, string>): Promise<CarrierResponse> => {
    const res = await carrierFetch("Twilio", url, {
      method,
      headers: {
        authorization: auth,
        accept: "application/json",
        ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    if (res.status === 401 || res.status === 403) throw new ProviderError("Twilio", res.status, detail(res), "auth");
    return res;
  };
  const ensureOk = (res: CarrierResponse) => {
    if (res.status >= 400) throw new ProviderError("Twilio", res.status, detail(res));
    return res;
  };
  const addressError = (e164: string) =>
    new RegulatoryRequirementError(
      "Twilio",
      e164,
      `Twilio needs an Australian street address for this number (${formatPhoneNumber(e164)}). Add the business name and street address, then retry.`,
      [
        { field: "businessName", label: "Business name" },
        { field: "businessAddress", label: "Australian street address" },
      ],
    );

  async function findOwned(e164: string): Promise<string | undefined> {
    const res = ensureOk(
      await call("GET", `${account}/IncomingPhoneNumbers.json?PhoneNumber=${encodeURIComponent(e164)}`),
    );
    const list =
      isRecord(res.json) && Array.isArray(res.json.incoming_phone_numbers) ? res.json.incoming_phone_numbers : [];
    const hit = list.find((n) => isRecord(n) && n.phone_number === e164);
    return isRecord(hit) ? String(hit.sid) : undefined;
  }

  async function createAddress(details: RegulatoryDetails, e164: string): Promise<string> {
    const res = await call("POST", `${account}/Addresses.json`, {
      CustomerName: details.businessName!,
      Street: details.street!,
      City: details.city!,
      Region: details.region!,
      PostalCode: details.postalCode!,
      IsoCountry: details.country,
    });
    if (res.status >= 400) {
      if (res.status === 400) throw addressError(e164);
      ensureOk(res);
    }
    return String((res.json as Record<string, unknown>).sid);
  }

  return {
    provider: "TWILIO",
    displayName: "Twilio",
    async searchNumbers(q) {
      const params = new URLSearchParams();
      if (q.contains) params.set("Contains", q.contains);
      if (q.locality) params.set("InLocality", q.locality);
      if (q.areaCode && (q.country === "US" || q.country === "CA")) params.set("AreaCode", q.areaCode);
      if ((q.features ?? ["voice"]).includes("voice")) params.set("VoiceEnabled", "true");
      if (q.features?.includes("sms")) params.set("SmsEnabled", "true");
      params.set("PageSize", String(q.limit ?? 20));
      const url = `${account}/AvailablePhoneNumbers/${encodeURIComponent(q.country)}/${TYPE_PATH[q.type]}.json?${params}`;
      const res = ensureOk(await call("GET", url));
      const list =
        isRecord(res.json) && Array.isArray(res.json.available_phone_numbers) ? res.json.available_phone_numbers : [];
      const numberType = SEARCH_TYPE_TO_NUMBER_TYPE[q.type];
      return list.filter(isRecord).map((n) => {
        const e164 = String(n.phone_number);
        const needsAddress = n.address_requirements !== "none";
        return {
          e164,
          display: formatPhoneNumber(e164),
          provider: "TWILIO" as const,
          numberType,
          locality: typeof n.locality === "string" ? n.locality : undefined,
          requirements: needsAddress ? regulatoryRequirements("TWILIO", numberType, q.country) : [],
        };
      });
    },
    async purchaseNumber(e164, ctx) {
      const owned = await findOwned(e164);
      if (owned) return { providerRef: owned, status: "active" };
      const form: Record<string, string> = { PhoneNumber: e164, FriendlyName: `articulate:${ctx.reference}` };
      const r = ctx.regulatory;
      if (r?.twilioBundleSid) form.BundleSid = r.twilioBundleSid;
      if (r?.twilioAddressSid) form.AddressSid = r.twilioAddressSid;
      else if (hasStreetAddress(r)) form.AddressSid = await createAddress(r!, e164);
      if (config.trunkSid) form.TrunkSid = config.trunkSid;
      const res = await call("POST", `${account}/IncomingPhoneNumbers.json`, form);
      if (res.status >= 400) {
        const code = errorCode(res);
        if (code === ADDRESS_REQUIRED || code === 21615) throw addressError(e164);
        if (code === NOT_AVAILABLE) throw new NumberUnavailableError("Twilio", formatPhoneNumber(e164));
        ensureOk(res);
      }
      return { providerRef: String((res.json as Record<string, unknown>).sid), status: "active" };
    },
    async releaseNumber(providerRef) {
      const res = await call("DELETE", `${account}/IncomingPhoneNumbers/${encodeURIComponent(providerRef)}.json`);
      if (res.status === 404) return;
      ensureOk(res);
    },
    async pointAtLiveKit(providerRef) {
      if (!config.trunkSid) throw new TelephonyNotConfiguredError("Twilio", ["TWILIO_TRUNK_SID"]);
      const res = await call("POST", `${trunking}/Trunks/${encodeURIComponent(config.trunkSid)}/PhoneNumbers`, {
        PhoneNumberSid: providerRef,
      });
      ensureOk(res);
    },
    verifyWebhook(req) {
      const headers = lowerCaseKeys(req.headers);
      const params: Record<string, string[]> = {};
      if ((headers["content-type"] ?? "").includes("application/x-www-form-urlencoded")) {
        for (const [k, v] of new URLSearchParams(req.rawBody)) params[k] = [...(params[k] ?? []), v];
      }
      return verifyTwilioSignature({
        authToken: config.authToken,
        signature: headers["x-twilio-signature"],
        url: req.url,
        params,
      });
    },
    regulatoryRequirements: (numberType) => regulatoryRequirements("TWILIO", numberType),
  };
}
