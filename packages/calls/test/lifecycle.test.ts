// Call lifecycle against real PostgreSQL: start/answer/finalize, exactly one
// finalization and one UsageRecord however many finalizers race.
import { platformDb } from "@articulate/db";
import { describe, expect, it } from "vitest";
import { CallInputError, finalizeCall, markCallAnswered, recordAudioBandwidth, startCall } from "../src/index";
import { createTenantWithAgent, roomName } from "./fixtures";

async function answeredCall(label: string, seconds: number) {
  const { tenant, agent } = await createTenantWithAgent(label);
  const room = roomName();
  const call = await startCall({
    tenantId: tenant.id,
    roomName: room,
    direction: "INBOUND",
    fromNumber: "+61400000000",
    toNumber: "+61255501234",
    agentId: agent.id,
  });
  const answeredAt = new Date(Date.now() - seconds * 1000);
  await markCallAnswered({ tenantId: tenant.id, callId: call.id, answeredAt });
  return { tenant, agent, call, room, answeredAt };
}

const usageCount = (callId: string) => platformDb().usageRecord.count({ where: { callId } });

describe("startCall", () => {
  it("creates one row per room and returns it again on a retried job", async () => {
    const { tenant } = await createTenantWithAgent("start");
    const room = roomName();
    const input = {
      tenantId: tenant.id,
      roomName: room,
      direction: "INBOUND" as const,
      fromNumber: "+61400000001",
      toNumber: "+61255501234",
    };
    const [a, b] = await Promise.all([startCall(input), startCall(input)]);
    expect(a.id).toBe(b.id);
    expect((await startCall(input)).id).toBe(a.id);
    expect(await platformDb().call.count({ where: { roomName: room } })).toBe(1);
    expect(a.status).toBe("RINGING");
  });

  it("refuses a room owned by another tenant and names bad fields", async () => {
    const one = await createTenantWithAgent("own1");
    const two = await createTenantWithAgent("own2");
    const room = roomName();
    await startCall({
      tenantId: one.tenant.id,
      roomName: room,
      direction: "INBOUND",
      fromNumber: "+61400000001",
      toNumber: "+61255501234",
    });
    await expect(
      startCall({
        tenantId: two.tenant.id,
        roomName: room,
        direction: "INBOUND",
        fromNumber: "+61400000001",
        toNumber: "+61255501234",
      }),
    ).rejects.toThrow(/another tenant/);
    await expect(
      startCall({ tenantId: two.tenant.id, roomName: "", direction: "INBOUND", fromNumber: "x", toNumber: "y" }),
    ).rejects.toBeInstanceOf(CallInputError);
  });
});

