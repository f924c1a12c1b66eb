// POST /api/webhooks/telnyx and /api/webhooks/twilio: the real route handlers
// behind a loopback server, fed by the carrier fakes' signed deliveries.
// (Event handling itself is covered in packages/telephony/test/carrier-events.test.ts.)
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { startTelnyxFake, startTwilioFake, type TelnyxFake, type TwilioFake } from "@articulate/testing/carriers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as telnyxPost } from "@/app/api/webhooks/telnyx/route";
import { POST as twilioPost } from "@/app/api/webhooks/twilio/route";

let telnyx: TelnyxFake;
let twilio: TwilioFake;
let server: http.Server;
let base: string;

beforeAll(async () => {
  [telnyx, twilio] = await Promise.all([startTelnyxFake(), startTwilioFake()]);
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const handler = req.url?.startsWith("/api/webhooks/telnyx") ? telnyxPost : twilioPost;
    // As behind a proxy: the app sees its internal address, Twilio signed the public one (APP_URL).
    const response = await handler(
      new Request(`http://10.0.0.7:3000${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) }),
    );
    res.writeHead(response.status, { "content-type": "application/json" });
    res.end(await response.text());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.APP_URL = base;
  process.env.TELNYX_API_KEY = telnyx.credentials.apiKey;
  process.env.TELNYX_PUBLIC_KEY = telnyx.credentials.publicKey;
  process.env.TWILIO_ACCOUNT_SID = twilio.credentials.accountSid;
  process.env.TWILIO_AUTH_TOKEN = twilio.credentials.authToken;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  await Promise.all([telnyx.close(), twilio.close()]);
});

describe("carrier webhook routes", () => {
  it("Telnyx: a signed delivery is acknowledged; a forged one is refused with 401", async () => {
    const event = {
      data: { id: crypto.randomUUID(), event_type: "number_order.complete", payload: { phone_numbers: [] } },
    };
    const ok = await telnyx.sendWebhook(`${base}/api/webhooks/telnyx`, event);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, outcome: "no_number" });

    const forged = await fetch(`${base}/api/webhooks/telnyx`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "telnyx-signature-ed25519": Buffer.alloc(64).toString("base64"),
        "telnyx-timestamp": String(Math.floor(Date.now() / 1000)),
      },
      body: JSON.stringify(event),
    });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ ok: false, outcome: "rejected" });
  });

  it("Twilio: verifies against the public URL; a bad signature is refused with 401", async () => {
    const params = { BundleSid: `BU${crypto.randomBytes(16).toString("hex")}`, Status: "in-review" };
    const ok = await twilio.sendWebhook(`${base}/api/webhooks/twilio`, params);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, outcome: "no_number" });

    const forged = await fetch(`${base}/api/webhooks/twilio`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": "AAAA" },
      body: new URLSearchParams(params).toString(),
    });
    expect(forged.status).toBe(401);
  });
});
