// Number server actions end to end against real PostgreSQL and the LiveKit fake
// (real livekit-server-sdk on the wire): retry a failed provisioning, reassign,
// release; another tenant's number id is a 404 and changes nothing.
import crypto from "node:crypto";
import { forTenant, platformDb } from "@articulate/db";
import { type LiveKitFake, startLiveKitFake } from "@articulate/testing/livekit";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { session } from "./support/session";

vi.mock("@/lib/authz/session", () => import("./support/session"));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/navigation", () => import("./support/next-navigation"));

let lk: LiveKitFake;
const suffix = crypto.randomBytes(4).toString("hex");
let tenant: { id: string; slug: string };
let other: { id: string; slug: string };
let agentA: string;
let agentB: string;
let numberId: string;
let otherNumberId: string;

type Actions = typeof import("@/modules/numbers/actions");
let actions: Actions;

beforeAll(async () => {
  lk = await startLiveKitFake();
  process.env.LIVEKIT_URL = lk.url;
  process.env.LIVEKIT_API_KEY = lk.apiKey;
  process.env.LIVEKIT_API_SECRET = lk.apiSecret;
  process.env.LIVEKIT_SIP_ENDPOINT = "sip.test.local";
  process.env.ENCRYPTION_KEY ??= crypto.randomBytes(32).toString("hex");
  actions = await import("@/modules/numbers/actions");
  const user = await platformDb().user.create({ data: { email: `numbers-${suffix}@test.local` } });
  session.user = { id: user.id, email: user.email, name: null, emailVerified: null, isPlatformAdmin: false };
  tenant = await platformDb().tenant.create({ data: { slug: `num-a-${suffix}`, name: "A" } });
  other = await platformDb().tenant.create({ data: { slug: `num-b-${suffix}`, name: "B" } });
  await platformDb().membership.create({ data: { tenantId: tenant.id, userId: user.id, role: "ADMIN" } });
  const t = forTenant(tenant.id);
  agentA = (
    await t.agent.create({
      data: { tenantId: tenant.id, name: "Front desk", greeting: "Hi", instructions: "Help callers" },
    })
  ).id;
  agentB = (
    await t.agent.create({
      data: { tenantId: tenant.id, name: "Bookings", greeting: "Hi", instructions: "Book things" },
    })
  ).id;
  const last4 = String(crypto.randomInt(1000, 9999));
  // A BYO number whose first provisioning failed (LiveKit was down): the owner retries.
  numberId = (
    await t.phoneNumber.create({
      data: {
        tenantId: tenant.id,
        e164: `+6125550${last4}`,
        e164Active: `+6125550${last4}`,
        provider: "BYO",
        status: "FAILED",
        failureReason: "LiveKit did not answer",
        agentId: agentA,
        sipAuthUsername: `art${suffix}`,
        allowedAddresses: ["203.0.113.10"],
      },
    })
  ).id;
  otherNumberId = (
    await forTenant(other.id).phoneNumber.create({
      data: {
        tenantId: other.id,
        e164: `+6135550${last4}`,
        e164Active: `+6135550${last4}`,
        provider: "BYO",
        status: "ACTIVE",
      },
    })
  ).id;
});

afterAll(async () => {
  await lk?.close();
});

const idle = { status: "idle" } as const;

