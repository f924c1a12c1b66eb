// A number going ACTIVE queues number.provisioned in the same transaction (outbox), once.
import { forTenant } from "@articulate/db";
import { createWebhookEndpoint } from "@articulate/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buyNumber, provisionInboundNumber } from "../../src";
import { AU_ADDRESS, createTenantWithAgent, type Fakes, startFakes } from "../helpers";

let fakes: Fakes;
beforeAll(async () => {
  fakes = await startFakes();
});
afterAll(async () => {
  await fakes.close();
});

describe("number.provisioned webhook", () => {
  // Its own number from the fake's stock: files run in parallel on one database and a held number is unique.
  it("is queued when provisioning completes, and not again when provisioning is re-run", async () => {
    const { tenantId, agentId } = await createTenantWithAgent("Webhook Dental");
    await createWebhookEndpoint(
      tenantId,
      { url: "https://example.test/hooks", events: ["number.provisioned"] },
      { actorType: "system" },
    );
    const deps = { config: fakes.config };
    const row = await buyNumber(
      {
        tenantId,
        provider: "TELNYX",
        phoneNumber: "02 5550 1236",
        agentId,
        regulatory: { ...AU_ADDRESS, telnyxRequirementGroupId: fakes.telnyx.credentials.requirementGroupId },
      },
      deps,
    );
    expect(row.status).toBe("ACTIVE");
    await provisionInboundNumber(row.id, deps);
    const deliveries = await forTenant(tenantId).webhookDelivery.findMany({
      where: { eventType: "number.provisioned" },
    });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.payload).toMatchObject({
      type: "number.provisioned",
      data: { phoneNumber: { id: row.id, e164: "+61255501236", provider: "TELNYX", status: "ACTIVE", agentId } },
    });
  });
});
