// A local Twilio REST API for tests: AvailablePhoneNumbers, IncomingPhoneNumbers,
// Addresses (2010-04-01) and Elastic SIP Trunking phone numbers (trunking v1),
// HTTP Basic auth, form-encoded requests, AU address requirements (error 21631).
// More accounts (e.g. a business's own) can be added with addAccount(): each
// authenticates with its own SID and auth token, may only reach its own
// /Accounts/{sid}/… resources (Messages.json), and sends only from its own senders.
import crypto from "node:crypto";
import { type FakeRequest, type FakeResponse, randomSid, serve } from "./http";
import { twilioSignature } from "./signing";
import { E164, type SentSms, senderAllowed } from "./sms-rules";

export interface TwilioAvailable {
  phoneNumber: string;
  type: "Local" | "Mobile" | "TollFree";
  locality: string;
  region: string;
  addressRequirements: "none" | "any" | "local" | "foreign";
}

export interface TwilioIncoming {
  sid: string;
  phoneNumber: string;
  addressSid: string | null;
  bundleSid: string | null;
  trunkSid: string | null;
  friendlyName: string;
  addressRequirements: TwilioAvailable["addressRequirements"];
}

export interface TwilioAddress {
  sid: string;
  customerName: string;
  street: string;
  city: string;
  region: string;
  postalCode: string;
  isoCountry: string;
}

export interface TwilioFakeState {
  available: Map<string, TwilioAvailable>;
  incoming: Map<string, TwilioIncoming>;
  addresses: Map<string, TwilioAddress>;
  trunks: Set<string>;
  requests: Array<{ method: string; path: string; query: string; form: Record<string, string> }>;
  /** Messages accepted by POST …/Messages.json (Programmable Messaging). */
  messages: SentSms[];
  /** Numbers (besides bought ones) the account may send SMS from, e.g. a pre-provisioned sender. */
  smsSenders: Set<string>;
  /** While > 0, each message request fails with 503 (an outage) and decrements it. */
  failNextMessages: number;
  /** Further accounts by SID (see addAccount). */
  accounts: Map<string, { authToken: string; smsSenders: Set<string> }>;
}

