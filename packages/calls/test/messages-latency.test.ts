// Messages taken for a tenant and the per-call latency summary.
import { platformDb } from "@articulate/db";
import { describe, expect, it } from "vitest";
import { CallInputError, LatencyCollector, recordLatency, saveMessage, startCall } from "../src/index";
import { createTenantWithAgent, roomName } from "./fixtures";

describe("saveMessage", () => {
  it("stores a normalized message on the tenant's own call and refuses another tenant's call", async () => {
    const { tenant, agent } = await createTenantWithAgent("msg");
    const call = await startCall({
      tenantId: tenant.id,
      roomName: roomName(),
      direction: "INBOUND",
      fromNumber: "+61400000000",
      toNumber: "+61255501234",
    });
    const m = await saveMessage({
      tenantId: tenant.id,
      callId: call.id,
      agentId: agent.id,
      callerName: " Jo ",
      callbackNumber: "(02) 5550-1234",
      reason: "Call back",
    });
    expect(m).toMatchObject({
      tenantId: tenant.id,
      callId: call.id,
      callerName: "Jo",
      callbackNumber: "0255501234",
      status: "NEW",
    });
    const other = await createTenantWithAgent("msg-other");
    await expect(
      saveMessage({
        tenantId: other.tenant.id,
        callId: call.id,
        callerName: "x",
        callbackNumber: "0400000000",
        reason: "y",
      }),
    ).rejects.toThrow(/not found/);
    await expect(
      saveMessage({ tenantId: tenant.id, callerName: "", callbackNumber: "0400000000", reason: "y" }),
    ).rejects.toBeInstanceOf(CallInputError);
    await expect(
      saveMessage({ tenantId: tenant.id, callerName: "x", callbackNumber: "call me", reason: "y" }),
    ).rejects.toThrow(/callbackNumber/);
    expect(await platformDb().message.count({ where: { tenantId: other.tenant.id } })).toBe(0);
  });
});

describe("latency", () => {
  it("summarizes per-turn percentiles and stores them on the call", async () => {
    const { tenant } = await createTenantWithAgent("lat");
    const call = await startCall({
      tenantId: tenant.id,
      roomName: roomName(),
      direction: "INBOUND",
      fromNumber: "+61400000000",
      toNumber: "+61255501234",
    });
    const c = new LatencyCollector();
    // Four replies; the third has no LLM figure (a scripted line), NaN is dropped.
    c.addTurn({ e2eMs: 900, eouMs: 100, llmTtftMs: 500, ttsTtfbMs: Number.NaN });
    c.addTurn({ e2eMs: 1100, eouMs: 200, llmTtftMs: 700 });
    c.addTurn({ e2eMs: 1500, eouMs: 300 });
    c.addTurn({ e2eMs: 2500, eouMs: 400, transcriptionMs: 50.4 });
    c.addTurn({ ttsTtfbMs: Number.NaN }); // nothing measured: not a turn
    const summary = c.summary();
    expect(summary).toEqual({
      turns: 4,
      perTurn: [
        { e2eMs: 900, eouMs: 100, llmTtftMs: 500 },
        { e2eMs: 1100, eouMs: 200, llmTtftMs: 700 },
        { e2eMs: 1500, eouMs: 300 },
        { e2eMs: 2500, eouMs: 400, transcriptionMs: 50 },
      ],
      e2eMs: { count: 4, p50: 1100, p95: 2500, max: 2500 },
      eouMs: { count: 4, p50: 200, p95: 400, max: 400 },
      transcriptionMs: { count: 1, p50: 50, p95: 50, max: 50 },
      llmTtftMs: { count: 2, p50: 500, p95: 700, max: 700 },
      ttsTtfbMs: null,
    });
    await recordLatency({ tenantId: tenant.id, callId: call.id, summary });
    expect((await platformDb().call.findUniqueOrThrow({ where: { id: call.id } })).latency).toEqual(summary);
  });
});
