// Public API and tenant webhooks over real HTTP against the production build:
// a key is created in the dashboard and used from outside; an outbound call
// placed through the API (LiveKit fake) produces a signed call.started webhook
// that a local receiver verifies; the delivery log shows it and replays it.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { verifyWebhookSignature } from "@articulate/webhooks";
import { expect, test } from "@playwright/test";
import { createBusiness, screenshot, signUp, sql } from "./helpers";

test.describe.configure({ mode: "serial" });

const run = crypto.randomBytes(3).toString("hex");
const owner = { name: "Api Owner", email: `api-owner-${run}@example.test`, password: "api-owner-pass-123" };

interface Received {
  body: string;
  signature: string;
}

async function startReceiver(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        body: Buffer.concat(chunks).toString("utf8"),
        signature: String(req.headers["articulate-signature"] ?? ""),
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

test("API key from the dashboard, REST calls, an outbound call and its signed webhook, replay", async ({
  page,
  request,
}) => {
  test.setTimeout(240_000);
  const receiver = await startReceiver();
  try {
    await signUp(page, owner);
    const slug = await createBusiness(page, `Api Smoke ${run}`);
    const [tenant] = await sql<{ id: string }>(`SELECT id FROM "Tenant" WHERE slug = $1`, [slug]);

    // The OpenAPI document is public and stable.
    const doc = await request.get("/api/v1/openapi.json");
    expect(doc.status()).toBe(200);
    expect((await doc.json()).openapi).toBe("3.1.0");

    // No key: 401 in the one error shape.
    const noKey = await request.get("/api/v1/numbers");
    expect(noKey.status()).toBe(401);
    expect(await noKey.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });

    // Create a key in the dashboard; it is shown once.
    await page.goto(`/t/${slug}/settings/api-keys`);
    await page.getByLabel("Key name").fill("Smoke test");
    await page.getByRole("button", { name: "Create key" }).click();
    const key = (await page.getByTestId("new-api-key").textContent())?.trim() ?? "";
    expect(key).toMatch(/^art_live_[0-9a-f]{12}_/);
    await screenshot(page, "api-01-keys");
    const auth = { authorization: `Bearer ${key}` };

    // Webhook endpoint pointing at the local receiver; the secret is shown once.
    await page.goto(`/t/${slug}/settings/webhooks`);
    await page.getByLabel("Endpoint URL").fill(receiver.url);
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const secret = (await page.getByTestId("webhook-secret").textContent())?.trim() ?? "";
    expect(secret).toMatch(/^whsec_/);

    // Agents CRUD over HTTP.
    const created = await request.post("/api/v1/agents", {
      headers: auth,
      data: {
        name: "API agent",
        greeting: "Hello from the API",
        instructions: "Be brief and friendly; take a message when unsure.",
        // Open around the clock, so the outbound call below is inside calling hours whenever the suite runs.
        businessHours: null,
      },
    });
    expect(created.status()).toBe(201);
    const agent = await created.json();
    expect((await request.get(`/api/v1/agents/${agent.id}`, { headers: auth })).status()).toBe(200);
    const invalid = await request.post("/api/v1/agents", {
      headers: auth,
      data: { name: "", greeting: "x", instructions: "y" },
    });
    expect(invalid.status()).toBe(400);
    expect((await invalid.json()).error.details.fields[0].field).toBe("name");
    expect((await request.get("/api/v1/calls/not-a-real-call", { headers: auth })).status()).toBe(404);

    // An active number with an outbound carrier connection (set up directly: buying one is the dashboard suite's job).
    const numberId = `pn_${run}`;
    const e164 = `+6125550${crypto.randomInt(1000, 9999)}`;
    await sql(
      `INSERT INTO "SipConnection" (id, "tenantId", name, provider, address, numbers, status, "updatedAt") VALUES ($1, $2, 'Carrier', 'BYO', 'sip.carrier.example', $3, 'ACTIVE', now())`,
      [`sc_${run}`, tenant!.id, [e164]],
    );
    await sql(
      `INSERT INTO "PhoneNumber" (id, "tenantId", e164, "e164Active", provider, status, "agentId", "sipConnectionId", "updatedAt") VALUES ($1, $2, $3, $3, 'BYO', 'ACTIVE', $4, $5, now())`,
      [numberId, tenant!.id, e164, agent.id, `sc_${run}`],
    );
    const numbers = await request.get("/api/v1/numbers", { headers: auth });
    expect((await numbers.json()).data.map((n: { id: string }) => n.id)).toEqual([numberId]);

    const placed = await request.post("/api/v1/calls", {
      headers: auth,
      data: { agentId: agent.id, fromNumberId: numberId, to: "+61412345678" },
    });
    expect(placed.status(), await placed.text()).toBe(201);
    const call = await placed.json();
    expect(call).toMatchObject({ direction: "OUTBOUND", to: "+61412345678", from: e164 });

    // The webhook arrives signed with the endpoint's secret.
    await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    const first = receiver.received[0]!;
    expect(verifyWebhookSignature({ secret, header: first.signature, body: first.body }).ok).toBe(true);
    const event = JSON.parse(first.body);
    expect(event).toMatchObject({ type: "call.started", data: { call: { id: call.id, direction: "OUTBOUND" } } });

    // The delivery log shows it; replay sends the same event again.
    await page.goto(`/t/${slug}/settings/webhooks`);
    await expect(page.getByText(event.id)).toBeVisible();
    await screenshot(page, "api-02-webhook-log");
    await page.getByRole("button", { name: "Replay" }).first().click();
    await expect
      .poll(() => receiver.received.filter((r) => JSON.parse(r.body).id === event.id).length, { timeout: 20_000 })
      .toBe(2);

    // Revoking the key in the dashboard locks the API out.
    await page.goto(`/t/${slug}/settings/api-keys`);
    await page.getByRole("button", { name: "Revoke" }).click();
    await page.getByRole("button", { name: "Revoke key" }).click();
    await expect(page.getByText(/Revoked/).first()).toBeVisible();
    const revoked = await request.get("/api/v1/numbers", { headers: auth });
    expect(revoked.status()).toBe(401);
    expect((await revoked.json()).error.message).toBe("This API key has been revoked");
  } finally {
    await receiver.close();
  }
});
