import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb, getCallWithTranscript, Prisma, platformDb } from "../src/index";

const suffix = Math.random().toString(36).slice(2, 8);
let tenantA = "";
let tenantB = "";
let callA = "";
let callB = "";

beforeAll(async () => {
  const p = platformDb();
  tenantA = (await p.tenant.create({ data: { slug: `tr-a-${suffix}`, name: "Tr A" } })).id;
  tenantB = (await p.tenant.create({ data: { slug: `tr-b-${suffix}`, name: "Tr B" } })).id;
  const mkCall = (tenantId: string, tag: string) =>
    p.call.create({
      data: {
        tenantId,
        direction: "INBOUND",
        fromNumber: "+61400000000",
        toNumber: "+61255500000",
        roomName: `call-tr-${suffix}-${tag}`,
        status: "COMPLETED",
      },
    });
  callA = (await mkCall(tenantA, "a")).id;
  callB = (await mkCall(tenantB, "b")).id;
  // Inserted out of order; the read must come back by sequence.
  const seqs = [3, 0, 2, 1, 5, 4];
  await p.transcriptSegment.createMany({
    data: seqs.map((sequence) => ({
      tenantId: tenantA,
      callId: callA,
      sequence,
      speaker: sequence % 2 === 0 ? ("AGENT" as const) : ("CALLER" as const),
      text: `line ${sequence}`,
      startMs: sequence * 1000,
      endMs: sequence * 1000 + 800,
    })),
  });
  await p.transcriptSegment.create({
    data: { tenantId: tenantB, callId: callB, sequence: 0, speaker: "AGENT", text: "B only" },
  });
  await p.message.create({
    data: { tenantId: tenantA, callId: callA, callerName: "Sam", callbackNumber: "+61400000000", reason: "Reschedule" },
  });
});
afterAll(() => disconnectDb());

describe("getCallWithTranscript", () => {
  it("returns the call with its segments in order and its messages", async () => {
    const call = await getCallWithTranscript(tenantA, callA);
    expect(call?.id).toBe(callA);
    expect(call?.segments.map((s) => s.sequence)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(call?.segments[1]).toEqual({ sequence: 1, speaker: "CALLER", text: "line 1", startMs: 1000, endMs: 1800 });
    expect(call?.messages).toHaveLength(1);
    expect(call?.messages[0]).toMatchObject({ callerName: "Sam", reason: "Reschedule", status: "NEW" });
  });

  it("returns the call exactly as Prisma reads it (every column, Decimal and Json included)", async () => {
    await platformDb().call.update({
      where: { id: callA },
      data: {
        platformCostMinor: "12.3456",
        latency: { turns: 3, eouMs: { p50: 410, p95: 700 } },
        answeredAt: new Date(),
        billableSeconds: 61,
      },
    });
    const viaPrisma = await platformDb().call.findUniqueOrThrow({ where: { id: callA } });
    const call = await getCallWithTranscript(tenantA, callA);
    const { segments, messages, ...scalars } = call ?? { segments: [], messages: [] };
    expect(scalars).toEqual(viaPrisma);
    expect(call?.platformCostMinor).toBeInstanceOf(Prisma.Decimal);
    expect(call?.platformCostMinor.toString()).toBe("12.3456");
    expect(segments.length + messages.length).toBeGreaterThan(0);
  });

  it("reads another tenant's call id as null", async () => {
    expect(await getCallWithTranscript(tenantA, callB)).toBeNull();
    expect(await getCallWithTranscript(tenantB, callA)).toBeNull();
    expect((await getCallWithTranscript(tenantB, callB))?.segments.map((s) => s.text)).toEqual(["B only"]);
  });

  it("returns null for unknown or malformed ids", async () => {
    expect(await getCallWithTranscript(tenantA, "nope")).toBeNull();
    expect(await getCallWithTranscript(tenantA, "")).toBeNull();
  });
});
