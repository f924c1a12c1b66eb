// A stateful Stripe API fake on loopback, driven by the real stripe-node client
// (`new Stripe(key, { host, port, protocol: "http" })`). It keeps the rules our
// billing code depends on: API-key auth, form-encoded bodies with bracketed
// keys, required and unknown parameters rejected with Stripe's error shape,
// Idempotency-Key replay, meter-event identifier dedupe and timestamp window,
// rate limiting (429) on demand, and signed webhook events.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { type FormObject, type FormValue, parseStripeForm } from "./form";
import { stripeSignatureHeader } from "./signing";

export const FAKE_API_VERSION = "2026-10-28.endive";

const LITERAL_SEGMENTS = new Set([
  "customers",
  "products",
  "prices",
  "billing",
  "meters",
  "meter_events",
  "event_summaries",
  "checkout",
  "sessions",
  "billing_portal",
  "subscriptions",
  "invoices",
]);

type Json = Record<string, unknown>;

export interface StripeFakeOptions {
  secretKey?: string;
  webhookSecret?: string;
  port?: number;
}

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly param?: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

const invalid = (message: string, param?: string, code?: string) =>
  new StripeApiError(400, "invalid_request_error", message, param, code);
const missing = (param: string) => invalid(`Missing required param: ${param}.`, param, "parameter_missing");
const notFound = (kind: string, id: string, param = "id") =>
  new StripeApiError(404, "invalid_request_error", `No such ${kind}: '${id}'`, param, "resource_missing");

function str(v: FormValue | undefined): string | undefined {
  return typeof v === "string" ? v : undefined;
}
function obj(v: FormValue | undefined): FormObject | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? v : undefined;
}
function arr(v: FormValue | undefined): FormValue[] {
  if (Array.isArray(v)) return v;
  const o = obj(v);
  return o ? Object.values(o) : [];
}
function int(v: FormValue | undefined, param: string): number | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  if (!/^-?\d+$/.test(s)) throw invalid(`Invalid integer: ${s}`, param, "parameter_invalid_integer");
  return Number(s);
}
function requireStr(p: FormObject, key: string, param = key): string {
  const v = str(p[key]);
  if (v === undefined || v === "") throw missing(param);
  return v;
}
function allowOnly(p: FormObject, allowed: string[]): void {
  for (const k of Object.keys(p)) {
    if (!allowed.includes(k)) throw invalid(`Received unknown parameter: ${k}`, k, "parameter_unknown");
  }
}
function metadataOf(v: FormValue | undefined): Record<string, string> {
  const o = obj(v) ?? {};
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(o)) if (typeof val === "string") out[k] = val;
  return out;
}

function addMonthsClamped(anchorSec: number, months: number): number {
  const a = new Date(anchorSec * 1000);
  const y = a.getUTCFullYear();
  const m = a.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return (
    Date.UTC(y, m, Math.min(a.getUTCDate(), lastDay), a.getUTCHours(), a.getUTCMinutes(), a.getUTCSeconds()) / 1000
  );
}

export interface FakeMeterEvent {
  identifier: string;
  event_name: string;
  timestamp: number;
  payload: Record<string, string>;
  created: number;
}

export interface StripeFakeState {
  customers: Map<string, Json>;
  products: Map<string, Json>;
  prices: Map<string, Json>;
  meters: Map<string, Json>;
  meterEvents: Map<string, FakeMeterEvent>;
  checkoutSessions: Map<string, Json & { line_items_input?: Json[] }>;
  portalSessions: Map<string, Json>;
  subscriptions: Map<string, Json>;
  invoices: Map<string, Json>;
  events: Json[];
}

interface FailureRule {
  remaining: number;
  status: number;
  pathPrefix?: string;
}

export class StripeFake {
  readonly host = "127.0.0.1";
  readonly protocol = "http" as const;
  port = 0;
  readonly secretKey: string;
  readonly webhookSecret: string;
  readonly state: StripeFakeState = {
    customers: new Map(),
    products: new Map(),
    prices: new Map(),
    meters: new Map(),
    meterEvents: new Map(),
    checkoutSessions: new Map(),
    portalSessions: new Map(),
    subscriptions: new Map(),
    invoices: new Map(),
    events: [],
  };
  /** Count of requests per "METHOD /path-template", for assertions. */
  readonly requestCounts = new Map<string, number>();
  private server: http.Server | undefined;
  private readonly idempotency = new Map<string, { fingerprint: string; status: number; body: string }>();
  private failures: FailureRule[] = [];
  private unavailable = false;
  private rateLimit: { perSecond: number; windowStart: number; count: number } | undefined;
  private clockOffsetSec = 0;
  private seq = 0;

  constructor(opts: StripeFakeOptions = {}) {
    this.secretKey = opts.secretKey ?? "sk_test_articulatefake";
    this.webhookSecret = opts.webhookSecret ?? "whsec_articulatefake";
    this.port = opts.port ?? 0;
  }

