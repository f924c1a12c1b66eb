// Carrier status webhooks: Telnyx number orders (with their regulatory
// requirement status) and Twilio regulatory bundles move a number's
// provisioning forward, or to FAILED with the carrier's reason. Each delivery
// is signature-verified on the raw body, processed once (ProcessedWebhookEvent)
// and harmless when replayed: provisioning is idempotent. Unknown event types
// are acknowledged so the carrier stops retrying.
// Facts: reference/telephony-depth.md §7, billing-and-telephony.md §2.1–2.2.
import crypto from "node:crypto";
import { forTenant, type PhoneNumberModel as PhoneNumber, Prisma, platformDb } from "@articulate/db";
import { z } from "zod";
import { resolveConfig } from "./config";
import { formatPhoneNumber } from "./phone-numbers";
import { type LifecycleDeps, provisionInboundNumber, waitingOnCarrierMessage } from "./provisioning";
import { verifyTelnyxSignature, verifyTwilioSignature } from "./webhooks";

export interface CarrierWebhookResult {
  status: number;
  body: {
    ok: boolean;
    /** processed | duplicate | ignored | no_number | rejected | invalid | disabled */
    outcome: string;
    error?: string;
    phoneNumberIds?: string[];
  };
}

export interface CarrierWebhookDeps extends LifecycleDeps {
  /** Telnyx timestamp check reference (tests). */
  nowSeconds?: number;
}

const rejected = (error: string): CarrierWebhookResult => ({
  status: 401,
  body: { ok: false, outcome: "rejected", error },
});
const invalid = (error: string): CarrierWebhookResult => ({
  status: 400,
  body: { ok: false, outcome: "invalid", error },
});

/** Runs `apply` once per (provider, event id); a replay after success is a no-op. */
async function once(
  provider: string,
  eventId: string,
  eventType: string,
  apply: () => Promise<CarrierWebhookResult>,
): Promise<CarrierWebhookResult> {
  // platformDb(): Carrier webhook in: the event names a carrier object, the tenant is found from it.
  const pdb = platformDb();
  const seen = await pdb.processedWebhookEvent.findUnique({
    where: { provider_eventId: { provider, eventId } },
  });
  if (seen) return { status: 200, body: { ok: true, outcome: "duplicate" } };
  const result = await apply();
  // Recorded after the effect: a crash in between replays the (idempotent) effect.
  try {
    await pdb.processedWebhookEvent.create({ data: { provider, eventId, eventType } });
  } catch (err) {
    if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002")) throw err;
  }
  return result;
}

type Verdict = { kind: "approved" } | { kind: "waiting" } | { kind: "failed"; reason: string };

/** Carries one number on according to the carrier's verdict. Never throws: a failure is recorded on the row. */
async function applyVerdict(row: PhoneNumber, verdict: Verdict, deps: CarrierWebhookDeps): Promise<void> {
  const tdb = forTenant(row.tenantId);
  // Only numbers still being set up (or failed earlier) move; an ACTIVE or released number stays as it is.
  if (row.status !== "PROVISIONING" && row.status !== "FAILED") return;
  if (verdict.kind === "waiting") {
    await tdb.phoneNumber.update({
      where: { id: row.id },
      data: { status: "PROVISIONING", waitingOn: waitingOnCarrierMessage(row.provider), failureReason: null },
    });
    return;
  }
  if (verdict.kind === "failed") {
    await tdb.phoneNumber.update({
      where: { id: row.id },
      data: { status: "FAILED", waitingOn: null, failureReason: verdict.reason },
    });
    return;
  }
  // Approved: the rest of provisioning (routing, trunk, rule) runs now; its own failure lands on the row.
  await provisionInboundNumber(row.id, { ...deps, tenantId: row.tenantId }).catch(() => undefined);
}

// ─── Telnyx ───

const telnyxEventSchema = z.object({
  data: z.object({
    id: z.string().min(1).max(200),
    event_type: z.string().min(1).max(200),
    payload: z.unknown().optional(),
  }),
});

