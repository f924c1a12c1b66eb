// Runs catalog jobs on pg-boss, in the same PostgreSQL as the product (schema
// "pgboss", created on first start). Any number of runners may share a
// database: pg-boss claims each job with SKIP LOCKED, recurring jobs are sent
// once per time slot (throttled by singleton slot, so two processes do not
// double them) and cron schedules are fired by one instance per occurrence.
import { type JobResult, PgBoss } from "pg-boss";
import { assertValidCatalog, deadLetterQueue, type JobContext, type RegisteredJob } from "./definition";

export interface JobRunnerOptions {
  databaseUrl: string;
  jobs: readonly RegisteredJob[];
  /** Only register queues and schedules (e.g. for the admin view or a producer); run nothing. */
  workers?: boolean;
  /** Seconds between a worker's polls for new jobs (default 1). */
  pollingIntervalSeconds?: number;
  log?: (level: "info" | "warn" | "error", msg: string, fields?: Record<string, unknown>) => void;
}

export interface JobRunner {
  boss: PgBoss;
  /** Enqueue a catalog job now. */
  send(name: string, data: object, options?: { singletonKey?: string; startAfterSeconds?: number }): Promise<void>;
  /** Enqueue many jobs of one catalog queue at once (one statement per 500). */
  sendMany(name: string, data: object[]): Promise<void>;
  /** Sends one job of every recurring (everySeconds) queue now, as the timers would. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

const defaultLog: NonNullable<JobRunnerOptions["log"]> = (level, msg, fields) => {
  const line = JSON.stringify({ level, msg, ...fields });
  if (level === "info") console.log(line);
  else console.error(line);
};

/** Creates (or updates) a job's queue and its dead-letter queue with the job's retry policy. */
async function ensureQueue(boss: PgBoss, job: RegisteredJob): Promise<void> {
  const dead = deadLetterQueue(job.name);
  const policy = {
    retryLimit: job.retry.limit,
    retryDelay: job.retry.delaySeconds,
    retryBackoff: job.retry.backoff,
    ...(job.retry.maxDelaySeconds ? { retryDelayMax: job.retry.maxDelaySeconds } : {}),
    expireInSeconds: job.expireInSeconds ?? 300,
    deadLetter: dead,
    // A new job wakes the workers at once (LISTEN/NOTIFY) instead of waiting for their next poll.
    notify: true,
  };
  // Dead letters are kept for 30 days so an operator can look at them and retry.
  const deadPolicy = { retryLimit: 0, deleteAfterSeconds: 30 * 24 * 3600, retentionSeconds: 30 * 24 * 3600 };
  if (!(await boss.getQueue(dead))) await boss.createQueue(dead, deadPolicy);
  if (await boss.getQueue(job.name)) await boss.updateQueue(job.name, policy);
  else await boss.createQueue(job.name, policy);
}

export async function startJobRunner(options: JobRunnerOptions): Promise<JobRunner> {
  const log = options.log ?? defaultLog;
  const jobs = options.jobs;
  assertValidCatalog(jobs);
  const runWorkers = options.workers !== false;
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    max: 5,
    application_name: "articulate-jobs",
    schedule: runWorkers && jobs.some((j) => j.cron),
    supervise: runWorkers,
    // One listening connection per process: workers wake when a job is created (polling stays as the floor).
    useListenNotify: runWorkers,
  });
  boss.on("error", (err) => log("error", "job system error", { error: String(err) }));
  await boss.start({ attempts: 5 });
  for (const job of jobs) await ensureQueue(boss, job);

  const byName = new Map(jobs.map((j) => [j.name, j]));
  const send: JobRunner["send"] = async (name, data, opts = {}) => {
    if (!byName.has(name)) throw new Error(`unknown job "${name}"`);
    await boss.send(name, data, {
      ...(opts.singletonKey ? { singletonKey: opts.singletonKey } : {}),
      ...(opts.startAfterSeconds ? { startAfter: opts.startAfterSeconds } : {}),
    });
  };

  const sendMany: JobRunner["sendMany"] = async (name, data) => {
    if (!byName.has(name)) throw new Error(`unknown job "${name}"`);
    // One INSERT for the lot (the queue's retry policy applies to each).
    for (let i = 0; i < data.length; i += 500)
      await boss.insert(
        name,
        data.slice(i, i + 500).map((d) => ({ data: d })),
      );
  };

  const recurring = jobs.filter((j) => j.everySeconds !== undefined);
  const tick = async () => {
    for (const job of recurring) {
      await boss.sendThrottled(job.name, {}, null, job.everySeconds as number);
    }
  };

  const timers: NodeJS.Timeout[] = [];
  if (runWorkers) {
    for (const job of jobs) {
      if (job.cron) await boss.schedule(job.name, job.cron.expression, {}, { tz: job.cron.tz });
      // A job with concurrency N fetches up to N at a time and runs them side by side, each
      // settled on its own (perJobResults). While fetches come back full it fetches again at
      // once (burst) instead of waiting out the poll interval, so a backlog drains at the
      // speed of the work, not one job per worker per poll.
      // Two workers of half the batch each (when concurrency allows), so one slow job holds up
      // only its own batch while the other keeps fetching.
      const concurrency = Math.max(1, job.concurrency ?? 1);
      const workers = concurrency >= 4 ? 2 : 1;
      const batchSize = Math.ceil(concurrency / workers);
      await boss.work<
        object,
        unknown,
        {
          batchSize: number;
          localConcurrency: number;
          burstWhenBatchFull: boolean;
          perJobResults: true;
          includeMetadata: true;
          pollingIntervalSeconds: number;
          notifyPollingIntervalSeconds: number;
        }
      >(
        job.name,
        {
          batchSize,
          localConcurrency: workers,
          burstWhenBatchFull: true,
          perJobResults: true,
          includeMetadata: true,
          pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1,
          // Polling stays as frequent with NOTIFY on: a retry's delayed start sends no notification.
          notifyPollingIntervalSeconds: options.pollingIntervalSeconds ?? 1,
        },
        (batch) =>
          Promise.all(
            batch.map(async (raw): Promise<JobResult> => {
              const ctx: JobContext = {
                jobId: raw.id,
                retryCount: raw.retryCount,
                finalAttempt: raw.retryCount >= raw.retryLimit,
                send,
                sendMany,
                log: (msg, fields) => log("info", msg, { job: job.name, jobId: raw.id, ...fields }),
              };
              const parsed = job.data
                ? job.data.safeParse(raw.data ?? {})
                : { success: true as const, data: raw.data ?? {} };
              if (!parsed.success) {
                // A payload no retry can fix: straight to the dead-letter queue.
                log("error", `job ${job.name} has an invalid payload`, { jobId: raw.id, error: parsed.error.message });
                return {
                  id: raw.id,
                  status: "deadletter",
                  output: { message: `invalid payload: ${parsed.error.message}` },
                };
              }
              try {
                return { id: raw.id, status: "completed", output: (await job.run(parsed.data, ctx)) ?? null };
              } catch (err) {
                const message = err instanceof Error ? err.message : String(err);
                log(ctx.finalAttempt ? "error" : "warn", `job ${job.name} failed`, {
                  jobId: raw.id,
                  retryCount: raw.retryCount,
                  error: message,
                });
                return {
                  id: raw.id,
                  status: "failed",
                  output: { message, ...(err instanceof Error && err.stack ? { stack: err.stack } : {}) },
                };
              }
            }),
          ),
      );
    }
    for (const job of recurring) {
      const seconds = job.everySeconds as number;
      const timer = setInterval(
        () => {
          boss
            .sendThrottled(job.name, {}, null, seconds)
            .catch((err) => log("warn", "could not enqueue recurring job", { job: job.name, error: String(err) }));
        },
        Math.max(500, (seconds * 1000) / 2),
      );
      timer.unref?.();
      timers.push(timer);
    }
    await tick();
  }

  return {
    boss,
    send,
    sendMany,
    tick,
    async stop() {
      for (const t of timers) clearInterval(t);
      await boss.stop({ graceful: true, timeout: 15_000 });
    },
  };
}