  async start(): Promise<this> {
    this.server = http.createServer({ keepAlive: true }, (req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        this.send(res, 500, { error: { type: "api_error", message: String(err) } });
      });
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(this.port, this.host, resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  get url(): string {
    return `http://${this.host}:${this.port}`;
  }

  /** The stripe-node config pointing at this fake. */
  clientConfig(): { host: string; port: number; protocol: "http" } {
    return { host: this.host, port: this.port, protocol: "http" };
  }

  // ───────────── failure injection and clock ─────────────

  /** While on, every connection is dropped (the client sees a network error). */
  setUnavailable(on: boolean): void {
    this.unavailable = on;
  }

  /** The next `count` requests (optionally only under a path prefix) answer with `status` (429 by default). */
  failNext(count: number, status = 429, pathPrefix?: string): void {
    this.failures.push({ remaining: count, status, pathPrefix });
  }

  /** Limits requests per wall-clock second; beyond it Stripe answers 429 rate_limit. null = unlimited. */
  setRateLimit(perSecond: number | null): void {
    this.rateLimit = perSecond === null ? undefined : { perSecond, windowStart: 0, count: 0 };
  }

  /** Shifts the fake's notion of "now" (seconds), e.g. to age meter events out of the window. */
  advanceClock(seconds: number): void {
    this.clockOffsetSec += seconds;
  }

  nowSec(): number {
    return Math.floor(Date.now() / 1000) + this.clockOffsetSec;
  }

  requestCount(key: string): number {
    return this.requestCounts.get(key) ?? 0;
  }

  // ───────────── webhook events ─────────────

  /** Builds (and records) an event as Stripe would deliver it. */
  event(type: string, object: Json, opts: { created?: number; previousAttributes?: Json } = {}): Json {
    const evt: Json = {
      id: this.id("evt"),
      object: "event",
      api_version: FAKE_API_VERSION,
      created: opts.created ?? this.nowSec(),
      data: {
        object: structuredClone(object),
        ...(opts.previousAttributes ? { previous_attributes: opts.previousAttributes } : {}),
      },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    };
    this.state.events.push(evt);
    return evt;
  }

  /** Serializes and signs an event: `{ payload, header }` for a Stripe-Signature delivery. */
  signedDelivery(evt: Json, opts: { timestamp?: number; secret?: string } = {}): { payload: string; header: string } {
    const payload = JSON.stringify(evt, null, 2);
    return {
      payload,
      header: stripeSignatureHeader(
        payload,
        opts.secret ?? this.webhookSecret,
        opts.timestamp ?? Math.floor(Date.now() / 1000),
      ),
    };
  }

  /** POSTs a signed event to a webhook URL, like Stripe's delivery. */
  async deliver(url: string, evt: Json): Promise<{ status: number; body: string }> {
    const { payload, header } = this.signedDelivery(evt);
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", "stripe-signature": header },
      body: payload,
    });
    return { status: res.status, body: await res.text() };
  }

  // ───────────── what happens on Stripe's side (test scenario drivers) ─────────────

  /** The customer pays in Checkout: creates the subscription and returns the events Stripe would send. */
  completeCheckoutSession(sessionId: string): { session: Json; subscription: Json; events: Json[] } {
    const session = this.state.checkoutSessions.get(sessionId);
    if (!session) throw notFound("checkout.session", sessionId);
    if (session.status !== "open") throw invalid("This Checkout Session is no longer open.");
    const customer = (session.customer as string | null) ?? (this.createCustomer({}).id as string);
    const items = (session.line_items_input ?? []).map((li) => ({
      price: li.price as string,
      quantity: li.quantity as number | undefined,
    }));
    const subscription = this.createSubscriptionObject(
      customer,
      items,
      metadataOf((session.subscription_data as FormObject | undefined)?.metadata),
    );
    session.status = "complete";
    session.payment_status = "paid";
    session.customer = customer;
    session.subscription = subscription.id;
    const invoice = this.createInvoiceObject(subscription, "paid");
    const events = [
      this.event("customer.subscription.created", subscription),
      this.event("checkout.session.completed", this.publicSession(session)),
      this.event("invoice.paid", invoice),
    ];
    return { session, subscription, events };
  }

  /** Issues an invoice for a subscription; `paid` succeeds, `failed` leaves it open and the subscription past_due. */
  invoiceSubscription(
    subscriptionId: string,
    outcome: "paid" | "failed",
    amountDue = 19_900,
  ): { invoice: Json; events: Json[] } {
    const sub = this.state.subscriptions.get(subscriptionId);
    if (!sub) throw notFound("subscription", subscriptionId);
    const invoice = this.createInvoiceObject(sub, outcome === "paid" ? "paid" : "open", amountDue);
    if (outcome === "paid") {
      const events = [this.event("invoice.paid", invoice)];
      if (sub.status !== "active") {
        sub.status = "active";
        events.push(this.event("customer.subscription.updated", sub, { previousAttributes: { status: "past_due" } }));
      }
      return { invoice, events };
    }
    invoice.attempt_count = 1;
    sub.status = "past_due";
    return {
      invoice,
      events: [
        this.event("invoice.payment_failed", invoice),
        this.event("customer.subscription.updated", sub, { previousAttributes: { status: "active" } }),
      ],
    };
  }

