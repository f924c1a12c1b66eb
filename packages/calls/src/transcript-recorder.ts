// Live transcript persistence off the audio path. enqueue() is synchronous and
// O(1): it stamps the next sequence number and pushes to an in-memory queue.
// One background writer drains the queue in order, in batches, retrying a
// failed batch with capped exponential backoff. Inserts skip rows already
// present (callId, sequence), so a retry after a commit whose reply was lost
// never duplicates. Every committed batch survives a later crash.
//
// A bad day: text is made storable before it is queued (NUL removed, lone
// surrogates replaced). A batch the database rejects for its data, or that
// keeps failing, is retried one segment at a time so one poison segment never
// blocks the rest; that segment is retried once more sanitised, then dropped
// and counted (with its call id and sequence). After close() the retrying stops
// at its deadline; what was not written is reported, for the call's row.
// The first write also records the answer time (when known) in the same
// statement, so a call with any transcript is durably answered.
import { storableText } from "@articulate/core";
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

/**
 * Writes one ordered batch; must be idempotent per (callId, sequence). When
 * `answeredAt` is given, the call's answer time is set with the batch if unset.
 */
export type SegmentBatchWriter = (
  target: SegmentTarget,
  batch: readonly PendingSegment[],
  answeredAt: Date | null,
) => Promise<void>;

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
  /** Failed attempts on one batch (or one segment) before it is isolated, sanitised or dropped. */
  maxAttempts?: number;
  writer?: SegmentBatchWriter;
  onError?: (err: unknown, attempt: number) => void;
  /** A segment given up on (logged by the caller with its call id). */
  onDropped?: (info: { callId: string; sequence: number; err: unknown }) => void;
}

// One statement per batch: rows travel as seven arrays (UNNEST), so a batch of
// hundreds costs about what one row does. ON CONFLICT makes retries idempotent.
// The CTE sets the answer time in the same statement (first write wins).
const INSERT_SEGMENTS = `
WITH answered AS (
  UPDATE "Call" SET "answeredAt" = $8::timestamptz, "status" = 'IN_PROGRESS'::"CallStatus"
   WHERE "id" = $2 AND "tenantId" = $1 AND $8::timestamptz IS NOT NULL
     AND "answeredAt" IS NULL AND "finalizedBy" IS NULL
)
INSERT INTO "TranscriptSegment" ("tenantId", "callId", "sequence", "speaker", "text", "startMs", "endMs")
SELECT $1, $2, s.seq, s.speaker::"Speaker", s.text, s.start_ms, s.end_ms
  FROM unnest($3::int[], $4::text[], $5::text[], $6::int[], $7::int[]) AS s(seq, speaker, text, start_ms, end_ms)
ON CONFLICT ("callId", "sequence") DO NOTHING`;

const defaultWriter: SegmentBatchWriter = async ({ tenantId, callId }, batch, answeredAt) => {
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
    answeredAt,
  );
};

/** A last resort for a segment the database keeps refusing: letters, digits, punctuation and spaces only. */
function strictlySanitised(text: string): string {
  return (
    storableText(text)
      .replace(/[^\p{L}\p{N}\p{P}\p{Zs}]/gu, " ")
      .replace(/\s+/g, " ")
      .trim() || "[unreadable]"
  );
}

/** SQLSTATE classes 22 (data exception) and 23 (integrity): retrying the same row never helps. */
function isDataError(err: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (e: unknown): boolean => {
    if (!e || typeof e !== "object" || seen.has(e)) return false;
    seen.add(e);
    const o = e as { code?: unknown; originalCode?: unknown; meta?: unknown; cause?: unknown };
    for (const c of [o.code, o.originalCode]) if (typeof c === "string" && /^2[23][0-9A-Z]{3}$/.test(c)) return true;
    return visit(o.meta) || visit(o.cause);
  };
  return visit(err);
}

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
  private readonly opts: Required<
    Omit<TranscriptRecorderOptions, "origin" | "firstSequence" | "onError" | "onDropped" | "target">
  > &
    Pick<TranscriptRecorderOptions, "onError" | "onDropped">;
  /** Set at close()'s deadline: the writer stops retrying. */
  private stopped = false;
  /** Segments still to be written one at a time (a batch that failed is being isolated). */
  private isolating = 0;
  /** Sequences already retried in their strictly sanitised form. */
  private readonly sanitised = new Set<number>();
  private readonly target: Promise<SegmentTarget>;
  /** Set when the target never materializes (the call's row failed): nothing can be written. */
  private targetFailed = false;
  /** Segments committed to the database so far. */
  written = 0;
  /** Failed write attempts so far. */
  failures = 0;
  /** Segments given up on (the database refused them even sanitised, or kept failing). */
  dropped = 0;

  constructor(options: TranscriptRecorderOptions) {
    this.target = Promise.resolve(options.target);
    this.target.catch(() => {
      this.targetFailed = true;
    });
    this.opts = {
      maxBatch: options.maxBatch ?? 500,
      retryBaseMs: options.retryBaseMs ?? 50,
      retryMaxMs: options.retryMaxMs ?? 5_000,
      maxAttempts: options.maxAttempts ?? 8,
      writer: options.writer ?? defaultWriter,
      onError: options.onError,
      onDropped: options.onDropped,
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
    const text = storableText(segment.text).trim();
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

  /**
   * Flushes and refuses further segments; at the deadline the writer stops
   * retrying. Returns the number of segments not written (left over or dropped).
   */
  async close(timeoutMs = 10_000): Promise<number> {
    this.closed = true;
    await this.flush(timeoutMs);
    if (this.pending > 0) this.stopped = true;
    return this.unwritten;
  }

  /** Segments that will not be written: dropped ones, plus those left when close() gave up. */
  get unwritten(): number {
    return this.dropped + (this.stopped ? this.pending : 0);
  }

  private async drainLoop(): Promise<void> {
    let attempt = 0;
    try {
      const target = await this.target.catch(() => null);
      if (!target) return;
      while (this.pending > 0 && !this.stopped) {
        const size = this.isolating > 0 ? 1 : this.opts.maxBatch;
        const batch = this.queue.slice(this.head, this.head + size);
        try {
          await this.opts.writer(target, batch, this.origin === null ? null : new Date(this.origin));
        } catch (err) {
          attempt++;
          this.failures++;
          this.opts.onError?.(err, attempt);
          const hopeless = isDataError(err) || attempt >= this.opts.maxAttempts;
          if (hopeless && batch.length > 1) {
            // Find the poison: the same segments, one statement each.
            this.isolating = batch.length;
            attempt = 0;
            continue;
          }
          const only = batch[0];
          if (hopeless && only) {
            if (!this.sanitised.has(only.sequence)) {
              this.sanitised.add(only.sequence);
              this.queue[this.head] = { ...only, text: strictlySanitised(only.text) };
              attempt = 0;
              continue;
            }
            this.opts.onDropped?.({ callId: target.callId, sequence: only.sequence, err });
            this.dropped++;
            this.advance(1);
            attempt = 0;
            continue;
          }
          await sleep(Math.min(this.opts.retryMaxMs, this.opts.retryBaseMs * 2 ** Math.min(attempt - 1, 16)));
          continue;
        }
        attempt = 0;
        this.written += batch.length;
        this.advance(batch.length);
      }
    } finally {
      this.draining = null;
    }
  }

  private advance(n: number): void {
    this.head += n;
    if (this.isolating > 0) this.isolating = Math.max(0, this.isolating - n);
    // Compact now and then so a long call does not keep every segment.
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }
}
