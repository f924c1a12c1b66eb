// TranscriptRecorder against real PostgreSQL: order, batching, retries, and a
// stalled database (table locked by another connection) never delaying enqueue.
import { platformDb } from "@articulate/db";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { startCall, TranscriptRecorder } from "../src/index";
import { createTenantWithAgent, roomName } from "./fixtures";

async function newCall(label: string) {
  const { tenant } = await createTenantWithAgent(label);
  const call = await startCall({
    tenantId: tenant.id,
    roomName: roomName(),
    direction: "INBOUND",
    fromNumber: "+61400000000",
    toNumber: "+61255501234",
  });
  return { tenantId: tenant.id, callId: call.id };
}

const segments = (callId: string) =>
  platformDb().transcriptSegment.findMany({ where: { callId }, orderBy: { sequence: "asc" } });

describe("TranscriptRecorder", () => {
  it("writes segments in order with sequence numbers, speakers and offsets from the answer", async () => {
    const target = await newCall("tr-order");
    const origin = new Date(Date.now() - 5_000);
    const rec = new TranscriptRecorder({ target, origin });
    expect(rec.enqueue({ speaker: "AGENT", text: " Hello, Harbour Dental. ", startedAt: origin.getTime() + 100 })).toBe(
      0,
    );
    expect(rec.enqueue({ speaker: "CALLER", text: "   " })).toBeNull();
    expect(
      rec.enqueue({
        speaker: "CALLER",
        text: "I'd like a booking",
        startedAt: origin.getTime() + 2_000,
        endedAt: origin.getTime() + 3_500,
      }),
    ).toBe(1);
    expect(await rec.close()).toBe(0);
    const rows = await segments(target.callId);
    expect(rows.map((r) => [r.sequence, r.speaker, r.text])).toEqual([
      [0, "AGENT", "Hello, Harbour Dental."],
      [1, "CALLER", "I'd like a booking"],
    ]);
    expect(rows[1]?.startMs).toBe(2_000);
    expect(rows[1]?.endMs).toBe(3_500);
    expect(rows.every((r) => r.tenantId === target.tenantId)).toBe(true);
    expect(() => rec.enqueue({ speaker: "AGENT", text: "late" })).toThrow(/closed/);
  });

  it("batches: many segments queued during one slow write go out in few ordered inserts", async () => {
    const target = await newCall("tr-batch");
    const batches: number[][] = [];
    let first = true;
    const rec = new TranscriptRecorder({
      target,
      maxBatch: 100,
      writer: async (t, batch) => {
        if (first) {
          first = false;
          await new Promise((r) => setTimeout(r, 50));
        }
        batches.push(batch.map((s) => s.sequence));
        await platformDb().transcriptSegment.createMany({
          data: batch.map((s) => ({ ...t, ...s })),
          skipDuplicates: true,
        });
      },
    });
    for (let i = 0; i < 250; i++) rec.enqueue({ speaker: i % 2 ? "CALLER" : "AGENT", text: `line ${i}` });
    await rec.close();
    // The first write took one segment; the rest arrived meanwhile and went in batches of ≤100.
    expect(batches.length).toBeLessThanOrEqual(4);
    expect(batches.flat()).toEqual(Array.from({ length: 250 }, (_, i) => i));
    const rows = await segments(target.callId);
    expect(rows.map((r) => r.text)).toEqual(Array.from({ length: 250 }, (_, i) => `line ${i}`));
  });

  it("retries a failed batch with backoff and never duplicates a batch that committed", async () => {
    const target = await newCall("tr-retry");
    let calls = 0;
    const rec = new TranscriptRecorder({
      target,
      retryBaseMs: 5,
      writer: async (t, batch) => {
        calls++;
        await platformDb().transcriptSegment.createMany({
          data: batch.map((s) => ({ ...t, ...s })),
          skipDuplicates: true,
        });
        // Commit, then "lose the reply" twice: the retry must not duplicate.
        if (calls <= 2) throw new Error("connection reset");
      },
    });
    rec.enqueue({ speaker: "AGENT", text: "one" });
    rec.enqueue({ speaker: "CALLER", text: "two" });
    expect(await rec.close()).toBe(0);
    expect(rec.failures).toBe(2);
    expect((await segments(target.callId)).map((r) => r.text)).toEqual(["one", "two"]);
  });

  it("keeps what was written before a crash", async () => {
    const target = await newCall("tr-crash");
    const rec = new TranscriptRecorder({ target });
    for (let i = 0; i < 20; i++) rec.enqueue({ speaker: "AGENT", text: `before ${i}` });
    expect(await rec.flush()).toBe(true);
    // The process dies here: no close(), the recorder is simply dropped.
    const rows = await segments(target.callId);
    expect(rows).toHaveLength(20);
  });

  it("a stalled database (table locked by another connection) does not delay enqueue; everything lands once it frees up", async () => {
    const target = await newCall("tr-stall");
    const locker = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await locker.connect();
    await locker.query("BEGIN");
    await locker.query('LOCK TABLE "TranscriptSegment" IN ACCESS EXCLUSIVE MODE');
    const rec = new TranscriptRecorder({ target });
    const latencies: number[] = [];
    try {
      for (let i = 0; i < 2_000; i++) {
        const t0 = performance.now();
        rec.enqueue({ speaker: i % 2 ? "CALLER" : "AGENT", text: `stalled ${i}` });
        latencies.push(performance.now() - t0);
      }
      await new Promise((r) => setTimeout(r, 300));
      // Still blocked: nothing written, everything pending, the speaking path unaffected.
      expect(rec.written).toBe(0);
      expect(rec.pending).toBe(2_000);
      expect(await rec.flush(200)).toBe(false);
      latencies.sort((a, b) => a - b);
      const p99 = latencies[Math.floor(latencies.length * 0.99)] ?? Number.POSITIVE_INFINITY;
      expect(p99).toBeLessThan(1);
    } finally {
      await locker.query("COMMIT");
      await locker.end();
    }
    expect(await rec.close(15_000)).toBe(0);
    const rows = await segments(target.callId);
    expect(rows).toHaveLength(2_000);
    expect(rows.map((r) => r.sequence)).toEqual(Array.from({ length: 2_000 }, (_, i) => i));
  });
});

describe("TranscriptRecorder with a pending call row", () => {
  it("accepts segments before the row exists and writes them once it does", async () => {
    const { tenant } = await createTenantWithAgent("tr-pending");
    let resolveRow!: (t: { tenantId: string; callId: string }) => void;
    const rec = new TranscriptRecorder({ target: new Promise((r) => (resolveRow = r)) });
    rec.enqueue({ speaker: "AGENT", text: "Hello" });
    await new Promise((r) => setTimeout(r, 50));
    expect(rec.written).toBe(0);
    const call = await startCall({
      tenantId: tenant.id,
      roomName: roomName(),
      direction: "INBOUND",
      fromNumber: "+61400000000",
      toNumber: "+61255501234",
    });
    resolveRow({ tenantId: tenant.id, callId: call.id });
    expect(await rec.close()).toBe(0);
    expect((await segments(call.id)).map((r) => r.text)).toEqual(["Hello"]);
  });

  it("gives up quickly when the row never comes", async () => {
    const rec = new TranscriptRecorder({ target: Promise.reject(new Error("db down")) });
    rec.enqueue({ speaker: "AGENT", text: "Hello" });
    expect(await rec.close(5_000)).toBe(1);
  });
});
