import http from "node:http";
import type { AddressInfo } from "node:net";
import { generateTelnyxKeyPair, telnyxSignatureHeaders, twilioSignature } from "@articulate/testing/carriers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { numberProvider, verifyTelnyxSignature, verifyTwilioSignature } from "../src";
import { type Fakes, startFakes } from "./helpers";

describe("verifyTwilioSignature", () => {
  const authToken = "12345678901234567890123456789012";
  const url = "https://app.articulate.example/api/webhooks/twilio?tenant=abc";
  const params = { CallSid: "CA123", From: "+61400111222", To: "+61285550100", CallStatus: "ringing" };
  const signature = twilioSignature(authToken, url, params);

  it("accepts a valid signature", () => {
    expect(verifyTwilioSignature({ authToken, signature, url, params })).toBe(true);
  });
  it("accepts the URL with the default port Twilio may have signed", () => {
    const withPort = twilioSignature(
      authToken,
      "https://app.articulate.example:443/api/webhooks/twilio?tenant=abc",
      params,
    );
    expect(verifyTwilioSignature({ authToken, signature: withPort, url, params })).toBe(true);
  });
  it("rejects a tampered body", () => {
    expect(verifyTwilioSignature({ authToken, signature, url, params: { ...params, To: "+61285550101" } })).toBe(false);
  });
  it("rejects the wrong key", () => {
    expect(verifyTwilioSignature({ authToken: "x".repeat(32), signature, url, params })).toBe(false);
  });
  it("signs repeated params sorted, as Twilio does", () => {
    const multi = { Digits: ["2", "1"], CallSid: "CA9" };
    const sig = twilioSignature(authToken, url, multi);
    expect(
      verifyTwilioSignature({ authToken, signature: sig, url, params: { CallSid: "CA9", Digits: ["1", "2"] } }),
    ).toBe(true);
    expect(verifyTwilioSignature({ authToken, signature: sig, url, params: { CallSid: "CA9", Digits: "1" } })).toBe(
      false,
    );
  });
  it("rejects a missing signature or different URL", () => {
    expect(verifyTwilioSignature({ authToken, signature: undefined, url, params })).toBe(false);
    expect(verifyTwilioSignature({ authToken, signature, url: url.replace("abc", "abd"), params })).toBe(false);
  });
});

describe("verifyTelnyxSignature", () => {
  const keys = generateTelnyxKeyPair();
  const rawBody = JSON.stringify({ data: { event_type: "number_order.complete", id: "e1", payload: { id: "o1" } } });
  const now = 1_790_000_000;
  const headers = telnyxSignatureHeaders(keys.privateKey, rawBody, now);
  const base = {
    publicKey: keys.publicKey,
    signature: headers["telnyx-signature-ed25519"],
    timestamp: headers["telnyx-timestamp"],
    rawBody,
    nowSeconds: now + 10,
  };

  it("accepts a valid signature", () => {
    expect(verifyTelnyxSignature(base)).toBe(true);
  });
  it("rejects a tampered body", () => {
    expect(verifyTelnyxSignature({ ...base, rawBody: rawBody.replace("o1", "o2") })).toBe(false);
  });
  it("rejects the wrong key", () => {
    expect(verifyTelnyxSignature({ ...base, publicKey: generateTelnyxKeyPair().publicKey })).toBe(false);
  });
  it("rejects a stale timestamp (more than 300 s) and a future one", () => {
    expect(verifyTelnyxSignature({ ...base, nowSeconds: now + 301 })).toBe(false);
    expect(verifyTelnyxSignature({ ...base, nowSeconds: now - 301 })).toBe(false);
    expect(verifyTelnyxSignature({ ...base, nowSeconds: now + 300 })).toBe(true);
  });
  it("rejects a signature moved to another timestamp", () => {
    expect(verifyTelnyxSignature({ ...base, timestamp: String(now + 1) })).toBe(false);
  });
});

describe("provider verifyWebhook on real HTTP deliveries from the fakes", () => {
  let fakes: Fakes;
  let server: http.Server;
  let url: string;
  const received: Array<{ headers: http.IncomingHttpHeaders; rawBody: string; path: string }> = [];
  beforeAll(async () => {
    fakes = await startFakes();
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        received.push({ headers: req.headers, rawBody: body, path: req.url ?? "/" });
        res.end("ok");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await fakes.close();
  });
  const asRequest = (r: (typeof received)[number]) => ({
    url: `${url}${r.path}`,
    headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : v])),
    rawBody: r.rawBody,
  });

  it("Telnyx", async () => {
    await fakes.telnyx.sendWebhook(`${url}/telnyx`, { data: { event_type: "number_order.complete" } });
    const telnyx = numberProvider("TELNYX", { config: fakes.config });
    const req = asRequest(received.at(-1)!);
    expect(telnyx.verifyWebhook(req)).toBe(true);
    expect(telnyx.verifyWebhook({ ...req, rawBody: req.rawBody.replace("complete", "failed") })).toBe(false);
    await fakes.telnyx.sendWebhook(`${url}/telnyx`, { data: {} }, Math.floor(Date.now() / 1000) - 600);
    expect(telnyx.verifyWebhook(asRequest(received.at(-1)!))).toBe(false);
  });

  it("Twilio", async () => {
    await fakes.twilio.sendWebhook(`${url}/twilio?x=1`, { CallSid: "CA1", CallStatus: "completed" });
    const twilio = numberProvider("TWILIO", { config: fakes.config });
    const req = asRequest(received.at(-1)!);
    expect(twilio.verifyWebhook(req)).toBe(true);
    expect(twilio.verifyWebhook({ ...req, rawBody: req.rawBody.replace("completed", "busy") })).toBe(false);
  });
});
