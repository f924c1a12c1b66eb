// Per-turn latency of a call (end of utterance → LLM first token → TTS first
// byte), summarized as percentiles and stored on the call.
import { forTenant, type Prisma } from "@articulate/db";

export type LatencyMetric = "eouMs" | "llmTtftMs" | "ttsTtfbMs";

export interface LatencyStats {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

export interface LatencySummary {
  turns: number;
  eouMs: LatencyStats | null;
  llmTtftMs: LatencyStats | null;
  ttsTtfbMs: LatencyStats | null;
}

function percentile(sorted: number[], p: number): number {
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] ?? 0;
}

function stats(values: number[]): LatencyStats | null {
  const v = values.filter((x) => Number.isFinite(x) && x >= 0).sort((a, b) => a - b);
  if (v.length === 0) return null;
  return {
    count: v.length,
    p50: Math.round(percentile(v, 50)),
    p95: Math.round(percentile(v, 95)),
    max: Math.round(v[v.length - 1] ?? 0),
  };
}

/** Collects samples during a call; cheap enough to call from event handlers. */
export class LatencyCollector {
  private readonly samples: Record<LatencyMetric, number[]> = { eouMs: [], llmTtftMs: [], ttsTtfbMs: [] };

  add(metric: LatencyMetric, ms: number): void {
    if (Number.isFinite(ms) && ms >= 0) this.samples[metric].push(ms);
  }

  summary(): LatencySummary {
    const turns = Math.max(this.samples.eouMs.length, this.samples.llmTtftMs.length, this.samples.ttsTtfbMs.length);
    return {
      turns,
      eouMs: stats(this.samples.eouMs),
      llmTtftMs: stats(this.samples.llmTtftMs),
      ttsTtfbMs: stats(this.samples.ttsTtfbMs),
    };
  }
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
