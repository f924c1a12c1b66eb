// Stripe's webhook signature scheme: header `t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
import crypto from "node:crypto";

export function stripeSignatureHeader(
  payload: string,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
): string {
  const v1 = crypto.createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex");
  return `t=${timestamp},v1=${v1}`;
}
