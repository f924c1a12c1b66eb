// Carrier status webhooks: a Telnyx AU number waiting for document approval
// finishes by events alone; Twilio bundle callbacks; signatures, replays,
// stale timestamps and unknown event types.
import crypto from "node:crypto";
import { forTenant, platformDb } from "@articulate/db";
import { telnyxSignatureHeaders, twilioSignature } from "@articulate/testing/carriers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buyNumber, handleTelnyxWebhook, handleTwilioWebhook } from "../src";
import { AU_ADDRESS, createTenantWithAgent, type Fakes, startFakes } from "./helpers";

let fakes: Fakes;
beforeAll(async () => {
  fakes = await startFakes();
  // Numbers of our own: the test database is shared with the other files running in parallel.
  for (const phoneNumber of ["+61255508001", "+61255508002", "+61255508003"]) {
    fakes.telnyx.state.available.set(phoneNumber, {
      phoneNumber,
      type: "local",
      locality: "Sydney",
      ndc: "2",
      monthlyCost: "3.00",
      upfrontCost: "1.00",
    });
  }
  for (const phoneNumber of ["+61285558001", "+61285558002"]) {
    fakes.twilio.state.available.set(phoneNumber, {
      phoneNumber,
      type: "Local",
      locality: "Sydney",
      region: "NSW",
      addressRequirements: "local",
    });
  }
});
afterAll(async () => {
  await fakes.close();
});
const deps = () => ({ config: fakes.config });

function signedTelnyx(payload: unknown, timestamp?: number) {
  const rawBody = JSON.stringify(payload);
  return { rawBody, headers: telnyxSignatureHeaders(fakes.telnyx.keyPair.privateKey, rawBody, timestamp) };
}
const row = (tenantId: string, id: string) => forTenant(tenantId).phoneNumber.findFirstOrThrow({ where: { id } });

async function waitingTelnyxNumber(e164: string) {
  const { tenantId, agentId } = await createTenantWithAgent();
  const group = fakes.telnyx.submitRequirementGroupForReview();
  const bought = await buyNumber(
    {
      tenantId,
      provider: "TELNYX",
      phoneNumber: e164,
      agentId,
      regulatory: { ...AU_ADDRESS, telnyxRequirementGroupId: group },
    },
    deps(),
  );
  return { tenantId, agentId, bought };
}

describe("Telnyx number order events", () => {
  it("a number waiting for document approval becomes active through events alone", async () => {
    const { tenantId, agentId, bought } = await waitingTelnyxNumber("+61255508001");
    expect(bought.status).toBe("PROVISIONING");
    expect(bought.waitingOn).toBe(
      "Waiting for Telnyx to approve your documents. The number starts taking calls by itself once they do.",
    );
    expect(bought.providerRef).toBeTruthy();
    expect(bought.livekitInboundTrunkId).toBeNull();

    // Telnyx reports the order still under review: nothing changes.
    const pending = await handleTelnyxWebhook(signedTelnyx(fakes.telnyx.numberOrderEvent("+61255508001")), deps());
    expect(pending.body).toMatchObject({ ok: true, outcome: "processed", phoneNumberIds: [bought.id] });
    expect((await row(tenantId, bought.id)).status).toBe("PROVISIONING");

    // Telnyx approves: the event alone carries provisioning to the end.
    fakes.telnyx.approveRequirements("+61255508001");
    const approved = await handleTelnyxWebhook(signedTelnyx(fakes.telnyx.numberOrderEvent("+61255508001")), deps());
    expect(approved.status).toBe(200);
    const active = await row(tenantId, bought.id);
    expect(active.status).toBe("ACTIVE");
    expect(active.waitingOn).toBeNull();
    expect(active.livekitInboundTrunkId).toBeTruthy();
    const call = await fakes.livekit.simulateInboundCall("+61255508001", "+61400999000");
    expect(JSON.parse(call.dispatchMetadata!)).toEqual({
      v: 1,
      kind: "inbound",
      tenantId,
      agentId,
      phoneNumberId: bought.id,
    });
  });

  it("moves a rejected number to FAILED with Telnyx's reason", async () => {
    const { tenantId, bought } = await waitingTelnyxNumber("+61255508002");
    fakes.telnyx.rejectRequirements("+61255508002");
    const res = await handleTelnyxWebhook(signedTelnyx(fakes.telnyx.numberOrderEvent("+61255508002")), deps());
    expect(res.status).toBe(200);
    const failed = await row(tenantId, bought.id);
    expect(failed.status).toBe("FAILED");
    expect(failed.waitingOn).toBeNull();
    expect(failed.failureReason).toBe(
      "Telnyx did not accept the documents for 02 5550 8002. Correct them in Telnyx, then retry.",
    );
  });

  it("refuses tampered and stale deliveries, processes a replay once, and acknowledges unknown types", async () => {
    const { tenantId, bought } = await waitingTelnyxNumber("+61255508003");
    fakes.telnyx.approveRequirements("+61255508003");
    const event = fakes.telnyx.numberOrderEvent("+61255508003");

    const signed = signedTelnyx(event);
    const tampered = await handleTelnyxWebhook(
      { ...signed, rawBody: signed.rawBody.replace('"success"', '"failure"') },
      deps(),
    );
    expect(tampered).toMatchObject({ status: 401, body: { outcome: "rejected" } });
    const stale = await handleTelnyxWebhook(signedTelnyx(event, Math.floor(Date.now() / 1000) - 301), deps());
    expect(stale).toMatchObject({ status: 401, body: { outcome: "rejected" } });
    const unsigned = await handleTelnyxWebhook({ rawBody: signed.rawBody, headers: {} }, deps());
    expect(unsigned.status).toBe(401);
    expect((await row(tenantId, bought.id)).status).toBe("PROVISIONING");

    const first = await handleTelnyxWebhook(signed, deps());
    expect(first.body.outcome).toBe("processed");
    expect((await row(tenantId, bought.id)).status).toBe("ACTIVE");
    const replay = await handleTelnyxWebhook(signedTelnyx(event), deps());
    expect(replay).toMatchObject({ status: 200, body: { outcome: "duplicate" } });
    expect(
      await platformDb().processedWebhookEvent.count({
        where: { provider: "telnyx", eventId: event.data.id as string },
      }),
    ).toBe(1);

    const unknown = await handleTelnyxWebhook(
      signedTelnyx({ data: { id: crypto.randomUUID(), event_type: "call.initiated", payload: {} } }),
      deps(),
    );
    expect(unknown).toMatchObject({ status: 200, body: { ok: true, outcome: "ignored" } });
    const malformed = await handleTelnyxWebhook(signedTelnyx({ data: { event_type: "x" } }), deps());
    expect(malformed.status).toBe(400);
  });
});

