// Webhook signing the way the carriers do it, for tests of our verifiers.
import crypto from "node:crypto";

/** Twilio: base64(HMAC-SHA1(authToken, url + each POST param key+value, keys sorted)). */
export function twilioSignature(
  authToken: string,
  url: string,
  params: Record<string, string | string[]> = {},
): string {
  let data = url;
  for (const key of Object.keys(params).sort()) {
    const v = params[key]!;
    const values = Array.isArray(v) ? [...new Set(v)].sort() : [v];
    for (const value of values) data += key + value;
  }
  return crypto.createHmac("sha1", authToken).update(data, "utf8").digest("base64");
}

export interface TelnyxKeyPair {
  /** Base64 of the raw 32-byte Ed25519 public key (what Mission Control shows). */
  publicKey: string;
  privateKey: crypto.KeyObject;
}

export function generateTelnyxKeyPair(): TelnyxKeyPair {
  const { publicKey, privateKey } = crypto.generateKeyPairSync("ed25519");
  const jwk = publicKey.export({ format: "jwk" });
  return { publicKey: Buffer.from(jwk.x!, "base64url").toString("base64"), privateKey };
}

/** Telnyx: Ed25519 over `${timestamp}|${rawBody}`, base64, in telnyx-signature-ed25519 + telnyx-timestamp. */
export function telnyxSignatureHeaders(
  privateKey: crypto.KeyObject,
  rawBody: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): { "telnyx-signature-ed25519": string; "telnyx-timestamp": string } {
  const signature = crypto.sign(null, Buffer.from(`${timestamp}|${rawBody}`, "utf8"), privateKey);
  return { "telnyx-signature-ed25519": signature.toString("base64"), "telnyx-timestamp": String(timestamp) };
}
