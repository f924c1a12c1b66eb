// Live transcript persistence off the audio path. enqueue() is synchronous and
// O(1): it stamps the next sequence number and pushes to an in-memory queue.
// One background writer drains the queue in order, in batches, retrying a
// failed batch with capped exponential backoff. Inserts skip rows already
// present (callId, sequence), so a retry after a commit whose reply was lost
// never duplicates. Every committed batch survives a later crash.
import { platformDb, type Speaker } from "@articulate/db";

export interface TranscriptSegmentInput {
  speaker: Speaker;
  text: string;
  /** When the utterance started / ended (defaults: now). */
  startedAt?: Date | number;
  endedAt?: Date | number;
}

export interface PendingSegment {
  sequence: number;
  speaker: Speaker;
  text: string;
  startMs: number | null;
  endMs: number | null;
}

/** Writes one ordered batch; must be idempotent per (callId, sequence). */
export type SegmentBatchWriter = (target: SegmentTarget, batch: readonly PendingSegment[]) => Promise<void>;

export interface SegmentTarget {
  tenantId: string;
  callId: string;
}

export interface TranscriptRecorderOptions {
  /** The call the segments belong to; a promise when the call's row is still being written (writes wait for it). */
  target: SegmentTarget | Promise<SegmentTarget>;
  /** Offsets (startMs/endMs) are measured from here; usually answeredAt. */
  origin?: Date;
  /** First sequence number (continue after segments already stored). */
  firstSequence?: number;
  maxBatch?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  writer?: SegmentBatchWriter;
  onError?: (err: unknown, attempt: number) => void;
}

// One statement per batch: rows travel as seven arrays (UNNEST), so a batch of
// hundreds costs about what one row does. ON CONFLICT makes retries idempotent.
const INSERT_SEGMENTS = `
INSERT INTO "TranscriptSegment" ("tenantId", "callId", "sequence", "speaker", "text", "startMs", "endMs")
SELECT $1, $2, s.seq, s.speaker::"Speaker", s.text, s.start_ms, s.end_ms
  FROM unnest($3::int[], $4::text[], $5::text[], $6::int[], $7::int[]) AS s(seq, speaker, text, start_ms, end_ms)
ON CONFLICT ("callId", "sequence") DO NOTHING`;

const defaultWriter: SegmentBatchWriter = async ({ tenantId, callId }, batch) => {
  // Raw SQL bypasses the model guard, so the tenant is written explicitly on every row.
  await platformDb().$executeRawUnsafe(
    INSERT_SEGMENTS,
    tenantId,
    callId,
    batch.map((s) => s.sequence),
    batch.map((s) => s.speaker),
    batch.map((s) => s.text),
    batch.map((s) => s.startMs),
    batch.map((s) => s.endMs),
  );
};

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const toMs = (v: Date | number | undefined, fallback: number) =>
  v === undefined ? fallback : typeof v === "number" ? v : v.getTime();

export class TranscriptRecorder {
  private readonly queue: PendingSegment[] = [];
  private head = 0;
  private nextSequence: number;
  private origin: number | null;
  private draining: Promise<void> | null = null;
  private closed = false;
  private readonly opts: Required<Omit<TranscriptRecorderOptions, "origin" | "firstSequence" | "onError" | "target">> &
    Pick<TranscriptRecorderOptions, "onError">;
  private readonly target: Promise<SegmentTarget>;
  /** Set when the target never materializes (the call's row failed): nothing can be written. */
  private targetFailed = false;
  /** Segments committed to the database so far. */
  written = 0;
  /** Failed write attempts so far (each is retried). */
  failures = 0;

  constructor(options: TranscriptRecorderOptions) {
    this.target = Promise.resolve(options.target);
    this.target.catch(() => {
      this.targetFailed = true;
    });
    this.opts = {
      maxBatch: options.maxBatch ?? 500,
      retryBaseMs: options.retryBaseMs ?? 50,
      retryMaxMs: options.retryMaxMs ?? 5_000,
      writer: options.writer ?? defaultWriter,
      onError: options.onError,
    };
    this.nextSequence = options.firstSequence ?? 0;
    this.origin = options.origin ? options.origin.getTime() : null;
  }

  /** Sets the offset origin (call answer) if it was unknown at construction. */
  setOrigin(at: Date): void {
    this.origin ??= at.getTime();
  }

  /**
   * Queues one final utterance and returns its sequence number at once; never
   * waits for the database. Empty text is ignored (returns null).
   */
  enqueue(segment: TranscriptSegmentInput): number | null {
    if (this.closed) throw new Error("TranscriptRecorder is closed");
    const text = segment.text.trim();
    if (text.length === 0) return null;
    const now = Date.now();
    const origin = this.origin;
    const start = toMs(segment.startedAt, now);
    const end = toMs(segment.endedAt, Math.max(start, now));
    const sequence = this.nextSequence++;
    this.queue.push({
      sequence,
      speaker: segment.speaker,
      text,
      startMs: origin === null ? null : Math.max(0, Math.round(start - origin)),
      endMs: origin === null ? null : Math.max(0, Math.round(end - origin)),
    });
    if (!this.draining) this.draining = this.drainLoop();
    return sequence;
  }

  /** Segments queued but not yet committed. */
  get pending(): number {
    return this.queue.length - this.head;
  }

  /** Resolves once everything queued so far is committed, or after timeoutMs (returns false). */
  async flush(timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending > 0) {
      if (Date.now() >= deadline || this.targetFailed) return false;
      if (!this.draining) this.draining = this.drainLoop();
      await Promise.race([this.draining, sleep(Math.min(50, Math.max(1, deadline - Date.now())))]);
    }
    return true;
  }

  /** Flushes and refuses further segments. Returns the number of segments left unwritten. */
  async close(timeoutMs = 10_000): Promise<number> {
    this.closed = true;
    await this.flush(timeoutMs);
    return this.pending;
  }

  private async drainLoop(): Promise<void> {
    let attempt = 0;
    try {
      const target = await this.target.catch(() => null);
      if (!target) return;
      while (this.pending > 0) {
        const batch = this.queue.slice(this.head, this.head + this.opts.maxBatch);
        try {
          await this.opts.writer(target, batch);
        } catch (err) {
          attempt++;
          this.failures++;
          this.opts.onError?.(err, attempt);
          await sleep(Math.min(this.opts.retryMaxMs, this.opts.retryBaseMs * 2 ** Math.min(attempt - 1, 16)));
          continue;
        }
        attempt = 0;
        this.head += batch.length;
        this.written += batch.length;
        // Compact now and then so a long call does not keep every segment.
        if (this.head > 4096 && this.head * 2 > this.queue.length) {
          this.queue.splice(0, this.head);
          this.head = 0;
        }
      }
    } finally {
      this.draining = null;
    }
  }
}
