// What a background job is: a name (its pg-boss queue), when it runs, how it is
// retried, and the idempotent function that does the work. Domain packages own
// the functions; src/catalog.ts lists the jobs (registering one = one entry there).
import type { z } from "zod";

export interface RetryPolicy {
  /** Retries after the first failed attempt; then the job goes to its dead-letter queue. */
  limit: number;
  /** Seconds before the first retry. */
  delaySeconds: number;
  /** Double the delay on each retry (with jitter), capped at maxDelaySeconds. */
  backoff: boolean;
  maxDelaySeconds?: number;
}

export interface JobContext {
  jobId: string;
  /** 0 on the first attempt. */
  retryCount: number;
  /** True when a failure now sends the job to the dead-letter queue. */
  finalAttempt: boolean;
  /** Enqueue another catalog job (e.g. a sweep fanning out one job per item). */
  send(name: string, data: object, options?: { singletonKey?: string; startAfterSeconds?: number }): Promise<void>;
  /** Enqueue many jobs of one queue in one statement (e.g. a fan-out's deliveries). */
  sendMany(name: string, data: object[]): Promise<void>;
  log(msg: string, fields?: Record<string, unknown>): void;
}

export interface JobDefinition<T extends object = object> {
  /** Queue name: letters, digits, dots, dashes (e.g. "webhooks.deliver-due"). */
  name: string;
  /** One line for operators (/admin → Jobs). */
  description: string;
  /** Validates the payload before run(); a bad payload fails the job without retries. */
  data?: z.ZodType<T>;
  /** Recurring: one job per `seconds` slot across every job process (pg-boss throttling). */
  everySeconds?: number;
  /** Recurring on a cron expression evaluated in a time zone (pg-boss schedules; one per occurrence). */
  cron?: { expression: string; tz: string };
  retry: RetryPolicy;
  /** Seconds a run may take before pg-boss treats it as failed and retries it. */
  expireInSeconds?: number;
  /** Jobs of this queue run at once in one process. */
  concurrency?: number;
  /** Must be idempotent: a retry, or two processes, may run the same work again. */
  run(data: T, ctx: JobContext): Promise<unknown>;
}

/** A job as the catalog and the runner hold it, whatever its payload type. */
export type RegisteredJob = JobDefinition<object>;

/**
 * Keeps the payload type of `data` and `run` in step for the author, then erases it for the
 * catalog. Safe: the runner validates each payload with `data` before calling `run`.
 */
export function defineJob<T extends object>(definition: JobDefinition<T>): RegisteredJob {
  return definition as unknown as RegisteredJob;
}

/** The dead-letter queue of a job's queue: failed jobs land there after their last retry. */
export function deadLetterQueue(name: string): string {
  return `${name}.dead`;
}

const QUEUE_NAME = /^[a-z0-9][a-z0-9.-]*$/;

/** Rejects catalog mistakes at start rather than at the first send. */
export function assertValidCatalog(jobs: readonly RegisteredJob[]): void {
  const seen = new Set<string>();
  for (const job of jobs) {
    if (!QUEUE_NAME.test(job.name) || job.name.endsWith(".dead")) throw new Error(`invalid job name "${job.name}"`);
    if (seen.has(job.name)) throw new Error(`job "${job.name}" is registered twice`);
    if (job.everySeconds !== undefined && job.cron)
      throw new Error(`job "${job.name}": everySeconds or cron, not both`);
    if (job.everySeconds !== undefined && (!Number.isInteger(job.everySeconds) || job.everySeconds < 1)) {
      throw new Error(`job "${job.name}": everySeconds must be a whole number ≥ 1`);
    }
    seen.add(job.name);
  }
}
