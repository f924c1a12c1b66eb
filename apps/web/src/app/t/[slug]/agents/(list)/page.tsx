import Link from "next/link";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/layout";
import { withTenantPage } from "@/lib/authz/page";
import { roleAtLeast } from "@/lib/authz/tenant-access";
import { formatPhone, humanize } from "@/lib/format";
import { NewAgentForm } from "@/modules/agents/components/new-agent-form";
import { AGENT_TEMPLATES } from "@/modules/agents/lib/templates";

export const metadata = { title: "Agents" };

export default async function AgentsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { db, role } = await withTenantPage(slug);
  const agents = await db.agent.findMany({
    where: { archivedAt: null },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      name: true,
      template: true,
      greeting: true,
      phoneNumbers: { where: { status: { not: "RELEASED" } }, select: { e164: true } },
    },
  });
  const canEdit = roleAtLeast(role, "ADMIN");
  return (
    <>
      <PageHeader
        title="Agents"
        description="Each agent answers the numbers assigned to it, with its own greeting, instructions and hours."
      />
      {agents.length === 0 ? (
        <EmptyState title="No agents yet" body="Create one from a template below." />
      ) : (
        <ul className="grid gap-4 md:grid-cols-2">
          {agents.map((a) => (
            <li key={a.id}>
              <Link
                href={`/t/${slug}/agents/${a.id}`}
                className="block rounded-lg border border-slate-200 bg-white p-5 shadow-xs hover:border-brand-500"
              >
                <div className="flex items-center justify-between gap-2">
                  <h2 className="font-semibold">{a.name}</h2>
                  <Badge>{humanize(a.template)}</Badge>
                </div>
                <p className="mt-2 line-clamp-2 text-sm text-slate-600">“{a.greeting}”</p>
                <p className="mt-3 text-xs text-slate-500">
                  {a.phoneNumbers.length > 0
                    ? `Answers ${a.phoneNumbers.map((n) => formatPhone(n.e164)).join(", ")}`
                    : "No number assigned"}
                </p>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {canEdit ? (
        <div className="mt-8">
          <Card title="New agent from a template">
            <NewAgentForm
              slug={slug}
              templates={Object.values(AGENT_TEMPLATES).map((t) => ({
                value: t.template,
                label: t.label,
                description: t.description,
              }))}
            />
          </Card>
        </div>
      ) : null}
    </>
  );
}