const telnyxOrderSchema = z.object({
  id: z.string().optional(),
  status: z.string().optional(),
  customer_reference: z.string().nullish(),
  phone_numbers: z
    .array(
      z.object({
        id: z.string().optional(),
        phone_number: z.string(),
        status: z.string().optional(),
        requirements_met: z.boolean().optional(),
        requirements_status: z.string().optional(),
      }),
    )
    .default([]),
});

/** Telnyx's requirement states in an owner's words. */
const TELNYX_REQUIREMENT_REASONS: Record<string, string> = {
  "requirement-info-exception": "Telnyx did not accept the documents for {n}. Correct them in Telnyx, then retry.",
  "requirement-info-pending": "Telnyx is still missing documents for {n}. Submit them, then retry.",
  cancelled: "Telnyx cancelled the document review for {n}.",
  deleted: "Telnyx deleted the requirement group for {n}.",
};

function telnyxVerdict(order: z.infer<typeof telnyxOrderSchema>, n: (typeof order.phone_numbers)[number]): Verdict {
  const requirement = n.requirements_status;
  const status = n.status ?? order.status;
  const display = formatPhoneNumber(n.phone_number);
  if (requirement && requirement in TELNYX_REQUIREMENT_REASONS) {
    return { kind: "failed", reason: TELNYX_REQUIREMENT_REASONS[requirement]!.replace("{n}", display) };
  }
  if (status === "failure") return { kind: "failed", reason: `Telnyx could not complete the order for ${display}.` };
  if (status === "success" && (n.requirements_met ?? true)) return { kind: "approved" };
  if (requirement === "approved") return { kind: "approved" };
  // pending, requirement-info-under-review, purchase/provision-pending: Telnyx is still working on it.
  return { kind: "waiting" };
}

/** Verifies and applies one Telnyx webhook delivery (`rawBody` exactly as received). */
export async function handleTelnyxWebhook(
  req: { rawBody: string; headers: Record<string, string | undefined> },
  deps: CarrierWebhookDeps = {},
): Promise<CarrierWebhookResult> {
  const config = resolveConfig(deps);
  const publicKey = config.telnyx?.publicKey;
  if (!publicKey) {
    return {
      status: 503,
      body: { ok: false, outcome: "disabled", error: "Telnyx webhooks disabled: set TELNYX_PUBLIC_KEY" },
    };
  }
  const header = (name: string) =>
    Object.entries(req.headers).find(([k]) => k.toLowerCase() === name)?.[1] ?? undefined;
  const signature = header("telnyx-signature-ed25519");
  const timestamp = header("telnyx-timestamp");
  if (!signature || !timestamp) return rejected("missing telnyx-signature-ed25519 or telnyx-timestamp header");
  const ok = verifyTelnyxSignature({
    publicKey,
    signature,
    timestamp,
    rawBody: req.rawBody,
    nowSeconds: deps.nowSeconds,
  });
  if (!ok) return rejected("invalid signature or timestamp outside the 300 s window");

  let json: unknown;
  try {
    json = JSON.parse(req.rawBody);
  } catch {
    return invalid("body: not JSON");
  }
  const event = telnyxEventSchema.safeParse(json);
  if (!event.success) return invalid(`data.${event.error.issues[0]?.path.join(".") ?? ""}: is required`);
  const { id, event_type: type, payload } = event.data.data;

  return once("telnyx", id, type, async () => {
    if (type !== "number_order.complete") return { status: 200, body: { ok: true, outcome: "ignored" } };
    const order = telnyxOrderSchema.safeParse(payload);
    if (!order.success) {
      return invalid(`data.payload.${order.error.issues[0]?.path.join(".") ?? ""}: ${order.error.issues[0]?.message}`);
    }
    const touched: string[] = [];
    for (const n of order.data.phone_numbers) {
      // Our PhoneNumber id travels as the order's customer reference; the e164 is the fallback.
      const candidates = await platformDb().phoneNumber.findMany({
        where: {
          provider: "TELNYX",
          status: { in: ["PROVISIONING", "FAILED"] },
          OR: [
            ...(order.data.customer_reference ? [{ id: order.data.customer_reference }] : []),
            { e164Active: n.phone_number },
          ],
        },
      });
      const row = candidates.find((c) => c.e164 === n.phone_number);
      if (!row) continue;
      await applyVerdict(row, telnyxVerdict(order.data, n), deps);
      touched.push(row.id);
    }
    return {
      status: 200,
      body: { ok: true, outcome: touched.length ? "processed" : "no_number", phoneNumberIds: touched },
    };
  });
}

