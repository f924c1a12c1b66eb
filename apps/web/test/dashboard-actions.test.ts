// Dashboard server actions of this area, through the real authorising wrapper:
// "Call this number", API keys and webhook endpoints — role checks and
// cross-tenant ids (another tenant's agent, key, endpoint or delivery: 404).
import crypto from "node:crypto";
import { forTenant, platformDb } from "@articulate/db";
import { type LiveKitFake, startLiveKitFake } from "@articulate/testing/livekit";
import { createWebhookEndpoint } from "@articulate/webhooks";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const session = vi.hoisted(() => ({
  user: null as null | {
    id: string;
    email: string;
    name: string | null;
    emailVerified: Date | null;
    isPlatformAdmin: boolean;
  },
}));
vi.mock("@/lib/authz/session", () => ({ getSessionUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { placeOutboundCallAction } = await import("@/modules/outbound/actions");
const { createApiKeyAction, revokeApiKeyAction } = await import("@/modules/api-keys/actions");
const { replayWebhookDeliveryAction, setWebhookEndpointEnabledAction, createWebhookEndpointAction } = await import(
  "@/modules/webhooks/actions"
);
const { createApiTenant } = await import("./api-fixtures");

let lk: LiveKitFake;
const idle = { status: "idle" } as const;

async function member(tenantId: string, role: "OWNER" | "ADMIN" | "MEMBER") {
  const u = await platformDb().user.create({
    data: { email: `${role.toLowerCase()}-${crypto.randomBytes(4).toString("hex")}@test.local` },
  });
  await platformDb().membership.create({ data: { tenantId, userId: u.id, role } });
  return { id: u.id, email: u.email, name: null, emailVerified: null, isPlatformAdmin: false };
}

beforeAll(async () => {
  lk = await startLiveKitFake();
  Object.assign(process.env, { LIVEKIT_URL: lk.url, LIVEKIT_API_KEY: lk.apiKey, LIVEKIT_API_SECRET: lk.apiSecret });
});
afterAll(async () => {
  await lk.close();
});

describe("Call this number", () => {
  it("places the call through the shared domain function for an admin, and refuses members and other tenants' ids", async () => {
    const a = await createApiTenant("act-a");
    const b = await createApiTenant("act-b");
    const conn = await forTenant(a.tenant.id).sipConnection.create({
      data: {
        tenantId: a.tenant.id,
        name: "Carrier",
        provider: "BYO",
        address: "sip.carrier.example",
        numbers: [a.number.e164],
        status: "ACTIVE",
      },
    });
    await forTenant(a.tenant.id).phoneNumber.updateMany({
      where: { id: a.number.id },
      data: { sipConnectionId: conn.id },
    });
    const form = { slug: a.tenant.slug, agentId: a.agent.id, fromNumberId: a.number.id, to: "+61 412 345 678" };

    session.user = await member(a.tenant.id, "MEMBER");
    expect(await placeOutboundCallAction(idle, form)).toMatchObject({ status: "error", code: 403 });

    session.user = await member(a.tenant.id, "ADMIN");
    expect(await placeOutboundCallAction(idle, { ...form, agentId: b.agent.id })).toMatchObject({
      status: "error",
      code: 404,
      fieldErrors: { agentId: expect.any(String) },
    });
    expect(await placeOutboundCallAction(idle, { ...form, to: "hello" })).toMatchObject({
      status: "error",
      code: 400,
      fieldErrors: { to: expect.any(String) },
    });
    const ok = await placeOutboundCallAction(idle, form);
    expect(ok).toMatchObject({ status: "success", data: { callId: expect.any(String) } });
    const callId = ok.status === "success" ? ok.data.callId : "";
    const call = await forTenant(a.tenant.id).call.findFirstOrThrow({ where: { id: callId } });
    expect(call).toMatchObject({ direction: "OUTBOUND", toNumber: "+61412345678", agentId: a.agent.id });
    expect(lk.state.sipCalls.some((c) => c.roomName === call.roomName && c.remoteNumber === "+61412345678")).toBe(true);

    // A member of B cannot act on A by posting A's slug.
    session.user = await member(b.tenant.id, "OWNER");
    expect(await placeOutboundCallAction(idle, form)).toMatchObject({ status: "error", code: 404 });
    session.user = null;
  });
});

describe("API key and webhook actions", () => {
  it("creates and revokes keys only within the caller's tenant", async () => {
    const a = await createApiTenant("keys-a");
    const b = await createApiTenant("keys-b");
    session.user = await member(a.tenant.id, "ADMIN");
    const created = await createApiKeyAction(idle, { slug: a.tenant.slug, name: "CRM" });
    expect(created).toMatchObject({ status: "success", data: { secret: expect.stringMatching(/^art_live_/) } });
    // B's key id through A's slug: not found, and B's key stays active.
    expect(await revokeApiKeyAction(idle, { slug: a.tenant.slug, keyId: b.key.id })).toMatchObject({
      status: "error",
      code: 404,
    });
    expect((await platformDb().apiKey.findUniqueOrThrow({ where: { id: b.key.id } })).revokedAt).toBeNull();
    session.user = await member(a.tenant.id, "MEMBER");
    expect(await createApiKeyAction(idle, { slug: a.tenant.slug, name: "nope" })).toMatchObject({
      status: "error",
      code: 403,
    });
    session.user = null;
  });

  it("manages endpoints and replays deliveries only within the caller's tenant", async () => {
    const a = await createApiTenant("hooks-a");
    const b = await createApiTenant("hooks-b");
    const { endpoint: bEndpoint } = await createWebhookEndpoint(
      b.tenant.id,
      { url: "https://b.example.test/hook" },
      { actorType: "system" },
    );
    const bDelivery = await forTenant(b.tenant.id).webhookDelivery.create({
      data: {
        tenantId: b.tenant.id,
        endpointId: bEndpoint.id,
        eventId: "evt_b",
        eventType: "call.started",
        payload: {},
        status: "SUCCEEDED",
      },
    });
    session.user = await member(a.tenant.id, "ADMIN");
    const bad = await createWebhookEndpointAction(idle, {
      slug: a.tenant.slug,
      url: "not a url",
      events: "call.started",
    });
    expect(bad).toMatchObject({ status: "error", fieldErrors: { url: expect.any(String) } });
    const ok = await createWebhookEndpointAction(idle, {
      slug: a.tenant.slug,
      url: "https://a.example.test/hook",
      events: ["call.started", "call.ended"],
    });
    expect(ok).toMatchObject({ status: "success", data: { secret: expect.stringMatching(/^whsec_/) } });
    expect(
      await setWebhookEndpointEnabledAction(idle, { slug: a.tenant.slug, endpointId: bEndpoint.id, enabled: "false" }),
    ).toMatchObject({ status: "error", code: 404 });
    expect(await replayWebhookDeliveryAction(idle, { slug: a.tenant.slug, deliveryId: bDelivery.id })).toMatchObject({
      status: "error",
      code: 404,
    });
    expect(await forTenant(b.tenant.id).webhookDelivery.count({ where: {} })).toBe(1);
    expect(
      (await forTenant(b.tenant.id).webhookEndpoint.findFirstOrThrow({ where: { id: bEndpoint.id } })).enabled,
    ).toBe(true);
    session.user = null;
  });
});
