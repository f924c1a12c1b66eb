import { ConfirmForm } from "@/components/ui/confirm-form";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/layout";
import { withTenantPage } from "@/lib/authz/page";
import { formatDateTime } from "@/lib/format";
import { revokeApiKeyAction } from "@/modules/api-keys/actions";
import { CreateApiKeyForm } from "@/modules/api-keys/components/create-api-key-form";
import { listApiKeys } from "@/modules/api-keys/keys";

export const metadata = { title: "API keys" };

export default async function ApiKeysPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant } = await withTenantPage(slug, { role: "ADMIN" });
  const keys = await listApiKeys(tenant.id);
  return (
    <div className="space-y-6">
      <PageHeader
        title="API keys"
        description={
          <>
            Keys for the REST API at <code>/api/v1</code> (reference:{" "}
            <a className="text-brand-700 underline" href="/api/v1/openapi.json">
              OpenAPI document
            </a>
            ). Each key can read and change everything in {tenant.name}.
          </>
        }
      />
      <Card title="Create a key">
        <CreateApiKeyForm slug={slug} />
      </Card>
      <Card title="Keys">
        {keys.length === 0 ? (
          <EmptyState title="No API keys yet" body="Create one above to call the API from your own systems." />
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-xs uppercase text-slate-500">
                <tr>
                  <th className="py-2 pr-3">Name</th>
                  <th className="py-2 pr-3">Key</th>
                  <th className="py-2 pr-3">Created</th>
                  <th className="py-2 pr-3">Last used</th>
                  <th className="py-2" />
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {keys.map((k) => (
                  <tr key={k.id}>
                    <td className="py-2 pr-3 font-medium">{k.name}</td>
                    <td className="py-2 pr-3 font-mono text-xs">{k.prefix}_…</td>
                    <td className="py-2 pr-3">{formatDateTime(k.createdAt, tenant.timezone)}</td>
                    <td className="py-2 pr-3">
                      {k.lastUsedAt ? formatDateTime(k.lastUsedAt, tenant.timezone) : "Never"}
                    </td>
                    <td className="py-2 text-right">
                      {k.revokedAt ? (
                        <Badge tone="gray">Revoked {formatDateTime(k.revokedAt, tenant.timezone)}</Badge>
                      ) : (
                        <ConfirmForm
                          action={revokeApiKeyAction}
                          hidden={{ slug, keyId: k.id }}
                          trigger="Revoke"
                          title={`Revoke “${k.name}”?`}
                          body="Requests using this key will be refused with 401 from now on. This cannot be undone."
                          confirmLabel="Revoke key"
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
