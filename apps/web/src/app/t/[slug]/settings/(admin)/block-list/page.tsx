import { listBlockRules } from "@articulate/calls";
import { ConfirmForm } from "@/components/ui/confirm-form";
import { Card, EmptyState, PageHeader } from "@/components/ui/layout";
import { withTenantPage } from "@/lib/authz/page";
import { formatDate, formatPhone } from "@/lib/format";
import { removeBlockRuleAction } from "@/modules/block-list/actions";
import { AddBlockRuleForm } from "@/modules/block-list/components/block-list-forms";

export const metadata = { title: "Block list" };

function describeRule(kind: string, value: string): string {
  if (kind === "WITHHELD") return "Hidden numbers (no caller ID)";
  if (kind === "PREFIX") return `Numbers starting ${value}`;
  return formatPhone(value);
}

export default async function BlockListPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant } = await withTenantPage(slug, { role: "ADMIN" });
  const rules = await listBlockRules(tenant.id);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Block list"
        description="Calls from these callers are refused before your agent answers. They still appear under Calls as “Blocked” and are never billed."
      />
      <Card title="Block a caller">
        <AddBlockRuleForm slug={slug} />
      </Card>
      <Card title={`Blocked (${rules.length})`}>
        {rules.length === 0 ? (
          <EmptyState
            title="Nobody is blocked"
            body="Add a number above, or open a call and choose “Block this caller”."
          />
        ) : (
          <ul className="divide-y divide-slate-100">
            {rules.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center justify-between gap-3 py-3 text-sm">
                <div>
                  <p className="font-medium tabular-nums">{describeRule(r.kind, r.value)}</p>
                  <p className="text-xs text-slate-500">
                    Added {formatDate(r.createdAt, tenant.timezone)}
                    {r.note ? ` · ${r.note}` : ""}
                  </p>
                </div>
                <ConfirmForm
                  action={removeBlockRuleAction}
                  hidden={{ slug, ruleId: r.id }}
                  trigger="Remove"
                  title="Remove from the block list?"
                  body="Calls from this caller will be answered (and billed) again."
                  confirmLabel="Remove"
                />
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