describe("number actions", () => {
  it("retry brings a FAILED number to ACTIVE with its trunk and rule in LiveKit", async () => {
    const r = await actions.retryProvisioningAction(idle, { slug: tenant.slug, phoneNumberId: numberId });
    expect(r).toMatchObject({ status: "success" });
    const row = await forTenant(tenant.id).phoneNumber.findFirstOrThrow({ where: { id: numberId } });
    expect(row.status).toBe("ACTIVE");
    expect(lk.state.inboundTrunks.get(row.livekitInboundTrunkId!)?.numbers).toContain(row.e164);
    const rule = lk.state.dispatchRules.get(row.livekitDispatchRuleId!);
    expect(JSON.parse(rule?.roomConfig?.agents[0]?.metadata ?? "{}")).toMatchObject({
      tenantId: tenant.id,
      agentId: agentA,
      phoneNumberId: numberId,
    });
  });

  it("reassigning updates the dispatch rule's metadata in place", async () => {
    const before = await forTenant(tenant.id).phoneNumber.findFirstOrThrow({ where: { id: numberId } });
    expect(
      await actions.assignAgentAction(idle, { slug: tenant.slug, phoneNumberId: numberId, agentId: agentB }),
    ).toMatchObject({ status: "success" });
    const after = await forTenant(tenant.id).phoneNumber.findFirstOrThrow({ where: { id: numberId } });
    expect(after.agentId).toBe(agentB);
    expect(after.livekitDispatchRuleId).toBe(before.livekitDispatchRuleId);
    expect(
      JSON.parse(lk.state.dispatchRules.get(after.livekitDispatchRuleId!)?.roomConfig?.agents[0]?.metadata ?? "{}"),
    ).toMatchObject({ agentId: agentB });
  });

  it("another tenant's number or agent id is a 404 and nothing changes", async () => {
    expect(await actions.releaseNumberAction(idle, { slug: tenant.slug, phoneNumberId: otherNumberId })).toMatchObject({
      status: "error",
      code: 404,
    });
    expect(
      await actions.retryProvisioningAction(idle, { slug: tenant.slug, phoneNumberId: otherNumberId }),
    ).toMatchObject({ status: "error", code: 404 });
    const foreignAgent = await forTenant(other.id).agent.create({
      data: { tenantId: other.id, name: "B", greeting: "Hi", instructions: "x" },
    });
    expect(
      await actions.assignAgentAction(idle, { slug: tenant.slug, phoneNumberId: numberId, agentId: foreignAgent.id }),
    ).toMatchObject({ status: "error", code: 404 });
    expect((await forTenant(other.id).phoneNumber.findFirstOrThrow({ where: { id: otherNumberId } })).status).toBe(
      "ACTIVE",
    );
    expect((await forTenant(tenant.id).phoneNumber.findFirstOrThrow({ where: { id: numberId } })).agentId).toBe(agentB);
  });

  it("bad input names the field; nothing is written", async () => {
    const r = await actions.importNumberAction(idle, {
      slug: tenant.slug,
      phoneNumber: "12",
      authMode: "addresses",
      allowedAddresses: "",
    });
    expect(r).toMatchObject({
      status: "error",
      code: 400,
      fieldErrors: { phoneNumber: expect.any(String), allowedAddresses: "Enter at least one carrier IP address" },
    });
    const bad = await actions.importNumberAction(idle, {
      slug: tenant.slug,
      phoneNumber: "not a number",
      authMode: "credentials",
    });
    expect(bad).toMatchObject({
      status: "error",
      fieldErrors: { phoneNumber: expect.stringContaining("not a valid phone number") },
    });
    expect(await forTenant(tenant.id).phoneNumber.count({ where: {} })).toBe(1);
  });

  it("release removes the rule, then the trunk, and frees the number", async () => {
    const row = await forTenant(tenant.id).phoneNumber.findFirstOrThrow({ where: { id: numberId } });
    await expect(actions.releaseNumberAction(idle, { slug: tenant.slug, phoneNumberId: numberId })).rejects.toThrow(
      `NEXT_REDIRECT:/t/${tenant.slug}/numbers`,
    );
    const after = await forTenant(tenant.id).phoneNumber.findFirstOrThrow({ where: { id: numberId } });
    expect(after).toMatchObject({ status: "RELEASED", e164Active: null });
    expect(lk.state.dispatchRules.has(row.livekitDispatchRuleId!)).toBe(false);
    expect(lk.state.inboundTrunks.has(row.livekitInboundTrunkId!)).toBe(false);
    const audit = await forTenant(tenant.id).auditLog.findMany({
      where: { targetId: numberId },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual(["number.provisioning_retried", "number.assigned", "number.released"]);
  });
});