describe("Twilio regulatory bundle callbacks", () => {
  const url = "https://app.articulate.example/api/webhooks/twilio";
  const bundleSid = () => `BU${crypto.randomBytes(16).toString("hex")}`;
  function signedTwilio(params: Record<string, string>, token?: string) {
    return {
      url,
      rawBody: new URLSearchParams(params).toString(),
      headers: {
        "x-twilio-signature": twilioSignature(fakes.twilio.credentials.authToken, url, params),
        ...(token ? { "i-twilio-idempotency-token": token } : {}),
      },
    };
  }
  /** A Twilio number that failed for want of an approved bundle, now referencing one under review. */
  async function numberAwaitingBundle(e164: string, sid: string) {
    const { tenantId, agentId } = await createTenantWithAgent();
    const failed = await buyNumber({ tenantId, provider: "TWILIO", phoneNumber: e164, agentId }, deps()).catch(
      () => undefined,
    );
    expect(failed).toBeUndefined();
    const n = await forTenant(tenantId).phoneNumber.findFirstOrThrow({ where: { e164Active: e164 } });
    await forTenant(tenantId).phoneNumber.update({
      where: { id: n.id },
      data: { regulatory: { ...AU_ADDRESS, twilioBundleSid: sid } },
    });
    return { tenantId, id: n.id };
  }

  it("an approved bundle finishes provisioning; a replay is processed once; a tampered one is refused", async () => {
    const sid = bundleSid();
    const { tenantId, id } = await numberAwaitingBundle("+61285558001", sid);
    const params = { AccountSid: fakes.twilio.credentials.accountSid, BundleSid: sid, Status: "twilio-approved" };

    const tampered = signedTwilio(params, "tok-1");
    tampered.rawBody = new URLSearchParams({ ...params, Status: "twilio-rejected" }).toString();
    expect(await handleTwilioWebhook(tampered, deps())).toMatchObject({ status: 401, body: { outcome: "rejected" } });
    expect((await row(tenantId, id)).status).toBe("FAILED");

    const ok = await handleTwilioWebhook(signedTwilio(params, "tok-1"), deps());
    expect(ok.body).toMatchObject({ outcome: "processed", phoneNumberIds: [id] });
    expect((await row(tenantId, id)).status).toBe("ACTIVE");
    expect(await handleTwilioWebhook(signedTwilio(params, "tok-1"), deps())).toMatchObject({
      body: { outcome: "duplicate" },
    });
  });

  it("a rejected bundle leaves the number FAILED with Twilio's reason; other callbacks are acknowledged", async () => {
    const sid = bundleSid();
    const { tenantId, id } = await numberAwaitingBundle("+61285558002", sid);
    const res = await handleTwilioWebhook(
      signedTwilio({ BundleSid: sid, Status: "twilio-rejected", FailureReason: "Address is a PO box" }),
      deps(),
    );
    expect(res.status).toBe(200);
    const failed = await row(tenantId, id);
    expect(failed.status).toBe("FAILED");
    expect(failed.failureReason).toBe(
      "Twilio rejected the regulatory bundle: Address is a PO box. Correct it in Twilio, then retry.",
    );
    const other = await handleTwilioWebhook(signedTwilio({ CallSid: "CA123", CallStatus: "completed" }), deps());
    expect(other).toMatchObject({ status: 200, body: { outcome: "ignored" } });
    const bad = await handleTwilioWebhook(signedTwilio({ BundleSid: "nope", Status: "twilio-approved" }), deps());
    expect(bad).toMatchObject({ status: 400, body: { outcome: "invalid" } });
  });
});