  /** A retried payment on an open invoice succeeds. */
  payInvoice(invoiceId: string): { invoice: Json; events: Json[] } {
    const invoice = this.state.invoices.get(invoiceId);
    if (!invoice) throw notFound("invoice", invoiceId);
    invoice.status = "paid";
    invoice.amount_paid = invoice.amount_due;
    invoice.amount_remaining = 0;
    const events = [this.event("invoice.paid", invoice)];
    const subId = this.invoiceSubscriptionId(invoice);
    const sub = subId ? this.state.subscriptions.get(subId) : undefined;
    if (sub && sub.status !== "active") {
      sub.status = "active";
      events.push(this.event("customer.subscription.updated", sub, { previousAttributes: { status: "past_due" } }));
    }
    return { invoice, events };
  }

  /** Swaps a subscription's items to other prices (a plan change made in Stripe). */
  changeSubscriptionPrices(subscriptionId: string, priceIds: string[]): { subscription: Json; events: Json[] } {
    const sub = this.state.subscriptions.get(subscriptionId);
    if (!sub) throw notFound("subscription", subscriptionId);
    const itemsList = sub.items as { data: Json[] };
    const start = (itemsList.data[0]?.current_period_start as number) ?? this.nowSec();
    const end = (itemsList.data[0]?.current_period_end as number) ?? addMonthsClamped(start, 1);
    itemsList.data = priceIds.map((p) => this.subscriptionItem(sub.id as string, p, undefined, start, end));
    return { subscription: sub, events: [this.event("customer.subscription.updated", sub)] };
  }

  cancelSubscriptionNow(subscriptionId: string): { subscription: Json; events: Json[] } {
    const sub = this.state.subscriptions.get(subscriptionId);
    if (!sub) throw notFound("subscription", subscriptionId);
    sub.status = "canceled";
    sub.canceled_at = this.nowSec();
    sub.ended_at = this.nowSec();
    return { subscription: sub, events: [this.event("customer.subscription.deleted", sub)] };
  }

  // ───────────── HTTP ─────────────

  private id(prefix: string): string {
    this.seq++;
    return `${prefix}_${crypto.randomBytes(8).toString("hex")}${this.seq.toString(36)}`;
  }

