// The background-jobs view of /admin: queue depths, dead letters, retry.
import { platformDb, writeAudit } from "@articulate/db";
import { type JobAdmin, jobCatalog, openJobAdmin } from "@articulate/jobs";
import { z } from "zod";
import { env } from "@/env";
import { sendMail } from "@/lib/mail";
import { notifierDeps } from "@/lib/notifier";

const holder = globalThis as unknown as { __articulateJobAdmin?: Promise<JobAdmin> };

/** One admin handle per server process (it holds a small pool). */
export function jobAdmin(): Promise<JobAdmin> {
  holder.__articulateJobAdmin ??= openJobAdmin(
    env().DATABASE_URL,
    jobCatalog({ sendMail, notifier: notifierDeps() }),
  ).catch((err) => {
    holder.__articulateJobAdmin = undefined;
    throw err;
  });
  return holder.__articulateJobAdmin;
}

export const retryDeadJobSchema = z.object({
  queue: z.string().min(1).max(100),
  jobId: z.uuid({ message: "must be a job id" }),
});

export class DeadJobGoneError extends Error {}

/** Puts a dead-lettered job back on its queue; audited as platform work. */
export async function retryDeadJob(admin: { id: string }, input: z.input<typeof retryDeadJobSchema>): Promise<void> {
  const { queue, jobId } = retryDeadJobSchema.parse(input);
  let moved: boolean;
  try {
    moved = await (await jobAdmin()).retry(queue, jobId);
  } catch (err) {
    // A queue name that does not exist (a stale or tampered form) is "nothing to retry", not a server error.
    if ((err as { code?: string }).code === "PGBOSS_QUEUE_NOT_FOUND") moved = false;
    else throw err;
  }
  if (!moved) throw new DeadJobGoneError("That job is no longer in the dead-letter queue (already retried?)");
  // platformDb(): Platform admin work: the audit entry is the platform's, not a tenant request's.
  await writeAudit(platformDb(), {
    tenantId: null,
    actorType: "platform_admin",
    actorId: admin.id,
    action: "job.retried",
    targetType: "Job",
    targetId: jobId,
    data: { queue },
  });
}
