// The call lifecycle queues tenant webhooks in its own transactions (outbox).
import crypto from "node:crypto";
import { disconnectDb, forTenant, platformDb } from "@articulate/db";
import { createWebhookEndpoint } from "@articulate/webhooks";
import { afterAll, describe, expect, it } from "vitest";
import { finalizeCall, markCallAnswered, saveMessage, startCall } from "../../src/index";

afterAll(async () => {
  await disconnectDb();
});

describe("webhook emits from the call lifecycle", () => {
  it("queues call.started, message.taken and call.ended (with the transcript) for subscribed endpoints", async () => {
    const suffix = crypto.randomBytes(4).toString("hex");
    const tenant = await platformDb().tenant.create({ data: { slug: `emits-${suffix}`, name: `Emits ${suffix}` } });
    await createWebhookEndpoint(tenant.id, { url: "https://example.test/hooks" }, { actorType: "system" });
    const call = await startCall({
      tenantId: tenant.id,
      roomName: `call-${suffix}`,
      direction: "INBOUND",
      fromNumber: "+61400000001",
      toNumber: "+61255501234",
    });
    // A retried job start returns the same row and queues nothing new.
    await startCall({
      tenantId: tenant.id,
      roomName: `call-${suffix}`,
      direction: "INBOUND",
      fromNumber: "+61400000001",
      toNumber: "+61255501234",
    });
    await markCallAnswered({ tenantId: tenant.id, callId: call.id });
    await forTenant(tenant.id).transcriptSegment.createMany({
      data: [
        { tenantId: tenant.id, callId: call.id, sequence: 0, speaker: "AGENT", text: "Hello" },
        { tenantId: tenant.id, callId: call.id, sequence: 1, speaker: "CALLER", text: "Please call me back" },
      ],
    });
    await saveMessage({
      tenantId: tenant.id,
      callId: call.id,
      callerName: "Ann",
      callbackNumber: "0400 000 002",
      reason: "Call back",
    });
    await finalizeCall({ tenantId: tenant.id, callId: call.id, endReason: "CALLER_HUNG_UP", finalizedBy: "WORKER" });
    await finalizeCall({ tenantId: tenant.id, callId: call.id, endReason: "CALLER_HUNG_UP", finalizedBy: "WEBHOOK" });

    const rows = await forTenant(tenant.id).webhookDelivery.findMany({ where: {}, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => r.eventType)).toEqual(["call.started", "message.taken", "call.ended"]);
    const ended = rows[2]!.payload as {
      data: { call: { id: string; status: string }; transcript: { text: string }[] };
    };
    expect(ended.data.call).toMatchObject({ id: call.id, status: "COMPLETED" });
    expect(ended.data.transcript.map((t) => t.text)).toEqual(["Hello", "Please call me back"]);
    expect(rows[1]!.payload).toMatchObject({ data: { message: { callbackNumber: "0400000002", callId: call.id } } });
  });
});
