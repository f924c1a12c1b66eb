import {
  listWebhookDeliveries,
  listWebhookEndpoints,
  SIGNATURE_HEADER,
  WEBHOOK_EVENT_TYPES,
} from "@articulate/webhooks";
import Link from "next/link";
import { Badge, type BadgeTone, Card, EmptyState, Notice, PageHeader } from "@/components/ui/layout";
import { withTenantPage } from "@/lib/authz/page";
import { formatDateTime } from "@/lib/format";
import { CreateEndpointForm } from "@/modules/webhooks/components/create-endpoint-form";
import { EndpointControls, ReplayButton } from "@/modules/webhooks/components/endpoint-controls";

export const metadata = { title: "Webhooks" };
export const dynamic = "force-dynamic";

const STATUS_TONE: Record<string, BadgeTone> = {
  SUCCEEDED: "green",
  PENDING: "blue",
  FAILED: "yellow",
  DEAD: "red",
  SKIPPED: "gray",
};

export default async function WebhooksPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ endpoint?: string; before?: string }>;
}) {
  const { slug } = await params;
  const { endpoint: endpointFilter, before } = await searchParams;
  const { tenant } = await withTenantPage(slug, { role: "ADMIN" });
  const endpoints = await listWebhookEndpoints(tenant.id);
  // A filter naming an endpoint that is not this tenant's simply matches nothing.
  const filter = endpoints.find((e) => e.id === endpointFilter)?.id;
  const log = await listWebhookDeliveries(tenant.id, {
    endpointId: filter,
    before: typeof before === "string" && before.length < 65 ? before : undefined,
    limit: 50,
  });
  const urlOf = new Map(endpoints.map((e) => [e.id, e.url]));
  const tz = tenant.timezone;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Webhooks"
        description={
          <>
            We POST signed JSON events to your endpoints. Verify the <code>{SIGNATURE_HEADER}</code> header:{" "}
            <code>t=&lt;unix time&gt;,v1=&lt;hex HMAC-SHA256(secret, t + "." + raw body)&gt;</code>, reject timestamps
            older than 5 minutes, and dedupe on the event <code>id</code>. Failed deliveries are retried with
            exponential backoff; an endpoint that keeps failing is disabled and the owners are e-mailed.
          </>
        }
      />
      <Card title="Add an endpoint">
        <CreateEndpointForm slug={slug} eventTypes={WEBHOOK_EVENT_TYPES} />
      </Card>
      <Card title="Endpoints">
        {endpoints.length === 0 ? (
          <EmptyState
            title="No endpoints yet"
            body="Add one above to receive call.started, call.ended, call.analyzed, message.taken, number.provisioned and knowledge.gap events."
          />
        ) : (
          <ul className="divide-y divide-slate-100">
            {endpoints.map((e) => (
              <li key={e.id} className="space-y-2 py-3">
                <div className="flex flex-wrap items-center gap-2">
                  <code className="break-all text-sm font-medium">{e.url}</code>
                  <Badge tone={e.enabled ? "green" : "red"}>{e.enabled ? "Enabled" : "Disabled"}</Badge>
                  {e.consecutiveFailures > 0 ? (
                    <Badge tone="yellow">{e.consecutiveFailures} failures in a row</Badge>
                  ) : null}
                </div>
                <p className="text-xs text-slate-600">
                  {e.description ? `${e.description} · ` : ""}Events: {e.events.length ? e.events.join(", ") : "all"} ·{" "}
                  <Link className="text-brand-700 underline" href={`/t/${slug}/settings/webhooks?endpoint=${e.id}`}>
                    delivery log
                  </Link>
                </p>
                {!e.enabled && e.disabledReason ? <Notice tone="yellow">{e.disabledReason}</Notice> : null}
                <EndpointControls slug={slug} endpointId={e.id} enabled={e.enabled} />
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card
        title={filter ? `Delivery log: ${urlOf.get(filter)}` : "Delivery log"}
        actions={
          filter ? (
            <Link className="text-sm text-brand-700 underline" href={`/t/${slug}/settings/webhooks`}>
              All endpoints
            </Link>
          ) : null
        }
      >
        {log.items.length === 0 ? (
          <EmptyState
            title="No deliveries yet"
            body="Events appear here as calls start and end, messages are taken and numbers go live."
          />
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-xs uppercase text-slate-500">
                <tr>
                  <th className="py-2 pr-3">Event</th>
                  <th className="py-2 pr-3">Endpoint</th>
                  <th className="py-2 pr-3">Status</th>
                  <th className="py-2 pr-3">Attempts</th>
                  <th className="py-2 pr-3">Last response</th>
                  <th className="py-2 pr-3">Created</th>
                  <th className="py-2" />
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {log.items.map((d) => (
                  <tr key={d.id}>
                    <td className="py-2 pr-3">
                      <code>{d.eventType}</code>
                      <div className="font-mono text-xs text-slate-500">{d.eventId}</div>
                    </td>
                    <td className="max-w-48 truncate py-2 pr-3 text-xs">{urlOf.get(d.endpointId)}</td>
                    <td className="py-2 pr-3">
                      <Badge tone={STATUS_TONE[d.status] ?? "gray"}>{d.status.toLowerCase()}</Badge>
                      {d.status === "FAILED" ? (
                        <div className="text-xs text-slate-500">next try {formatDateTime(d.nextAttemptAt, tz)}</div>
                      ) : null}
                    </td>
                    <td className="py-2 pr-3 tabular-nums">{d.attempts}</td>
                    <td className="py-2 pr-3 text-xs">
                      {d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : (d.lastError ?? "—")}
                    </td>
                    <td className="py-2 pr-3">{formatDateTime(d.createdAt, tz)}</td>
                    <td className="py-2 text-right">
                      {d.status === "SUCCEEDED" || d.status === "DEAD" || d.status === "SKIPPED" ? (
                        <ReplayButton slug={slug} deliveryId={d.id} />
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {log.nextBefore ? (
          <p className="mt-3 text-sm">
            <Link
              className="text-brand-700 underline"
              href={`/t/${slug}/settings/webhooks?${new URLSearchParams({ ...(filter ? { endpoint: filter } : {}), before: log.nextBefore })}`}
            >
              Older deliveries →
            </Link>
          </p>
        ) : null}
      </Card>
    </div>
  );
}
