// Carrier webhook signatures. Verify against the raw body before parsing.
import crypto from "node:crypto";

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}

/** Twilio's signed string: the URL, then each POST param as key+value, keys sorted. */
function twilioPayload(url: string, params: Record<string, string | string[]>): string {
  let data = url;
  for (const key of Object.keys(params).sort()) {
    const v = params[key]!;
    for (const value of Array.isArray(v) ? [...new Set(v)].sort() : [v]) data += key + value;
  }
  return data;
}

/** URL variants Twilio may have signed: as given, and with the default port added or removed. */
function urlVariants(url: string): string[] {
  const out = new Set([url]);
  try {
    const u = new URL(url);
    const defaultPort = u.protocol === "https:" ? "443" : "80";
    if (u.port) {
      if (u.port === defaultPort) {
        u.port = "";
        out.add(u.toString());
      }
    } else {
      out.add(url.replace(u.host, `${u.hostname}:${defaultPort}`));
    }
  } catch {
    // Not a URL: only the literal form can match.
  }
  return [...out];
}

/** X-Twilio-Signature: base64 HMAC-SHA1 keyed by the auth token. */
export function verifyTwilioSignature(input: {
  authToken: string;
  signature: string | undefined;
  url: string;
  params: Record<string, string | string[]>;
}): boolean {
  if (!input.signature || !input.authToken) return false;
  return urlVariants(input.url).some((url) => {
    const expected = crypto
      .createHmac("sha1", input.authToken)
      .update(twilioPayload(url, input.params), "utf8")
      .digest("base64");
    return safeEqual(expected, input.signature!);
  });
}

export const TELNYX_TOLERANCE_SECONDS = 300;

/** telnyx-signature-ed25519 over `${timestamp}|${rawBody}`, timestamp within 300 s. */
export function verifyTelnyxSignature(input: {
  publicKey: string;
  signature: string | undefined;
  timestamp: string | undefined;
  rawBody: string;
  nowSeconds?: number;
  toleranceSeconds?: number;
}): boolean {
  if (!input.signature || !input.timestamp || !input.publicKey) return false;
  if (!/^\d+$/.test(input.timestamp)) return false;
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(input.timestamp)) > (input.toleranceSeconds ?? TELNYX_TOLERANCE_SECONDS)) return false;
  try {
    const raw = Buffer.from(input.publicKey, "base64");
    if (raw.length !== 32) return false;
    const key = crypto.createPublicKey({
      key: { kty: "OKP", crv: "Ed25519", x: raw.toString("base64url") },
      format: "jwk",
    });
    const signature = Buffer.from(input.signature, "base64");
    if (signature.length !== 64) return false;
    return crypto.verify(null, Buffer.from(`${input.timestamp}|${input.rawBody}`, "utf8"), key, signature);
  } catch {
    return false;
  }
}
