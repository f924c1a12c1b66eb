import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/layout";
import { requirePlatformAdmin } from "@/lib/authz/platform";
import { formatDateTime, formatNumber } from "@/lib/format";
import { RetryJobButton } from "@/modules/admin/components/retry-job-button";
import { jobAdmin } from "@/modules/admin/jobs";

export const dynamic = "force-dynamic";

const ADMIN_TIMEZONE = "Australia/Sydney";

export default async function AdminJobsPage() {
  await requirePlatformAdmin();
  let data: Awaited<ReturnType<typeof load>> | null = null;
  let error: string | null = null;
  try {
    data = await load();
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  return (
    <div className="space-y-6">
      <PageHeader
        title="Background jobs"
        description="Every queue of the job system (pg-boss on the product database): what is waiting, running and failed. A job that failed all its retries lands in its dead-letter queue below; retry it once the cause is fixed."
      />
      {error || !data ? (
        <Card title="Job system unavailable">
          <p className="text-sm text-red-700" role="alert">
            Could not read the job queues: {error}
          </p>
        </Card>
      ) : (
        <>
          <Card title="Queues">
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm">
                <thead className="text-xs uppercase text-slate-500">
                  <tr>
                    <th className="py-2 pr-4">Queue</th>
                    <th className="py-2 pr-4">Schedule</th>
                    <th className="py-2 pr-4 text-right">Waiting</th>
                    <th className="py-2 pr-4 text-right">Deferred</th>
                    <th className="py-2 pr-4 text-right">Running</th>
                    <th className="py-2 pr-4 text-right">Failed attempts</th>
                    <th className="py-2 pr-4 text-right">Dead letters</th>
                    <th className="py-2">Retry policy</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {data.queues.map((q) => (
                    <tr key={q.name}>
                      <td className="py-2 pr-4">
                        <div className="font-mono text-xs">{q.name}</div>
                        <div className="text-xs text-slate-500">{q.description}</div>
                      </td>
                      <td className="py-2 pr-4 text-xs">{q.schedule}</td>
                      <td className="py-2 pr-4 text-right tabular-nums">{formatNumber(q.ready)}</td>
                      <td className="py-2 pr-4 text-right tabular-nums">{formatNumber(q.deferred)}</td>
                      <td className="py-2 pr-4 text-right tabular-nums">{formatNumber(q.active)}</td>
                      <td className="py-2 pr-4 text-right tabular-nums">{formatNumber(q.failed)}</td>
                      <td className="py-2 pr-4 text-right tabular-nums">
                        {q.dead > 0 ? <Badge tone="red">{formatNumber(q.dead)}</Badge> : "0"}
                      </td>
                      <td className="py-2 text-xs">{q.retryPolicy}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>
          <Card title="Dead letters">
            {data.dead.length === 0 ? (
              <EmptyState title="No dead letters" body="Every job that failed has succeeded on a retry." />
            ) : (
              <ul className="divide-y divide-slate-100">
                {data.dead.map((job) => (
                  <li key={job.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
                    <div className="min-w-0 space-y-1">
                      <div className="font-mono text-xs">{job.queue}</div>
                      <div className="text-sm text-red-700">{job.error || "(no error recorded)"}</div>
                      <div className="text-xs text-slate-500">
                        Dead since {formatDateTime(job.failedAt, ADMIN_TIMEZONE)} after {job.retries} retries · job{" "}
                        <span className="font-mono">{job.id}</span>
                      </div>
                      <pre className="max-w-2xl overflow-x-auto text-xs text-slate-600">{JSON.stringify(job.data)}</pre>
                    </div>
                    <RetryJobButton queue={job.queue} jobId={job.id} />
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </>
      )}
    </div>
  );
}

async function load() {
  const admin = await jobAdmin();
  const [queues, dead] = await Promise.all([admin.queues(), admin.deadJobs(50)]);
  return { queues, dead };
}
