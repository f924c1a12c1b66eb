// Post-call analysis against real PostgreSQL and a local OpenAI-compatible fake.
import crypto from "node:crypto";
import { disconnectDb, forTenant, platformDb } from "@articulate/db";
import { type FakeOpenAI, startFakeOpenAI } from "@articulate/testing/openai";
import { createWebhookEndpoint } from "@articulate/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AnalysisConfig, analysisConfigFromEnv, analyzeCall, analyzePendingCalls } from "../../src/index";

let fake: FakeOpenAI;
let config: AnalysisConfig;

async function tenantWithEndedCall(
  lines: Array<["CALLER" | "AGENT", string]>,
  opts: { endReason?: "CALLER_HUNG_UP" | "TRANSFERRED" } = {},
) {
  const suffix = crypto.randomBytes(4).toString("hex");
  const tenant = await platformDb().tenant.create({ data: { slug: `analysis-${suffix}`, name: `Analysis ${suffix}` } });
  const tdb = forTenant(tenant.id);
  const call = await tdb.call.create({
    data: {
      tenantId: tenant.id,
      direction: "INBOUND",
      fromNumber: "+61400000001",
      toNumber: "+61255501234",
      roomName: `call-${suffix}`,
      status: "COMPLETED",
      answeredAt: new Date(Date.now() - 60_000),
      endedAt: new Date(),
      endReason: opts.endReason ?? "CALLER_HUNG_UP",
    },
  });
  if (lines.length) {
    await tdb.transcriptSegment.createMany({
      data: lines.map(([speaker, text], sequence) => ({
        tenantId: tenant.id,
        callId: call.id,
        sequence,
        speaker,
        text,
      })),
    });
  }
  return { tenant, call };
}

beforeAll(async () => {
  fake = await startFakeOpenAI();
  config = analysisConfigFromEnv({ OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseUrl })!;
  // The fake "model" reads the transcript it was sent, like the real one would.
  fake.answer = (req) => {
    const user =
      ((req.messages.find((m) => m.role === "user")?.content as string | undefined) ?? "").split("Transcript:")[1] ??
      "";
    if (/message/i.test(user))
      return {
        content: JSON.stringify({
          summary: "Caller asked for a callback about a booking; a message was taken.",
          outcome: "MESSAGE_TAKEN",
        }),
      };
    if (/cheap solar|prize/i.test(user))
      return { content: JSON.stringify({ summary: "Unsolicited sales call.", outcome: "SPAM" }) };
    return { content: JSON.stringify({ summary: "Caller's question was answered.", outcome: "RESOLVED" }) };
  };
});
afterAll(async () => {
  await fake.close();
  await disconnectDb();
});

describe("analyzeCall", () => {
  it("stores the model's summary and outcome and queues call.analyzed in the same transaction", async () => {
    const { tenant, call } = await tenantWithEndedCall([
      ["AGENT", "Harbour Dental, how can I help?"],
      ["CALLER", "Can you take a message for Dr Lee to call me back about my booking?"],
    ]);
    await createWebhookEndpoint(
      tenant.id,
      { url: "https://example.test/hooks", events: ["call.analyzed"] },
      { actorType: "system" },
    );
    const r = await analyzeCall(tenant.id, call.id, { config });
    expect(r).toEqual({
      status: "ANALYSED",
      summary: expect.stringContaining("message was taken"),
      outcome: "MESSAGE_TAKEN",
    });
    const req = fake.requests.at(-1)!;
    expect(req.model).toBe("gpt-4.1-mini");
    expect(req.messages[1]?.content).toContain("Caller: Can you take a message");
    const row = await forTenant(tenant.id).call.findFirstOrThrow({ where: { id: call.id } });
    expect(row).toMatchObject({ analysisStatus: "ANALYSED", outcome: "MESSAGE_TAKEN" });
    const delivery = await forTenant(tenant.id).webhookDelivery.findFirstOrThrow({
      where: { eventType: "call.analyzed" },
    });
    expect(delivery.payload).toMatchObject({
      data: { call: { id: call.id }, analysisStatus: "ANALYSED", outcome: "MESSAGE_TAKEN" },
    });

    // Done once: a second run neither asks the model nor queues another event.
    const before = fake.requests.length;
    expect(await analyzeCall(tenant.id, call.id, { config })).toEqual({ status: "SKIPPED", reason: "already_done" });
    expect(fake.requests.length).toBe(before);
  });

  it("marks calls NOT_ANALYSED when no model is configured", async () => {
    const { tenant, call } = await tenantWithEndedCall([["CALLER", "Hello?"]]);
    expect(analysisConfigFromEnv({})).toBeNull();
    const r = await analyzeCall(tenant.id, call.id, { config: null });
    expect(r.status).toBe("NOT_ANALYSED");
    expect((await forTenant(tenant.id).call.findFirstOrThrow({ where: { id: call.id } })).analysisStatus).toBe(
      "NOT_ANALYSED",
    );
  });

  it("retries transient model failures later and fails on bad answers or a wrong key", async () => {
    const { tenant, call } = await tenantWithEndedCall([["CALLER", "Do you open Saturdays?"]]);
    const original = fake.answer;
    fake.answer = () => ({ status: 503, message: "overloaded" });
    expect((await analyzeCall(tenant.id, call.id, { config })).status).toBe("RETRY_LATER");
    expect((await forTenant(tenant.id).call.findFirstOrThrow({ where: { id: call.id } })).analysisStatus).toBe(
      "PENDING",
    );

    fake.answer = () => ({ content: JSON.stringify({ summary: "x", outcome: "DELIGHTED" }) });
    const bad = await analyzeCall(tenant.id, call.id, { config });
    expect(bad).toMatchObject({ status: "FAILED", reason: expect.stringContaining("schema") });
    fake.answer = original;

    const other = await tenantWithEndedCall([["CALLER", "Hi"]]);
    const wrongKey = await analyzeCall(other.tenant.id, other.call.id, { config: { ...config, apiKey: "sk-wrong" } });
    expect(wrongKey).toMatchObject({ status: "FAILED", reason: expect.stringContaining("401") });
  });

  it("analyses pending finished calls in bulk, and treats a silent caller as abandoned without asking the model", async () => {
    const spam = await tenantWithEndedCall([["CALLER", "Congratulations, you won a prize, press one for cheap solar"]]);
    const silent = await tenantWithEndedCall([["AGENT", "Hello, Harbour Dental?"]]);
    const before = fake.requests.length;
    const counts = await analyzePendingCalls({ config, limit: 500 });
    expect(counts.ANALYSED).toBeGreaterThanOrEqual(2);
    expect((await forTenant(spam.tenant.id).call.findFirstOrThrow({ where: { id: spam.call.id } })).outcome).toBe(
      "SPAM",
    );
    expect((await forTenant(silent.tenant.id).call.findFirstOrThrow({ where: { id: silent.call.id } })).outcome).toBe(
      "ABANDONED",
    );
    expect(fake.requests.slice(before).some((r) => r.messages[1]?.content?.includes("Harbour Dental?"))).toBe(false);
  });
});