describe("finalizeCall", () => {
  it("sets status, end, billable minutes rounded up and exactly one usage record", async () => {
    const { tenant, call, answeredAt } = await answeredCall("fin", 61);
    const endedAt = new Date(answeredAt.getTime() + 61_000);
    const r = await finalizeCall({
      tenantId: tenant.id,
      callId: call.id,
      endReason: "CALLER_HUNG_UP",
      endedAt,
      finalizedBy: "WORKER",
    });
    expect(r.outcome).toBe("finalized");
    if (r.outcome !== "finalized") return;
    expect(r.call.status).toBe("COMPLETED");
    expect(r.call.endReason).toBe("CALLER_HUNG_UP");
    expect(r.call.finalizedBy).toBe("WORKER");
    expect(r.call.billableSeconds).toBe(61);
    expect(r.call.billableMinutes).toBe(2);
    expect(r.usageRecordId).not.toBeNull();
    const usage = await platformDb().usageRecord.findUniqueOrThrow({ where: { callId: call.id } });
    expect(usage.minutes).toBe(2);
    expect(usage.seconds).toBe(61);

    const again = await finalizeCall({ roomName: call.roomName, endReason: "WORKER_LOST", finalizedBy: "WEBHOOK" });
    expect(again.outcome).toBe("already_finalized");
    if (again.outcome === "already_finalized") {
      expect(again.call.endReason).toBe("CALLER_HUNG_UP");
      expect(again.call.finalizedBy).toBe("WORKER");
    }
    expect(await usageCount(call.id)).toBe(1);
  });

  it("worker and duplicate webhooks racing → one finalization, one usage record", async () => {
    const { tenant, call } = await answeredCall("race", 125);
    const results = await Promise.all([
      finalizeCall({ tenantId: tenant.id, callId: call.id, endReason: "AGENT_ENDED", finalizedBy: "WORKER" }),
      ...Array.from({ length: 6 }, () =>
        finalizeCall({ roomName: call.roomName, endReason: "WORKER_LOST", finalizedBy: "WEBHOOK" }),
      ),
    ]);
    expect(results.filter((r) => r.outcome === "finalized")).toHaveLength(1);
    expect(results.filter((r) => r.outcome === "already_finalized")).toHaveLength(6);
    expect(await usageCount(call.id)).toBe(1);
    const row = await platformDb().call.findUniqueOrThrow({ where: { id: call.id } });
    expect(row.billableMinutes).toBe(3);
    expect(row.status).toBe("COMPLETED");
  });

  it("an unanswered call ends without billable minutes and is not answered afterwards", async () => {
    const { tenant } = await createTenantWithAgent("unans");
    const call = await startCall({
      tenantId: tenant.id,
      roomName: roomName(),
      direction: "OUTBOUND",
      fromNumber: "+61255501234",
      toNumber: "+61400000002",
    });
    const r = await finalizeCall({
      tenantId: tenant.id,
      callId: call.id,
      endReason: "NO_ANSWER",
      finalizedBy: "WORKER",
    });
    expect(r.outcome === "finalized" && r.call.status).toBe("NO_ANSWER");
    expect(r.outcome === "finalized" && r.call.billableMinutes).toBe(0);
    expect(await markCallAnswered({ tenantId: tenant.id, callId: call.id })).toBe(false);
    expect(await usageCount(call.id)).toBe(0);
  });

  it("does not finalize another tenant's call by id", async () => {
    const { call } = await answeredCall("scoped", 10);
    const other = await createTenantWithAgent("other");
    const r = await finalizeCall({
      tenantId: other.tenant.id,
      callId: call.id,
      endReason: "AGENT_ENDED",
      finalizedBy: "WORKER",
    });
    expect(r.outcome).toBe("not_found");
    expect((await platformDb().call.findUniqueOrThrow({ where: { id: call.id } })).finalizedBy).toBeNull();
  });

  it("rejects input without a call reference", async () => {
    await expect(finalizeCall({ endReason: "ERROR", finalizedBy: "WORKER" })).rejects.toThrow(
      /callId: roomName or callId is required/,
    );
  });
});

describe("recordAudioBandwidth", () => {
  it("stores the first reading only, never on another tenant's call, and names a bad value", async () => {
    const { tenant, call } = await answeredCall("bandwidth", 30);
    const other = await createTenantWithAgent("bandwidth-other");
    expect(await recordAudioBandwidth({ tenantId: other.tenant.id, callId: call.id, bandwidth: "WIDEBAND" })).toBe(
      false,
    );
    expect(await recordAudioBandwidth({ tenantId: tenant.id, callId: call.id, bandwidth: "NARROWBAND" })).toBe(true);
    expect(await recordAudioBandwidth({ tenantId: tenant.id, callId: call.id, bandwidth: "WIDEBAND" })).toBe(false);
    const row = await platformDb().call.findUniqueOrThrow({ where: { id: call.id } });
    expect(row.audioBandwidth).toBe("NARROWBAND");
    await expect(
      recordAudioBandwidth({ tenantId: tenant.id, callId: call.id, bandwidth: "G722" as never }),
    ).rejects.toThrow(/bandwidth/);
  });
});
