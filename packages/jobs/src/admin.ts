// What /admin shows about background work: each queue's depth, recent
// failures, its dead letters (jobs that failed every retry) and a retry that
// moves a dead letter back onto its queue.
import { PgBoss } from "pg-boss";
import type { RegisteredJob } from "./definition";
import { deadLetterQueue } from "./definition";

export interface QueueSummary {
  name: string;
  description: string;
  schedule: string;
  /** Waiting to run now. */
  ready: number;
  /** Waiting for a later time (retry backoff, delayed sends). */
  deferred: number;
  active: number;
  /** Failed attempts still retained (each also in dead letters once retries ran out). */
  failed: number;
  dead: number;
  retryPolicy: string;
}

export interface DeadJob {
  id: string;
  queue: string;
  data: unknown;
  error: string;
  retries: number;
  failedAt: Date;
}

export interface JobAdmin {
  queues(): Promise<QueueSummary[]>;
  deadJobs(limit?: number): Promise<DeadJob[]>;
  /** Moves one dead letter back onto its queue; false when it no longer exists. */
  retry(queue: string, deadJobId: string): Promise<boolean>;
  close(): Promise<void>;
}

function describeSchedule(job: RegisteredJob): string {
  if (job.cron) return `cron ${job.cron.expression} (${job.cron.tz})`;
  if (job.everySeconds) return `every ${job.everySeconds} s`;
  return "on demand";
}

function describeRetry(job: RegisteredJob): string {
  const r = job.retry;
  return `${r.limit} retries, ${r.delaySeconds} s${r.backoff ? " doubling" : ""}${r.maxDelaySeconds ? ` (max ${r.maxDelaySeconds} s)` : ""}`;
}

function errorText(output: unknown): string {
  if (output && typeof output === "object" && "message" in output) return String(output.message);
  return output === undefined || output === null ? "" : JSON.stringify(output);
}

/** An admin handle on the job system; it runs no jobs. */
export async function openJobAdmin(databaseUrl: string, jobs: readonly RegisteredJob[]): Promise<JobAdmin> {
  const boss = new PgBoss({ connectionString: databaseUrl, max: 2, schedule: false, supervise: false });
  boss.on("error", (err) =>
    console.error(JSON.stringify({ level: "error", msg: "job admin error", error: String(err) })),
  );
  await boss.start();
  const known = new Map(jobs.map((j) => [j.name, j]));
  return {
    async queues() {
      // Counted live: pg-boss's own queue counters are refreshed by a periodic monitor pass.
      const names = jobs.flatMap((j) => [j.name, deadLetterQueue(j.name)]);
      const { rows } = await boss.getDb().executeSql(
        `SELECT name,
                count(*) FILTER (WHERE state IN ('created', 'retry') AND start_after <= now())::int AS ready,
                count(*) FILTER (WHERE state IN ('created', 'retry') AND start_after > now())::int AS deferred,
                count(*) FILTER (WHERE state = 'active')::int AS active,
                count(*) FILTER (WHERE state = 'failed')::int AS failed
         FROM pgboss.job WHERE name = ANY($1) GROUP BY name`,
        [names],
      );
      const counts = new Map(
        (rows as { name: string; ready: number; deferred: number; active: number; failed: number }[]).map((r) => [
          r.name,
          r,
        ]),
      );
      return jobs.map((job) => {
        const q = counts.get(job.name);
        const dead = counts.get(deadLetterQueue(job.name));
        return {
          name: job.name,
          description: job.description,
          schedule: describeSchedule(job),
          ready: q?.ready ?? 0,
          deferred: q?.deferred ?? 0,
          active: q?.active ?? 0,
          failed: q?.failed ?? 0,
          dead: (dead?.ready ?? 0) + (dead?.deferred ?? 0),
          retryPolicy: describeRetry(job),
        };
      });
    },
    async deadJobs(limit = 50) {
      const out: DeadJob[] = [];
      for (const job of jobs) {
        const found = await boss.findJobs<object>(deadLetterQueue(job.name), { queued: true, limit });
        for (const j of found) {
          // The dead letter is a copy; the failure output stays on the original job.
          const source = j.sourceId ? (await boss.findJobs(job.name, { id: j.sourceId }))[0] : undefined;
          out.push({
            id: j.id,
            queue: job.name,
            data: j.data,
            error: errorText(source?.output ?? j.output),
            retries: j.sourceRetryCount ?? j.retryCount,
            failedAt: j.createdOn,
          });
        }
      }
      return out.sort((a, b) => b.failedAt.getTime() - a.failedAt.getTime()).slice(0, limit);
    },
    async retry(queue, deadJobId) {
      if (!known.has(queue)) return false;
      const moved = await boss.redrive(deadLetterQueue(queue), { ids: [deadJobId], destination: queue });
      return moved > 0;
    },
    async close() {
      await boss.stop({ graceful: false, close: true });
    },
  };
}
