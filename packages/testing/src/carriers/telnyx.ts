// A local Telnyx API v2 for tests: the endpoints our provider uses, bearer
// auth, AU inventory, asynchronous AU regulatory state on orders. More accounts
// (e.g. a business's own) can be added with addAccount(): each has its own API
// key and senders and reaches only POST /v2/messages.
import crypto from "node:crypto";
import { type FakeRequest, type FakeResponse, randomSid, serve } from "./http";
import { generateTelnyxKeyPair, type TelnyxKeyPair, telnyxSignatureHeaders } from "./signing";
import { E164, type SentSms, senderAllowed } from "./sms-rules";

export interface TelnyxAvailable {
  phoneNumber: string;
  type: "local" | "mobile" | "toll_free";
  locality: string;
  ndc: string;
  monthlyCost: string;
  upfrontCost: string;
}

export interface TelnyxOwnedNumber {
  id: string;
  phoneNumber: string;
  status: string;
  connectionId: string | null;
  customerReference: string | null;
  requirementGroupId: string | null;
  orderId: string;
}

export interface TelnyxOrder {
  id: string;
  status: "pending" | "success" | "failure";
  requirementsMet: boolean;
  numberIds: string[];
  customerReference: string | null;
}

export interface TelnyxFakeState {
  available: Map<string, TelnyxAvailable>;
  numbers: Map<string, TelnyxOwnedNumber>;
  orders: Map<string, TelnyxOrder>;
  connections: Set<string>;
  requirementGroups: Set<string>;
  /** Groups submitted for approval that Telnyx has not reviewed yet. */
  requirementGroupsUnderReview: Set<string>;
  requests: Array<{ method: string; path: string; query: string; body: unknown }>;
  /** Messages accepted by POST /v2/messages. */
  messages: SentSms[];
  /** Numbers (besides ordered ones) the account may send SMS from. */
  smsSenders: Set<string>;
  /** Further accounts by API key (see addAccount). */
  accounts: Map<string, { id: string; smsSenders: Set<string> }>;
}

export interface TelnyxFake {
  url: string;
  state: TelnyxFakeState;
  credentials: { apiKey: string; publicKey: string; connectionId: string; requirementGroupId: string };
  keyPair: TelnyxKeyPair;
  /** Telnyx finished reviewing the documents: number active, order success. */
  approveRequirements(phoneNumber: string): void;
  /** Telnyx refused the documents: number requirement-info-exception, order failure. */
  rejectRequirements(phoneNumber: string): void;
  /** A requirement group submitted for approval: orders using it wait in review. */
  submitRequirementGroupForReview(): string;
  /** The number_order.complete event Telnyx sends for the order holding `phoneNumber`, as it stands. */
  numberOrderEvent(phoneNumber: string): { data: Record<string, unknown>; meta: Record<string, unknown> };
  sendWebhook(targetUrl: string, payload: unknown, timestamp?: number): Promise<Response>;
  /** Another Telnyx account (its own API key and SMS senders) on this fake. */
  addAccount(opts?: { smsSenders?: string[] }): { accountId: string; apiKey: string };
  close(): Promise<void>;
}

const AU_INVENTORY: TelnyxAvailable[] = [
  {
    phoneNumber: "+61255501234",
    type: "local",
    locality: "Sydney",
    ndc: "2",
    monthlyCost: "3.00",
    upfrontCost: "1.00",
  },
  {
    phoneNumber: "+61255501235",
    type: "local",
    locality: "Sydney",
    ndc: "2",
    monthlyCost: "3.00",
    upfrontCost: "1.00",
  },
  {
    phoneNumber: "+61255501236",
    type: "local",
    locality: "Sydney",
    ndc: "2",
    monthlyCost: "3.00",
    upfrontCost: "1.00",
  },
  {
    phoneNumber: "+61355501234",
    type: "local",
    locality: "Melbourne",
    ndc: "3",
    monthlyCost: "3.00",
    upfrontCost: "1.00",
  },
  {
    phoneNumber: "+61755501234",
    type: "local",
    locality: "Brisbane",
    ndc: "7",
    monthlyCost: "3.00",
    upfrontCost: "1.00",
  },
  { phoneNumber: "+61491570156", type: "mobile", locality: "", ndc: "4", monthlyCost: "6.00", upfrontCost: "1.00" },
  {
    phoneNumber: "+611800555012",
    type: "toll_free",
    locality: "",
    ndc: "1800",
    monthlyCost: "12.00",
    upfrontCost: "1.00",
  },
];