// ─── Twilio ───

const twilioBundleSchema = z.object({
  BundleSid: z.string().regex(/^BU[0-9a-f]{32}$/, "must be a bundle SID"),
  Status: z.string().min(1).max(100),
  FailureReason: z.string().max(2000).optional(),
});

/**
 * Verifies and applies one Twilio status callback (form-encoded; `url` is the
 * full URL Twilio called, which its signature covers). Regulatory bundle
 * callbacks move the numbers that use the bundle; anything else is acknowledged.
 */
export async function handleTwilioWebhook(
  req: { url: string; rawBody: string; headers: Record<string, string | undefined> },
  deps: CarrierWebhookDeps = {},
): Promise<CarrierWebhookResult> {
  const config = resolveConfig(deps);
  const authToken = config.twilio?.authToken;
  if (!authToken) {
    return {
      status: 503,
      body: { ok: false, outcome: "disabled", error: "Twilio webhooks disabled: set TWILIO_AUTH_TOKEN" },
    };
  }
  const header = (name: string) =>
    Object.entries(req.headers).find(([k]) => k.toLowerCase() === name)?.[1] ?? undefined;
  const params: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(req.rawBody)) {
    const prev = params[k];
    params[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const signature = header("x-twilio-signature");
  if (!signature) return rejected("missing X-Twilio-Signature header");
  if (!verifyTwilioSignature({ authToken, signature, url: req.url, params })) return rejected("invalid signature");

  const flat = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const isBundle = typeof flat.BundleSid === "string";
  // Twilio's idempotency token identifies a delivery across retries; without it, the content does.
  const eventId =
    header("i-twilio-idempotency-token") ??
    crypto.createHash("sha256").update(`${req.url}\n${req.rawBody}`).digest("hex");
  return once("twilio", eventId, isBundle ? "bundle.status" : "other", async () => {
    if (!isBundle) return { status: 200, body: { ok: true, outcome: "ignored" } };
    const bundle = twilioBundleSchema.safeParse(flat);
    if (!bundle.success) {
      const issue = bundle.error.issues[0];
      return invalid(`${issue?.path.join(".") || "body"}: ${issue?.message ?? "is invalid"}`);
    }
    const { BundleSid, Status, FailureReason } = bundle.data;
    // platformDb(): Carrier webhook in: the bundle id leads to the tenant's numbers.
    const rows = await platformDb().phoneNumber.findMany({
      where: {
        provider: "TWILIO",
        status: { in: ["PROVISIONING", "FAILED"] },
        regulatory: { path: ["twilioBundleSid"], equals: BundleSid },
      },
    });
    const verdict: Verdict =
      Status === "twilio-approved" || Status === "provisionally-approved"
        ? { kind: "approved" }
        : Status === "twilio-rejected"
          ? {
              kind: "failed",
              reason: `Twilio rejected the regulatory bundle${FailureReason ? `: ${FailureReason.replace(/\.$/, "")}.` : "."} Correct it in Twilio, then retry.`,
            }
          : // draft, pending-review, in-review (and states Twilio may add): still waiting.
            { kind: "waiting" };
    for (const row of rows) await applyVerdict(row, verdict, deps);
    return {
      status: 200,
      body: { ok: true, outcome: rows.length ? "processed" : "no_number", phoneNumberIds: rows.map((r) => r.id) },
    };
  });
}