  private send(
    res: http.ServerResponse,
    status: number,
    body: unknown,
    extraHeaders: Record<string, string> = {},
  ): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(text),
      "request-id": `req_${crypto.randomBytes(6).toString("hex")}`,
      "stripe-version": FAKE_API_VERSION,
      ...extraHeaders,
    });
    res.end(text);
  }

  private sendError(res: http.ServerResponse, err: StripeApiError): void {
    const headers: Record<string, string> = {};
    if (err.status === 400 || err.status === 404 || err.status === 401) headers["stripe-should-retry"] = "false";
    this.send(
      res,
      err.status,
      {
        error: {
          type: err.type,
          message: err.message,
          ...(err.param ? { param: err.param } : {}),
          ...(err.code ? { code: err.code } : {}),
        },
      },
      headers,
    );
  }

  private checkAuth(req: http.IncomingMessage): void {
    const h = req.headers.authorization;
    if (!h) {
      throw new StripeApiError(
        401,
        "invalid_request_error",
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
      );
    }
    let key: string | undefined;
    if (h.startsWith("Bearer ")) key = h.slice(7).trim();
    else if (h.startsWith("Basic ")) key = Buffer.from(h.slice(6), "base64").toString("utf8").split(":")[0];
    if (key !== this.secretKey) {
      const shown = key ? `${key.slice(0, 8)}${"*".repeat(Math.max(0, key.length - 12))}${key.slice(-4)}` : "";
      throw new StripeApiError(
        401,
        "invalid_request_error",
        `Invalid API Key provided: ${shown}`,
        undefined,
        "api_key_invalid",
      );
    }
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (this.unavailable) {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://fake");
    const method = req.method ?? "GET";

    const failure = this.failures.find(
      (f) => f.remaining > 0 && (!f.pathPrefix || url.pathname.startsWith(f.pathPrefix)),
    );
    if (failure) {
      failure.remaining--;
      this.failures = this.failures.filter((f) => f.remaining > 0);
      const err =
        failure.status === 429
          ? new StripeApiError(429, "invalid_request_error", "Request rate limit exceeded.", undefined, "rate_limit")
          : new StripeApiError(failure.status, "api_error", "Stripe is having trouble right now.");
      this.sendError(res, err);
      return;
    }
    if (this.rateLimit) {
      const nowMs = Date.now();
      if (nowMs - this.rateLimit.windowStart >= 1000) {
        this.rateLimit.windowStart = nowMs;
        this.rateLimit.count = 0;
      }
      if (++this.rateLimit.count > this.rateLimit.perSecond) {
        this.sendError(
          res,
          new StripeApiError(429, "invalid_request_error", "Request rate limit exceeded.", undefined, "rate_limit"),
        );
        return;
      }
    }

    try {
      this.checkAuth(req);
      const ct = req.headers["content-type"] ?? "";
      if (method === "POST" && body.length > 0 && !ct.includes("application/x-www-form-urlencoded")) {
        throw invalid("Invalid request: Stripe expects application/x-www-form-urlencoded request bodies.");
      }
      const params =
        method === "GET" || method === "DELETE" ? parseStripeForm(url.search.slice(1)) : parseStripeForm(body);
      const idemKey = method === "POST" ? (req.headers["idempotency-key"] as string | undefined) : undefined;
      if (idemKey) {
        const fingerprint = `${url.pathname}\n${body}`;
        const prior = this.idempotency.get(idemKey);
        if (prior) {
          if (prior.fingerprint !== fingerprint) {
            throw new StripeApiError(
              400,
              "idempotency_error",
              `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idemKey}' if you meant to execute a different request.`,
            );
          }
          res.writeHead(prior.status, {
            "content-type": "application/json",
            "idempotent-replayed": "true",
            "stripe-version": FAKE_API_VERSION,
          });
          res.end(prior.body);
          return;
        }
      }
      const { template, result } = this.route(method, url.pathname, params);
      this.requestCounts.set(template, (this.requestCounts.get(template) ?? 0) + 1);
      const text = JSON.stringify(result);
      if (idemKey) this.idempotency.set(idemKey, { fingerprint: `${url.pathname}\n${body}`, status: 200, body: text });
      res.writeHead(200, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(text),
        "stripe-version": FAKE_API_VERSION,
        ...(idemKey ? { "idempotency-key": idemKey } : {}),
      });
      res.end(text);
    } catch (err) {
      if (err instanceof StripeApiError) this.sendError(res, err);
      else throw err;
    }
  }

  private route(method: string, path: string, p: FormObject): { template: string; result: unknown } {
    const seg = path.split("/").filter(Boolean);
    if (seg[0] !== "v1")
      throw new StripeApiError(404, "invalid_request_error", `Unrecognized request URL (${method}: ${path}).`);
    const r = seg.slice(1);
    const key = `${method} /v1/${r.map((s) => (LITERAL_SEGMENTS.has(s) ? s : ":id")).join("/")}`;
    const at = (i: number) => r[i] ?? "";
    const done = (result: unknown) => ({ template: key, result });

    if (at(0) === "customers") {
      if (method === "POST" && r.length === 1) return done(this.createCustomer(p));
      if (method === "GET" && r.length === 2) return done(this.get(this.state.customers, "customer", at(1)));
      if (method === "POST" && r.length === 2)
        return done(this.update(this.state.customers, "customer", at(1), p, ["name", "email", "metadata", "expand"]));
    }
    if (at(0) === "products") {
      if (method === "POST" && r.length === 1) return done(this.createProduct(p));
      if (method === "GET" && r.length === 2) return done(this.get(this.state.products, "product", at(1)));
      if (method === "POST" && r.length === 2)
        return done(
          this.update(this.state.products, "product", at(1), p, ["name", "metadata", "active", "description"]),
        );
    }
    if (at(0) === "prices") {
      if (method === "POST" && r.length === 1) return done(this.createPrice(p));
      if (method === "GET" && r.length === 1) return done(this.listPrices(p));
      if (method === "GET" && r.length === 2)
        return done(this.expandPrice(this.get(this.state.prices, "price", at(1)), p));
    }
    if (at(0) === "billing" && at(1) === "meters") {
      if (method === "POST" && r.length === 2) return done(this.createMeter(p));
      if (method === "GET" && r.length === 2)
        return done(
          this.list(
            [...this.state.meters.values()].filter((m) => !str(p.status) || m.status === p.status),
            "/v1/billing/meters",
          ),
        );
      if (method === "GET" && r.length === 3) return done(this.get(this.state.meters, "billing.meter", at(2)));
      if (method === "GET" && r.length === 4 && at(3) === "event_summaries") return done(this.eventSummaries(at(2), p));
    }
    if (at(0) === "billing" && at(1) === "meter_events" && method === "POST" && r.length === 2)
      return done(this.createMeterEvent(p));
    if (at(0) === "checkout" && at(1) === "sessions") {
      if (method === "POST" && r.length === 2) return done(this.createCheckoutSession(p));
      if (method === "GET" && r.length === 3) {
        const s = this.state.checkoutSessions.get(at(2));
        if (!s) throw notFound("checkout.session", at(2));
        return done(this.publicSession(s));
      }
    }
    if (at(0) === "billing_portal" && at(1) === "sessions" && method === "POST" && r.length === 2)
      return done(this.createPortalSession(p));
    if (at(0) === "subscriptions") {
      if (method === "GET" && r.length === 2) return done(this.get(this.state.subscriptions, "subscription", at(1)));
      if (method === "DELETE" && r.length === 2) return done(this.cancelSubscriptionNow(at(1)).subscription);
    }
    if (at(0) === "invoices") {
      if (method === "GET" && r.length === 1) return done(this.listInvoices(p));
      if (method === "GET" && r.length === 2) return done(this.get(this.state.invoices, "invoice", at(1)));
    }
    throw new StripeApiError(404, "invalid_request_error", `Unrecognized request URL (${method}: ${path}).`);
  }

  private get(map: Map<string, Json>, kind: string, id: string): Json {
    const v = map.get(id);
    if (!v) throw notFound(kind, id);
    return v;
  }

  private update(map: Map<string, Json>, kind: string, id: string, p: FormObject, allowed: string[]): Json {
    const v = this.get(map, kind, id);
    allowOnly(p, allowed);
    for (const [k, val] of Object.entries(p)) {
      if (k === "expand") continue;
      if (k === "metadata") v.metadata = { ...(v.metadata as Json), ...metadataOf(val) };
      else if (k === "active") v.active = val === "true";
      else v[k] = val;
    }
    return v;
  }

  private list(data: Json[], url: string, limit = 100): Json {
    return { object: "list", data: data.slice(0, limit), has_more: data.length > limit, url };
  }

  createCustomer(p: FormObject): Json {
    allowOnly(p, [
      "name",
      "email",
      "metadata",
      "description",
      "expand",
      "preferred_locales",
      "address",
      "phone",
      "test_clock",
    ]);
    const c: Json = {
      id: this.id("cus"),
      object: "customer",
      created: this.nowSec(),
      email: str(p.email) ?? null,
      name: str(p.name) ?? null,
      description: str(p.description) ?? null,
      metadata: metadataOf(p.metadata),
      livemode: false,
    };
    this.state.customers.set(c.id as string, c);
    return c;
  }

  private createProduct(p: FormObject): Json {
    allowOnly(p, ["id", "name", "description", "metadata", "active", "expand", "tax_code", "unit_label"]);
    const name = requireStr(p, "name");
    const id = str(p.id) ?? this.id("prod");
    if (this.state.products.has(id)) throw invalid(`Product already exists.`, "id", "resource_already_exists");
    const prod: Json = {
      id,
      object: "product",
      active: str(p.active) !== "false",
      name,
      description: str(p.description) ?? null,
      metadata: metadataOf(p.metadata),
      created: this.nowSec(),
      livemode: false,
    };
    this.state.products.set(id, prod);
    return prod;
  }

  private createPrice(p: FormObject): Json {
    allowOnly(p, [
      "currency",
      "product",
      "unit_amount",
      "unit_amount_decimal",
      "recurring",
      "billing_scheme",
      "tiers_mode",
      "tiers",
      "lookup_key",
      "transfer_lookup_key",
      "metadata",
      "nickname",
      "active",
      "expand",
      "tax_behavior",
    ]);
    const currency = requireStr(p, "currency");
    const product = requireStr(p, "product");
    if (!this.state.products.has(product)) throw notFound("product", product, "product");
    const recurringIn = obj(p.recurring);
    let recurring: Json | null = null;
    if (recurringIn) {
      const interval = requireStr(recurringIn, "interval", "recurring[interval]");
      if (!["day", "week", "month", "year"].includes(interval))
        throw invalid(`Invalid recurring[interval]: ${interval}`, "recurring[interval]");
      const usageType = str(recurringIn.usage_type) ?? "licensed";
      const meter = str(recurringIn.meter) ?? null;
      if (usageType === "metered") {
        if (!meter) throw missing("recurring[meter]");
        const m = this.state.meters.get(meter);
        if (!m) throw notFound("billing.meter", meter, "recurring[meter]");
        if (m.status !== "active") throw invalid("Cannot attach an inactive meter to a price.", "recurring[meter]");
      }
      recurring = {
        interval,
        interval_count: int(recurringIn.interval_count, "recurring[interval_count]") ?? 1,
        usage_type: usageType,
        meter,
      };
    }
    const billingScheme = str(p.billing_scheme) ?? "per_unit";
    let tiers: Json[] | null = null;
    let unitAmount: number | null = null;
    if (billingScheme === "tiered") {
      const tiersMode = str(p.tiers_mode);
      if (!tiersMode) throw missing("tiers_mode");
      const rawTiers = arr(p.tiers);
      if (rawTiers.length === 0) throw missing("tiers");
      tiers = rawTiers.map((t, i) => {
        const to = obj(t) ?? {};
        const upTo = str(to.up_to);
        if (upTo === undefined) throw missing(`tiers[${i}][up_to]`);
        return {
          up_to: upTo === "inf" ? null : int(upTo, `tiers[${i}][up_to]`),
          unit_amount: int(to.unit_amount, `tiers[${i}][unit_amount]`) ?? null,
          unit_amount_decimal: str(to.unit_amount_decimal) ?? str(to.unit_amount) ?? null,
          flat_amount: int(to.flat_amount, `tiers[${i}][flat_amount]`) ?? null,
          flat_amount_decimal: str(to.flat_amount_decimal) ?? null,
        };
      });
      if (tiers[tiers.length - 1]?.up_to !== null)
        throw invalid("The last tier must have up_to set to `inf`.", `tiers[${tiers.length - 1}][up_to]`);
      if (!recurring) throw invalid("Tiered prices must be recurring.", "recurring");
    } else {
      unitAmount = int(p.unit_amount, "unit_amount") ?? null;
      if (unitAmount === null && str(p.unit_amount_decimal) === undefined) throw missing("unit_amount");
    }
    const lookupKey = str(p.lookup_key) ?? null;
    if (lookupKey) {
      const holder = [...this.state.prices.values()].find((x) => x.lookup_key === lookupKey);
      if (holder) {
        if (str(p.transfer_lookup_key) !== "true") {
          throw invalid(`A price (\`${holder.id as string}\`) already uses that lookup key.`, "lookup_key");
        }
        holder.lookup_key = null;
      }
    }
    const price: Json = {
      id: this.id("price"),
      object: "price",
      active: str(p.active) !== "false",
      billing_scheme: billingScheme,
      created: this.nowSec(),
      currency: currency.toLowerCase(),
      livemode: false,
      lookup_key: lookupKey,
      metadata: metadataOf(p.metadata),
      nickname: str(p.nickname) ?? null,
      product,
      recurring,
      tiers_mode: billingScheme === "tiered" ? str(p.tiers_mode) : null,
      type: recurring ? "recurring" : "one_time",
      unit_amount: unitAmount,
      unit_amount_decimal: unitAmount === null ? (str(p.unit_amount_decimal) ?? null) : String(unitAmount),
      __tiers: tiers,
    };
    this.state.prices.set(price.id as string, price);
    return this.expandPrice(price, {});
  }

  /** `tiers` is includable: only present with expand[]=tiers (or data.tiers on lists). */
  private expandPrice(price: Json, p: FormObject, prefix = ""): Json {
    const { __tiers, ...rest } = price;
    const expand = arr(p.expand).map(String);
    if (expand.includes(`${prefix}tiers`)) return { ...rest, tiers: __tiers };
    return rest;
  }

  private listPrices(p: FormObject): Json {
    let data = [...this.state.prices.values()];
    const keys = arr(p.lookup_keys).map(String);
    if (keys.length > 0) data = data.filter((x) => keys.includes(String(x.lookup_key)));
    if (str(p.active) !== undefined) data = data.filter((x) => String(x.active) === p.active);
    if (str(p.product)) data = data.filter((x) => x.product === p.product);
    return this.list(
      data.map((x) => this.expandPrice(x, p, "data.")),
      "/v1/prices",
      int(p.limit, "limit") ?? 10,
    );
  }

  private createMeter(p: FormObject): Json {
    allowOnly(p, [
      "display_name",
      "event_name",
      "default_aggregation",
      "customer_mapping",
      "value_settings",
      "event_time_window",
      "expand",
    ]);
    const displayName = requireStr(p, "display_name");
    const eventName = requireStr(p, "event_name");
    const agg = obj(p.default_aggregation);
    const formula = agg ? str(agg.formula) : undefined;
    if (!formula) throw missing("default_aggregation[formula]");
    if (!["sum", "count", "last"].includes(formula))
      throw invalid(`Invalid default_aggregation[formula]: ${formula}`, "default_aggregation[formula]");
    if ([...this.state.meters.values()].some((m) => m.event_name === eventName && m.status === "active")) {
      throw invalid(`An active meter with event_name \`${eventName}\` already exists.`, "event_name");
    }
    const cm = obj(p.customer_mapping);
    const vs = obj(p.value_settings);
    const m: Json = {
      id: this.id("mtr"),
      object: "billing.meter",
      created: this.nowSec(),
      display_name: displayName,
      event_name: eventName,
      default_aggregation: { formula },
      customer_mapping: { type: "by_id", event_payload_key: (cm && str(cm.event_payload_key)) ?? "stripe_customer_id" },
      value_settings: { event_payload_key: (vs && str(vs.event_payload_key)) ?? "value" },
      event_time_window: str(p.event_time_window) ?? null,
      status: "active",
      livemode: false,
    };
    this.state.meters.set(m.id as string, m);
    return m;
  }

  private createMeterEvent(p: FormObject): Json {
    allowOnly(p, ["event_name", "payload", "identifier", "timestamp"]);
    const eventName = requireStr(p, "event_name");
    if (eventName.length > 100) throw invalid("event_name must be at most 100 characters.", "event_name");
    const payloadIn = obj(p.payload);
    if (!payloadIn || Object.keys(payloadIn).length === 0) throw missing("payload");
    const payload = metadataOf(payloadIn);
    const now = this.nowSec();
    const timestamp = int(p.timestamp, "timestamp") ?? now;
    if (timestamp < now - 35 * 86_400) {
      throw invalid("Timestamp must be within the past 35 calendar days.", "timestamp", "timestamp_too_far_in_past");
    }
    if (timestamp > now + 5 * 60) {
      throw invalid("Timestamp must not be more than 5 minutes in the future.", "timestamp", "timestamp_in_future");
    }
    const identifier = str(p.identifier) ?? this.id("mev");
    if (identifier.length > 100) throw invalid("identifier must be at most 100 characters.", "identifier");
    if (this.state.meterEvents.has(identifier)) {
      throw invalid(`An event already exists with identifier ${identifier}.`, "identifier");
    }
    const ev: FakeMeterEvent = { identifier, event_name: eventName, timestamp, payload, created: now };
    this.state.meterEvents.set(identifier, ev);
    return {
      object: "billing.meter_event",
      created: now,
      event_name: eventName,
      identifier,
      livemode: false,
      payload,
      timestamp,
    };
  }

  /** Sum (or count/last) of a customer's events on a meter over [start_time, end_time). */
  private eventSummaries(meterId: string, p: FormObject): Json {
    const meter = this.get(this.state.meters, "billing.meter", meterId);
    const customer = requireStr(p, "customer");
    const start = int(p.start_time, "start_time");
    const end = int(p.end_time, "end_time");
    if (start === undefined) throw missing("start_time");
    if (end === undefined) throw missing("end_time");
    if (start % 60 !== 0) throw invalid("start_time must be aligned to minute boundaries.", "start_time");
    if (end % 60 !== 0) throw invalid("end_time must be aligned to minute boundaries.", "end_time");
    const custKey = (meter.customer_mapping as Json).event_payload_key as string;
    const valueKey = (meter.value_settings as Json).event_payload_key as string;
    const formula = (meter.default_aggregation as Json).formula as string;
    const events = [...this.state.meterEvents.values()]
      .filter(
        (e) =>
          e.event_name === meter.event_name &&
          e.payload[custKey] === customer &&
          e.timestamp >= start &&
          e.timestamp < end,
      )
      .sort((a, b) => a.timestamp - b.timestamp);
    let value = 0;
    if (formula === "count") value = events.length;
    else if (formula === "last") value = Number(events[events.length - 1]?.payload[valueKey] ?? 0);
    else value = events.reduce((s, e) => s + Number(e.payload[valueKey] ?? 0), 0);
    return this.list(
      [
        {
          id: this.id("mtrusg"),
          object: "billing.meter_event_summary",
          aggregated_value: value,
          start_time: start,
          end_time: end,
          livemode: false,
          meter: meterId,
        },
      ],
      `/v1/billing/meters/${meterId}/event_summaries`,
    );
  }

  private createCheckoutSession(p: FormObject): Json {
    allowOnly(p, [
      "mode",
      "line_items",
      "customer",
      "customer_email",
      "client_reference_id",
      "success_url",
      "cancel_url",
      "subscription_data",
      "metadata",
      "allow_promotion_codes",
      "billing_address_collection",
      "automatic_tax",
      "tax_id_collection",
      "ui_mode",
      "return_url",
      "expand",
      "locale",
      "customer_update",
      "allowed_payment_method_types",
      "excluded_payment_method_types",
      "currency",
    ]);
    const mode = requireStr(p, "mode");
    if (!["payment", "setup", "subscription"].includes(mode)) throw invalid(`Invalid mode: ${mode}`, "mode");
    const uiMode = str(p.ui_mode) ?? "hosted_page";
    if (uiMode === "hosted_page" && !str(p.success_url)) throw missing("success_url");
    if (str(p.customer) && !this.state.customers.has(str(p.customer)!))
      throw notFound("customer", str(p.customer)!, "customer");
    const lineItems = arr(p.line_items);
    if (mode === "subscription" && lineItems.length === 0) throw missing("line_items");
    const items: Json[] = lineItems.map((li, i) => {
      const o = obj(li) ?? {};
      const priceId = str(o.price);
      if (!priceId) throw missing(`line_items[${i}][price]`);
      const price = this.state.prices.get(priceId);
      if (!price) throw notFound("price", priceId, `line_items[${i}][price]`);
      const quantity = int(o.quantity, `line_items[${i}][quantity]`);
      const usageType = (price.recurring as Json | null)?.usage_type;
      if (usageType === "metered" && quantity !== undefined) {
        throw invalid(
          `Quantity should not be specified where usage_type is \`metered\`. Remove quantity from \`line_items[${i}]\``,
          `line_items[${i}][quantity]`,
        );
      }
      if (usageType !== "metered" && quantity === undefined) throw missing(`line_items[${i}][quantity]`);
      return { price: priceId, quantity };
    });
    const recurringCount = items.filter((it) => this.state.prices.get(it.price as string)?.recurring).length;
    if (recurringCount > 20) throw invalid("You can include at most 20 recurring line items.", "line_items");
    const id = this.id("cs_test");
    const s: Json & { line_items_input?: Json[] } = {
      id,
      object: "checkout.session",
      mode,
      status: "open",
      payment_status: "unpaid",
      ui_mode: uiMode,
      url: uiMode === "hosted_page" ? `https://checkout.stripe.com/c/pay/${id}` : null,
      customer: str(p.customer) ?? null,
      customer_email: str(p.customer_email) ?? null,
      client_reference_id: str(p.client_reference_id) ?? null,
      success_url: str(p.success_url) ?? null,
      cancel_url: str(p.cancel_url) ?? null,
      metadata: metadataOf(p.metadata),
      subscription: null,
      subscription_data: obj(p.subscription_data) ?? null,
      created: this.nowSec(),
      expires_at: this.nowSec() + 86_400,
      livemode: false,
      line_items_input: items,
    };
    this.state.checkoutSessions.set(id, s);
    return this.publicSession(s);
  }

  private publicSession(s: Json): Json {
    const { line_items_input, subscription_data, ...rest } = s;
    return rest;
  }

  private createPortalSession(p: FormObject): Json {
    allowOnly(p, ["customer", "return_url", "configuration", "locale", "flow_data", "on_behalf_of", "expand"]);
    const customer = requireStr(p, "customer");
    if (!this.state.customers.has(customer)) throw notFound("customer", customer, "customer");
    const id = this.id("bps");
    const s: Json = {
      id,
      object: "billing_portal.session",
      customer,
      return_url: str(p.return_url) ?? null,
      url: `https://billing.stripe.com/p/session/test_${id}`,
      created: this.nowSec(),
      livemode: false,
    };
    this.state.portalSessions.set(id, s);
    return s;
  }

  private subscriptionItem(
    subId: string,
    priceId: string,
    quantity: number | undefined,
    start: number,
    end: number,
  ): Json {
    const price = this.state.prices.get(priceId);
    if (!price) throw notFound("price", priceId);
    const { __tiers, ...publicPrice } = price;
    return {
      id: this.id("si"),
      object: "subscription_item",
      price: publicPrice,
      quantity: (price.recurring as Json | null)?.usage_type === "metered" ? undefined : (quantity ?? 1),
      subscription: subId,
      current_period_start: start,
      current_period_end: end,
    };
  }

  /** Creates an active subscription (what Checkout does on success). */
  createSubscriptionObject(
    customer: string,
    items: Array<{ price: string; quantity?: number }>,
    metadata: Record<string, string> = {},
  ): Json {
    const id = this.id("sub");
    const start = this.nowSec();
    const end = addMonthsClamped(start, 1);
    const sub: Json = {
      id,
      object: "subscription",
      customer,
      status: "active",
      cancel_at_period_end: false,
      canceled_at: null,
      ended_at: null,
      created: start,
      billing_cycle_anchor: start,
      currency: "aud",
      metadata,
      items: {
        object: "list",
        data: items.map((it) => this.subscriptionItem(id, it.price, it.quantity, start, end)),
        has_more: false,
      },
      latest_invoice: null,
      livemode: false,
    };
    this.state.subscriptions.set(id, sub);
    return sub;
  }

  private createInvoiceObject(sub: Json, status: "paid" | "open", amountDue = 19_900): Json {
    const item = (sub.items as { data: Json[] }).data[0];
    const inv: Json = {
      id: this.id("in"),
      object: "invoice",
      customer: sub.customer,
      status,
      currency: "aud",
      amount_due: amountDue,
      amount_paid: status === "paid" ? amountDue : 0,
      amount_remaining: status === "paid" ? 0 : amountDue,
      attempt_count: 1,
      created: this.nowSec(),
      period_start: item?.current_period_start ?? this.nowSec(),
      period_end: item?.current_period_end ?? this.nowSec(),
      number: `ART-${String(this.state.invoices.size + 1).padStart(4, "0")}`,
      hosted_invoice_url: `https://invoice.stripe.com/i/test_${this.seq}`,
      invoice_pdf: `https://pay.stripe.com/invoice/test_${this.seq}/pdf`,
      parent: { type: "subscription_details", subscription_details: { subscription: sub.id, metadata: sub.metadata } },
      livemode: false,
    };
    this.state.invoices.set(inv.id as string, inv);
    sub.latest_invoice = inv.id;
    return inv;
  }

  private invoiceSubscriptionId(inv: Json): string | undefined {
    const parent = inv.parent as { subscription_details?: { subscription?: string } } | undefined;
    return parent?.subscription_details?.subscription;
  }

  private listInvoices(p: FormObject): Json {
    let data = [...this.state.invoices.values()];
    if (str(p.customer)) data = data.filter((i) => i.customer === p.customer);
    if (str(p.subscription)) data = data.filter((i) => this.invoiceSubscriptionId(i) === p.subscription);
    data.sort((a, b) => (b.created as number) - (a.created as number));
    return this.list(data, "/v1/invoices", int(p.limit, "limit") ?? 10);
  }
}

/** Starts a Stripe fake on a free loopback port. */
export async function startStripeFake(opts: StripeFakeOptions = {}): Promise<StripeFake> {
  return new StripeFake(opts).start();
}
