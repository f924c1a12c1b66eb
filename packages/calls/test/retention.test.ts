// Transcript retention: per agent, strictly older than the setting; call rows and usage stay; audited; idempotent.
import crypto from "node:crypto";
import { platformDb } from "@articulate/db";
import { describe, expect, it } from "vitest";
import { purgeExpiredTranscripts } from "../src/index";
import { createTenantWithAgent } from "./fixtures";

describe("retention purge", () => {
  it("deletes transcripts and messages older than the agent's setting, at the boundary exactly, and nothing else", async () => {
    const { tenant, agent } = await createTenantWithAgent("retention");
    const keepForever = await platformDb().agent.create({
      data: { tenantId: tenant.id, name: "Keeper", greeting: "Hi", instructions: "x" },
    });
    await platformDb().agent.update({ where: { id: agent.id }, data: { transcriptRetentionDays: 30 } });
    const now = new Date("2026-11-29T03:30:00Z");
    const daysAgo = (d: number, extraMs = 0) => new Date(now.getTime() - d * 86_400_000 + extraMs);
    const call = async (agentId: string, startedAt: Date) => {
      const c = await platformDb().call.create({
        data: {
          tenantId: tenant.id,
          agentId,
          direction: "INBOUND",
          fromNumber: "+61412345678",
          toNumber: "+61255501234",
          roomName: `call-${crypto.randomBytes(5).toString("hex")}`,
          startedAt,
          status: "COMPLETED",
          billableMinutes: 2,
        },
      });
      await platformDb().transcriptSegment.createMany({
        data: [0, 1].map((sequence) => ({
          tenantId: tenant.id,
          callId: c.id,
          sequence,
          speaker: "CALLER" as const,
          text: "hi",
        })),
      });
      await platformDb().message.create({
        data: {
          tenantId: tenant.id,
          callId: c.id,
          agentId,
          callerName: "A",
          callbackNumber: "0412",
          reason: "r",
          createdAt: startedAt,
        },
      });
      return c;
    };
    const old = await call(agent.id, daysAgo(30, -1)); // 1 ms past the limit
    const edge = await call(agent.id, daysAgo(30)); // exactly 30 days: kept
    const recent = await call(agent.id, daysAgo(29));
    const forever = await call(keepForever.id, daysAgo(400)); // no setting: kept

    const first = await purgeExpiredTranscripts({ now });
    expect(first).toMatchObject({ segments: 2, messages: 1 });
    const segs = async (callId: string) => platformDb().transcriptSegment.count({ where: { callId } });
    expect(await segs(old.id)).toBe(0);
    expect(await segs(edge.id)).toBe(2);
    expect(await segs(recent.id)).toBe(2);
    expect(await segs(forever.id)).toBe(2);
    expect(await platformDb().message.count({ where: { callId: old.id } })).toBe(0);
    expect(await platformDb().message.count({ where: { callId: edge.id } })).toBe(1);
    // The call row (metadata, billable minutes) stays.
    expect(await platformDb().call.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({ billableMinutes: 2 });
    const audit = await platformDb().auditLog.findMany({ where: { tenantId: tenant.id, action: "retention.purged" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.data).toMatchObject({ deletedTranscriptSegments: 2, deletedMessages: 1 });

    expect(await purgeExpiredTranscripts({ now })).toMatchObject({ segments: 0, messages: 0 });
    expect(await platformDb().auditLog.count({ where: { tenantId: tenant.id, action: "retention.purged" } })).toBe(1);
  });
});