const err = (status: number, code: string, title: string, detail: string): FakeResponse => ({
  status,
  body: { errors: [{ code, title, detail }] },
});

export async function startTelnyxFake(opts: { apiKey?: string } = {}): Promise<TelnyxFake> {
  const apiKey = opts.apiKey ?? `KEY${crypto.randomBytes(16).toString("hex")}`;
  const keyPair = generateTelnyxKeyPair();
  const connectionId = String(1_000_000_000 + Math.floor(Math.random() * 1e9));
  const requirementGroupId = crypto.randomUUID();
  const state: TelnyxFakeState = {
    available: new Map(AU_INVENTORY.map((n) => [n.phoneNumber, { ...n }])),
    numbers: new Map(),
    orders: new Map(),
    connections: new Set([connectionId]),
    requirementGroups: new Set([requirementGroupId]),
    requirementGroupsUnderReview: new Set(),
    requests: [],
    messages: [],
    smsSenders: new Set(["+61485550199"]),
    accounts: new Map(),
  };
  const primaryAccountId = crypto.randomUUID();
  /** requirements_status of an ordered number, from its status. */
  const requirementsStatus = (n: TelnyxOwnedNumber) =>
    n.status === "active" ? "approved" : n.status.startsWith("requirement-info-") ? n.status : "pending";

  const numberJson = (n: TelnyxOwnedNumber) => ({
    id: n.id,
    record_type: "phone_number",
    phone_number: n.phoneNumber,
    status: n.status,
    connection_id: n.connectionId,
    customer_reference: n.customerReference,
    tags: [],
    created_at: new Date().toISOString(),
  });
  const orderJson = (o: TelnyxOrder) => ({
    id: o.id,
    record_type: "number_order",
    status: o.status,
    requirements_met: o.requirementsMet,
    customer_reference: o.customerReference,
    phone_numbers_count: o.numberIds.length,
    phone_numbers: o.numberIds.map((id) => {
      const n = state.numbers.get(id)!;
      return {
        id: n.id,
        record_type: "number_order_phone_number",
        phone_number: n.phoneNumber,
        status: o.status,
        requirements_met: o.requirementsMet,
        requirements_status: requirementsStatus(n),
        requirement_group_id: n.requirementGroupId,
      };
    }),
  });

  function handle(req: FakeRequest): FakeResponse {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const other = bearer && bearer !== apiKey ? state.accounts.get(bearer) : undefined;
    if (bearer !== apiKey && !other) {
      return err(401, "10009", "Authentication failed", "The API key provided is invalid or missing.");
    }
    const path = req.url.pathname;
    let body: Record<string, unknown> = {};
    if (req.rawBody) {
      try {
        body = JSON.parse(req.rawBody) as Record<string, unknown>;
      } catch {
        return err(400, "10015", "Bad Request", "The request body is not valid JSON.");
      }
    }
    state.requests.push({ method: req.method, path, query: req.url.search, body });
    const q = req.url.searchParams;

    if (other && !(req.method === "POST" && path === "/v2/messages")) {
      return err(404, "10005", "Resource not found", "The requested resource or URL could not be found.");
    }

    // Messaging: { from, to, text } → data.id, to[].status "queued".
    if (req.method === "POST" && path === "/v2/messages") {
      const to = typeof body.to === "string" ? body.to : "";
      const from = typeof body.from === "string" ? body.from : "";
      const text = typeof body.text === "string" ? body.text : "";
      if (!E164.test(to)) return err(422, "40310", "Invalid 'to' address", "The 'to' address must be in E.164 format.");
      if (!text) return err(422, "10005", "Invalid parameter", "The 'text' parameter is required.");
      const owned = other
        ? [...other.smsSenders]
        : [...state.smsSenders, ...[...state.numbers.values()].map((n) => n.phoneNumber)];
      if (!from || !senderAllowed(from, owned)) {
        return err(
          422,
          "40305",
          "Invalid 'from' address",
          "The 'from' address is not a number or sender id on this account.",
        );
      }
      const id = crypto.randomUUID();
      state.messages.push({
        id,
        provider: "telnyx",
        account: other?.id ?? primaryAccountId,
        from,
        to,
        body: text,
        at: new Date(),
      });
      return {
        status: 200,
        body: {
          data: {
            id,
            record_type: "message",
            direction: "outbound",
            type: "SMS",
            from: { phone_number: from },
            to: [{ phone_number: to, status: "queued" }],
            text,
            parts: Math.ceil(text.length / 153),
          },
        },
      };
    }

    if (req.method === "GET" && path === "/v2/available_phone_numbers") {
      const country = q.get("filter[country_code]");
      if (!country) return err(422, "10015", "Invalid filter", "filter[country_code] is required");
      const type = q.get("filter[phone_number_type]");
      const locality = q.get("filter[locality]")?.toLowerCase();
      const ndc = q.get("filter[national_destination_code]");
      const contains = q.get("filter[phone_number][contains]");
      const limit = Number(q.get("filter[limit]") ?? 50);
      const features = [...q.getAll("filter[features][]"), ...q.getAll("filter[features]")];
      const unknownFeature = features.find((f) => !["voice", "sms", "mms", "fax", "emergency", "hd_voice"].includes(f));
      if (unknownFeature) return err(422, "10015", "Invalid filter", `Unknown feature ${unknownFeature}`);
      const data =
        country !== "AU"
          ? []
          : [...state.available.values()]
              .filter(
                (n) =>
                  (!type || n.type === type) &&
                  (!locality || n.locality.toLowerCase() === locality) &&
                  (!ndc || n.ndc === ndc) &&
                  (!contains || n.phoneNumber.includes(contains)) &&
                  features.every((f) => f === "voice" || f === "emergency"),
              )
              .slice(0, limit)
              .map((n) => ({
                record_type: "available_phone_number",
                phone_number: n.phoneNumber,
                reservable: true,
                quickship: false,
                best_effort: false,
                vanity_format: null,
                region_information: [
                  { region_type: "country_code", region_name: "AU" },
                  ...(n.locality ? [{ region_type: "locality", region_name: n.locality }] : []),
                ],
                cost_information: { upfront_cost: n.upfrontCost, monthly_cost: n.monthlyCost, currency: "USD" },
                features: [{ name: "voice" }, { name: "emergency" }],
              }));
      return { status: 200, body: { data, meta: { total_results: data.length, best_effort_results: 0 } } };
    }

    if (req.method === "POST" && path === "/v2/number_orders") {
      const wanted = Array.isArray(body.phone_numbers) ? (body.phone_numbers as Array<Record<string, unknown>>) : [];
      if (wanted.length === 0) return err(422, "10015", "Invalid parameter", "phone_numbers must not be empty");
      const connection = typeof body.connection_id === "string" ? body.connection_id : null;
      if (connection && !state.connections.has(connection)) {
        return err(422, "10015", "Invalid connection", `connection_id ${connection} does not exist`);
      }
      for (const w of wanted) {
        if (typeof w.phone_number !== "string" || !state.available.has(w.phone_number)) {
          return err(422, "85001", "Number not available", `${String(w.phone_number)} is not available for purchase`);
        }
        const rg = w.requirement_group_id;
        if (typeof rg === "string" && !state.requirementGroups.has(rg)) {
          return err(422, "10015", "Invalid requirement group", `requirement_group_id ${rg} does not exist`);
        }
      }
      const orderId = crypto.randomUUID();
      const inReview = (w: Record<string, unknown>) =>
        typeof w.requirement_group_id === "string" && state.requirementGroupsUnderReview.has(w.requirement_group_id);
      const met = wanted.every((w) => typeof w.requirement_group_id === "string" && !inReview(w));
      const reference = typeof body.customer_reference === "string" ? body.customer_reference : null;
      const ids: string[] = [];
      for (const w of wanted) {
        const e164 = w.phone_number as string;
        state.available.delete(e164);
        const id = randomSid("", 19).replace(/[a-f]/g, "7");
        state.numbers.set(id, {
          id,
          phoneNumber: e164,
          // AU numbers can be bought, but inbound calling waits for the documents.
          status: met ? "active" : inReview(w) ? "requirement-info-under-review" : "requirement-info-pending",
          connectionId: connection,
          customerReference: reference,
          requirementGroupId: typeof w.requirement_group_id === "string" ? w.requirement_group_id : null,
          orderId,
        });
        ids.push(id);
      }
      const order: TelnyxOrder = {
        id: orderId,
        status: met ? "success" : "pending",
        requirementsMet: met,
        numberIds: ids,
        customerReference: reference,
      };
      state.orders.set(orderId, order);
      return { status: 200, body: { data: orderJson(order) } };
    }

    const orderMatch = /^\/v2\/number_orders\/([\w-]+)$/.exec(path);
    if (req.method === "GET" && orderMatch) {
      const o = state.orders.get(orderMatch[1]!);
      return o
        ? { status: 200, body: { data: orderJson(o) } }
        : err(404, "10005", "Resource not found", "order not found");
    }

    if (req.method === "GET" && path === "/v2/phone_numbers") {
      const e164 = q.get("filter[phone_number]");
      const data = [...state.numbers.values()]
        .filter((n) => n.status !== "deleted" && (!e164 || n.phoneNumber === e164))
        .map(numberJson);
      return { status: 200, body: { data, meta: { total_results: data.length, page_number: 1, page_size: 20 } } };
    }

    const numberMatch = /^\/v2\/phone_numbers\/(\w+)$/.exec(path);
    if (numberMatch) {
      const n = state.numbers.get(numberMatch[1]!);
      if (!n || n.status === "deleted") return err(404, "10005", "Resource not found", "phone number not found");
      if (req.method === "GET") return { status: 200, body: { data: numberJson(n) } };
      if (req.method === "PATCH") {
        if ("connection_id" in body) {
          const c = body.connection_id;
          if (c !== null && (typeof c !== "string" || !state.connections.has(c))) {
            return err(422, "10015", "Invalid connection", `connection_id ${String(c)} does not exist`);
          }
          n.connectionId = c as string | null;
        }
        if (typeof body.customer_reference === "string") n.customerReference = body.customer_reference;
        return { status: 200, body: { data: numberJson(n) } };
      }
      if (req.method === "DELETE") {
        n.status = "deleted";
        return { status: 200, body: { data: numberJson(n) } };
      }
    }
    return err(404, "10005", "Resource not found", `no route for ${req.method} ${path}`);
  }

  const server = await serve(handle);
  return {
    url: server.url,
    state,
    credentials: { apiKey, publicKey: keyPair.publicKey, connectionId, requirementGroupId },
    keyPair,
    approveRequirements(phoneNumber) {
      for (const n of state.numbers.values()) {
        if (n.phoneNumber !== phoneNumber || n.status === "deleted") continue;
        n.status = "active";
        const o = state.orders.get(n.orderId);
        if (o) {
          o.status = "success";
          o.requirementsMet = true;
        }
      }
    },
    rejectRequirements(phoneNumber) {
      for (const n of state.numbers.values()) {
        if (n.phoneNumber !== phoneNumber || n.status === "deleted") continue;
        n.status = "requirement-info-exception";
        const o = state.orders.get(n.orderId);
        if (o) o.status = "failure";
      }
    },
    submitRequirementGroupForReview() {
      const id = crypto.randomUUID();
      state.requirementGroups.add(id);
      state.requirementGroupsUnderReview.add(id);
      return id;
    },
    numberOrderEvent(phoneNumber) {
      const n = [...state.numbers.values()].find((x) => x.phoneNumber === phoneNumber && x.status !== "deleted");
      const o = n ? state.orders.get(n.orderId) : undefined;
      if (!o) throw new Error(`no order for ${phoneNumber}`);
      return {
        data: {
          id: crypto.randomUUID(),
          event_type: "number_order.complete",
          occurred_at: new Date().toISOString(),
          record_type: "event",
          payload: orderJson(o),
        },
        meta: { attempt: 1, delivered_to: "https://example.invalid/webhooks/telnyx" },
      };
    },
    async sendWebhook(targetUrl, payload, timestamp) {
      const body = JSON.stringify(payload);
      return fetch(targetUrl, {
        method: "POST",
        headers: { "content-type": "application/json", ...telnyxSignatureHeaders(keyPair.privateKey, body, timestamp) },
        body,
      });
    },
    addAccount(opts = {}) {
      const key = `KEY${crypto.randomBytes(16).toString("hex")}`;
      const id = crypto.randomUUID();
      state.accounts.set(key, { id, smsSenders: new Set(opts.smsSenders ?? []) });
      return { accountId: id, apiKey: key };
    },
    close: server.close,
  };
}
