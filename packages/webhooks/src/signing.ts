// Articulate-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
// The timestamp is inside the signed bytes, so a captured request cannot be
// replayed later with a fresh header; receivers reject stale timestamps.
import crypto from "node:crypto";

export const SIGNATURE_HEADER = "Articulate-Signature";
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

export function computeWebhookSignature(secret: string, timestamp: number, body: string): string {
  return crypto.createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
}

export function signatureHeaderValue(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${computeWebhookSignature(secret, timestamp, body)}`;
}

export type SignatureCheck =
  | { ok: true; timestamp: number }
  | { ok: false; reason: "missing" | "malformed" | "stale" | "mismatch" };

/** What a receiver does (documented for tenants; used by our tests' receiver). */
export function verifyWebhookSignature(input: {
  secret: string;
  header: string | null | undefined;
  body: string;
  now?: Date;
  toleranceSeconds?: number;
}): SignatureCheck {
  if (!input.header) return { ok: false, reason: "missing" };
  let timestamp: number | undefined;
  const candidates: string[] = [];
  for (const part of input.header.split(",")) {
    const [k, v] = part.trim().split("=", 2);
    if (k === "t" && v && /^\d+$/.test(v)) timestamp = Number(v);
    else if (k === "v1" && v && /^[0-9a-f]{64}$/.test(v)) candidates.push(v);
  }
  if (timestamp === undefined || candidates.length === 0) return { ok: false, reason: "malformed" };
  const nowSeconds = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const tolerance = input.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
  if (Math.abs(nowSeconds - timestamp) > tolerance) return { ok: false, reason: "stale" };
  const expected = Buffer.from(computeWebhookSignature(input.secret, timestamp, input.body), "hex");
  const matches = candidates.some((c) => crypto.timingSafeEqual(Buffer.from(c, "hex"), expected));
  return matches ? { ok: true, timestamp } : { ok: false, reason: "mismatch" };
}