export interface TwilioFake {
  url: string;
  state: TwilioFakeState;
  credentials: { accountSid: string; authToken: string; trunkSid: string; apiBase: string; trunkingBase: string };
  /** Another Twilio account (its own SID, auth token and SMS senders) on this fake. */
  addAccount(opts?: { smsSenders?: string[] }): { accountSid: string; authToken: string };
  /** POSTs form params to a URL with a valid X-Twilio-Signature. */
  sendWebhook(targetUrl: string, params: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

const AU_INVENTORY: TwilioAvailable[] = [
  { phoneNumber: "+61285550100", type: "Local", locality: "Sydney", region: "NSW", addressRequirements: "local" },
  { phoneNumber: "+61285550101", type: "Local", locality: "Sydney", region: "NSW", addressRequirements: "local" },
  { phoneNumber: "+61385550100", type: "Local", locality: "Melbourne", region: "VIC", addressRequirements: "local" },
  { phoneNumber: "+61485550100", type: "Mobile", locality: "", region: "", addressRequirements: "any" },
  { phoneNumber: "+611800555100", type: "TollFree", locality: "", region: "", addressRequirements: "none" },
];

const twilioError = (status: number, code: number, message: string): FakeResponse => ({
  status,
  body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
});

export async function startTwilioFake(): Promise<TwilioFake> {
  const accountSid = randomSid("AC");
  const authToken = crypto.randomBytes(16).toString("hex");
  const trunkSid = randomSid("TK");
  const state: TwilioFakeState = {
    available: new Map(AU_INVENTORY.map((n) => [n.phoneNumber, { ...n }])),
    incoming: new Map(),
    addresses: new Map(),
    trunks: new Set([trunkSid]),
    requests: [],
    messages: [],
    smsSenders: new Set(["+61485550199"]),
    failNextMessages: 0,
    accounts: new Map(),
  };
  const base = `/2010-04-01/Accounts/${accountSid}`;

  const incomingJson = (n: TwilioIncoming) => ({
    sid: n.sid,
    account_sid: accountSid,
    phone_number: n.phoneNumber,
    friendly_name: n.friendlyName,
    address_sid: n.addressSid,
    bundle_sid: n.bundleSid,
    trunk_sid: n.trunkSid,
    address_requirements: n.addressRequirements,
    status: "in-use",
    capabilities: { voice: true, sms: false, mms: false, fax: false },
    voice_url: null,
    uri: `${base}/IncomingPhoneNumbers/${n.sid}.json`,
  });

  /** The account the Basic credentials belong to (SID and its token), or null. */
  function authenticate(header: string): string | null {
    const m = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header);
    if (!m) return null;
    const decoded = Buffer.from(m[1] as string, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return null;
    const sid = decoded.slice(0, colon);
    const token = decoded.slice(colon + 1);
    if (sid === accountSid) return token === authToken ? sid : null;
    return state.accounts.get(sid)?.authToken === token ? sid : null;
  }

  /** Messages.json for an added account: the same rules, its own senders. */
  function handleOtherAccount(sid: string, req: FakeRequest, path: string, form: Record<string, string>): FakeResponse {
    if (req.method !== "POST" || path !== `/2010-04-01/Accounts/${sid}/Messages.json`) {
      return twilioError(404, 20404, `The requested resource ${path} was not found`);
    }
    const account = state.accounts.get(sid) as { smsSenders: Set<string> };
    return sendMessage(sid, form, [...account.smsSenders]);
  }

  function sendMessage(sid: string, form: Record<string, string>, owned: string[]): FakeResponse {
    if (state.failNextMessages > 0) {
      state.failNextMessages -= 1;
      return twilioError(503, 20503, "Service unavailable");
    }
    if (!form.To) return twilioError(400, 21604, "A 'To' phone number is required.");
    if (!E164.test(form.To)) return twilioError(400, 21211, `The 'To' number ${form.To} is not a valid phone number.`);
    if (!form.Body) return twilioError(400, 21602, "Message body is required.");
    if (form.Body.length > 1600)
      return twilioError(400, 21617, "The concatenated message body exceeds the 1600 character limit.");
    if (!form.From && !form.MessagingServiceSid) {
      return twilioError(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message.");
    }
    if (form.From && !senderAllowed(form.From, owned)) {
      return twilioError(
        400,
        21606,
        `The 'From' phone number provided (${form.From}) is not a valid message-capable Twilio phone number for this destination/account.`,
      );
    }
    const messageSid = randomSid("SM");
    const from = form.From ?? form.MessagingServiceSid ?? "";
    state.messages.push({
      id: messageSid,
      provider: "twilio",
      account: sid,
      from,
      to: form.To,
      body: form.Body,
      at: new Date(),
    });
    return {
      status: 201,
      body: {
        sid: messageSid,
        account_sid: sid,
        from,
        to: form.To,
        body: form.Body,
        status: "queued",
        direction: "outbound-api",
        num_segments: String(Math.ceil(form.Body.length / 153)),
        messaging_service_sid: form.MessagingServiceSid ?? null,
        date_created: new Date().toUTCString(),
        error_code: null,
        error_message: null,
        uri: `/2010-04-01/Accounts/${sid}/Messages/${messageSid}.json`,
      },
    };
  }

  function handle(req: FakeRequest): FakeResponse {
    const sid = authenticate(req.headers.authorization ?? "");
    if (!sid) return twilioError(401, 20003, "Authenticate");
    const path = req.url.pathname;
    const form = Object.fromEntries(new URLSearchParams(req.rawBody));
    state.requests.push({ method: req.method, path, query: req.url.search, form });
    if (sid !== accountSid) return handleOtherAccount(sid, req, path, form);
    const q = req.url.searchParams;

    if (path.startsWith("/2010-04-01/Accounts/") && !path.startsWith(`${base}/`)) {
      return twilioError(404, 20404, `The requested resource ${path} was not found`);
    }

    const search = new RegExp(`^${base}/AvailablePhoneNumbers/(\\w\\w)/(Local|Mobile|TollFree)\\.json$`).exec(path);
    if (req.method === "GET" && search) {
      const [, country, type] = search;
      const contains = q.get("Contains");
      const locality = q.get("InLocality")?.toLowerCase();
      const pageSize = Number(q.get("PageSize") ?? 50);
      if (pageSize > 1000) return twilioError(400, 20001, "PageSize must be at most 1000");
      const items =
        country !== "AU"
          ? []
          : [...state.available.values()].filter(
              (n) =>
                n.type === type &&
                (!contains || n.phoneNumber.includes(contains.replace(/\*/g, ""))) &&
                (!locality || n.locality.toLowerCase() === locality),
            );
      return {
        status: 200,
        body: {
          uri: `${path}${req.url.search}`,
          available_phone_numbers: items.slice(0, pageSize).map((n) => ({
            friendly_name: n.phoneNumber,
            phone_number: n.phoneNumber,
            lata: null,
            rate_center: null,
            locality: n.locality || null,
            region: n.region || null,
            postal_code: null,
            iso_country: "AU",
            address_requirements: n.addressRequirements,
            beta: false,
            capabilities: { voice: true, SMS: false, MMS: false, fax: false },
          })),
        },
      };
    }

    // Programmable Messaging: To, Body and From (or MessagingServiceSid); 201 with an SM sid.
    if (req.method === "POST" && path === `${base}/Messages.json`) {
      const owned = [...state.smsSenders, ...[...state.incoming.values()].map((n) => n.phoneNumber)];
      return sendMessage(accountSid, form, owned);
    }

    if (req.method === "POST" && path === `${base}/Addresses.json`) {
      for (const f of ["CustomerName", "Street", "City", "Region", "PostalCode", "IsoCountry"]) {
        if (!form[f]) return twilioError(400, 21602, `Missing required parameter ${f}`);
      }
      if (/\bP\.?\s*O\.?\s*Box\b/i.test(form.Street!)) {
        return twilioError(400, 21615, "Phone Number Requires a Local Address: PO boxes are not accepted");
      }
      const a: TwilioAddress = {
        sid: randomSid("AD"),
        customerName: form.CustomerName!,
        street: form.Street!,
        city: form.City!,
        region: form.Region!,
        postalCode: form.PostalCode!,
        isoCountry: form.IsoCountry!,
      };
      state.addresses.set(a.sid, a);
      return { status: 201, body: { sid: a.sid, account_sid: accountSid, iso_country: a.isoCountry, validated: true } };
    }

    if (path === `${base}/IncomingPhoneNumbers.json`) {
      if (req.method === "GET") {
        const e164 = q.get("PhoneNumber");
        const list = [...state.incoming.values()].filter((n) => !e164 || n.phoneNumber === e164);
        return { status: 200, body: { incoming_phone_numbers: list.map(incomingJson) } };
      }
      if (req.method === "POST") {
        const e164 = form.PhoneNumber;
        if (!e164) return twilioError(400, 21421, "PhoneNumber is required");
        const avail = state.available.get(e164);
        if (!avail) return twilioError(400, 21422, "PhoneNumber is not available");
        const addressSid = form.AddressSid ?? null;
        if (addressSid) {
          const a = state.addresses.get(addressSid);
          if (!a) return twilioError(400, 21615, "AddressSid is not valid");
          if (avail.addressRequirements === "local" && a.isoCountry !== "AU") {
            return twilioError(400, 21631, "Phone Number Requires a Local Address");
          }
        } else if (avail.addressRequirements !== "none" && !form.BundleSid) {
          return twilioError(400, 21631, "Phone Number Requires a Local Address");
        }
        if (form.TrunkSid && !state.trunks.has(form.TrunkSid)) return twilioError(400, 21220, "Invalid TrunkSid");
        state.available.delete(e164);
        const n: TwilioIncoming = {
          sid: randomSid("PN"),
          phoneNumber: e164,
          addressSid,
          bundleSid: form.BundleSid ?? null,
          trunkSid: form.TrunkSid ?? null,
          friendlyName: form.FriendlyName ?? e164,
          addressRequirements: avail.addressRequirements,
        };
        state.incoming.set(n.sid, n);
        return { status: 201, body: incomingJson(n) };
      }
    }

    const one = new RegExp(`^${base}/IncomingPhoneNumbers/(PN\\w+)\\.json$`).exec(path);
    if (one) {
      const n = state.incoming.get(one[1]!);
      if (!n) return twilioError(404, 20404, `The requested resource ${path} was not found`);
      if (req.method === "GET") return { status: 200, body: incomingJson(n) };
      if (req.method === "DELETE") {
        state.incoming.delete(n.sid);
        return { status: 204 };
      }
    }

    const trunkNumbers = /^\/v1\/Trunks\/(TK\w+)\/PhoneNumbers(?:\/(PN\w+))?$/.exec(path);
    if (trunkNumbers) {
      const [, tk, pn] = trunkNumbers;
      if (!state.trunks.has(tk!)) return twilioError(404, 20404, `The requested resource ${path} was not found`);
      if (req.method === "POST" && !pn) {
        const n = form.PhoneNumberSid ? state.incoming.get(form.PhoneNumberSid) : undefined;
        if (!n) return twilioError(400, 21220, "Invalid PhoneNumberSid");
        n.trunkSid = tk!;
        return { status: 201, body: { ...incomingJson(n), trunk_sid: tk } };
      }
      if (req.method === "DELETE" && pn) {
        const n = state.incoming.get(pn);
        if (!n || n.trunkSid !== tk) return twilioError(404, 20404, `The requested resource ${path} was not found`);
        n.trunkSid = null;
        return { status: 204 };
      }
    }
    return twilioError(404, 20404, `The requested resource ${path} was not found`);
  }

  const server = await serve(handle);
  return {
    url: server.url,
    state,
    credentials: { accountSid, authToken, trunkSid, apiBase: server.url, trunkingBase: server.url },
    addAccount(opts = {}) {
      const sid = randomSid("AC");
      const token = crypto.randomBytes(16).toString("hex");
      state.accounts.set(sid, { authToken: token, smsSenders: new Set(opts.smsSenders ?? []) });
      return { accountSid: sid, authToken: token };
    },
    async sendWebhook(targetUrl, params) {
      return fetch(targetUrl, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-twilio-signature": twilioSignature(authToken, targetUrl, params),
        },
        body: new URLSearchParams(params).toString(),
      });
    },
    close: server.close,
  };
}
