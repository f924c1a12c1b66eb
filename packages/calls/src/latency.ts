// Per-turn latency of a call, from each agent reply's own metrics (the
// framework's ChatMessage.metrics on the assistant item): caller stopped
// speaking → agent's first audio (end to end), and its parts (end-of-turn
// wait, transcription delay, LLM first token, TTS first byte). One sample per
// reply to a caller turn; the greeting and scripted lines are not turns.
// Stored on the call as the turns themselves plus p50/p95/max per stage.
import { forTenant, type Prisma } from "@articulate/db";
import { z } from "zod";

export const LATENCY_STAGES = ["e2eMs", "eouMs", "transcriptionMs", "llmTtftMs", "ttsTtfbMs"] as const;
export type LatencyStage = (typeof LATENCY_STAGES)[number];

/** One reply's figures in milliseconds; a stage the framework did not measure is absent. */
export type TurnLatency = Partial<Record<LatencyStage, number>>;

const statsSchema = z.object({
  count: z.number().int(),
  p50: z.number(),
  p95: z.number(),
  max: z.number(),
});
export type LatencyStats = z.infer<typeof statsSchema>;

export const latencySummarySchema = z.object({
  turns: z.number().int().min(0),
  perTurn: z.array(z.partialRecord(z.enum(LATENCY_STAGES), z.number())),
  e2eMs: statsSchema.nullable(),
  eouMs: statsSchema.nullable(),
  transcriptionMs: statsSchema.nullable(),
  llmTtftMs: statsSchema.nullable(),
  ttsTtfbMs: statsSchema.nullable(),
});
export type LatencySummary = z.infer<typeof latencySummarySchema>;

/** Nearest-rank percentile of ascending values. */
export function percentile(sorted: readonly number[], p: number): number {
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] ?? 0;
}

export function latencyStats(values: readonly number[]): LatencyStats | null {
  const v = values.filter((x) => Number.isFinite(x) && x >= 0).sort((a, b) => a - b);
  if (v.length === 0) return null;
  return {
    count: v.length,
    p50: Math.round(percentile(v, 50)),
    p95: Math.round(percentile(v, 95)),
    max: Math.round(v[v.length - 1] ?? 0),
  };
}

/** Collects one sample per agent reply; cheap enough to call from event handlers. */
export class LatencyCollector {
  private readonly turns: TurnLatency[] = [];

  addTurn(turn: TurnLatency): void {
    const clean: TurnLatency = {};
    for (const stage of LATENCY_STAGES) {
      const ms = turn[stage];
      if (ms !== undefined && Number.isFinite(ms) && ms >= 0) clean[stage] = Math.round(ms);
    }
    if (Object.keys(clean).length > 0) this.turns.push(clean);
  }

  summary(): LatencySummary {
    const of = (stage: LatencyStage) =>
      latencyStats(this.turns.flatMap((t) => (t[stage] === undefined ? [] : [t[stage]])));
    return {
      turns: this.turns.length,
      perTurn: this.turns.map((t) => ({ ...t })),
      e2eMs: of("e2eMs"),
      eouMs: of("eouMs"),
      transcriptionMs: of("transcriptionMs"),
      llmTtftMs: of("llmTtftMs"),
      ttsTtfbMs: of("ttsTtfbMs"),
    };
  }
}

/** Reads a stored summary; null when absent or written in an older shape. */
export function parseLatencySummary(json: unknown): LatencySummary | null {
  const parsed = latencySummarySchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/** Stores the call's latency summary (overwrites; the last summary of a call is the complete one). */
export async function recordLatency(input: {
  tenantId: string;
  callId: string;
  summary: LatencySummary;
}): Promise<void> {
  await forTenant(input.tenantId).call.updateMany({
    where: { id: input.callId },
    data: { latency: JSON.parse(JSON.stringify(input.summary)) as Prisma.InputJsonObject },
  });
}
