// The agent's knowledge: questions it could not answer, its FAQ, imported
// websites and documents, and a box to try the lookup the agent uses on calls.
import { listFaqEntries, listKnowledgeGaps, listKnowledgeSources } from "@articulate/knowledge";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/layout";
import { tenantPage } from "@/lib/authz/page";
import { roleAtLeast } from "@/lib/authz/tenant-access";
import { formatDateTime } from "@/lib/format";
import { FaqList, NewFaqForm } from "@/modules/knowledge/components/faq-editor";
import { GapList } from "@/modules/knowledge/components/gaps";
import {
  AddDocumentForm,
  AddWebsiteForm,
  ImportProgressRefresher,
  SourceList,
} from "@/modules/knowledge/components/sources";
import { TryLookup } from "@/modules/knowledge/components/try-it";

export const metadata = { title: "Knowledge" };

export default async function AgentKnowledgePage({ params }: { params: Promise<{ slug: string; agentId: string }> }) {
  const { slug, agentId } = await params;
  return tenantPage(slug, {}, async ({ db, role, tenant }) => {
    const agent = await db.agent.findFirst({
      where: { id: agentId, archivedAt: null },
      select: { id: true, name: true },
    });
    if (!agent) notFound();
    const canEdit = roleAtLeast(role, "ADMIN");
    const [entries, sources, gaps] = await Promise.all([
      listFaqEntries(tenant.id, agent.id),
      listKnowledgeSources(tenant.id, agent.id),
      listKnowledgeGaps(tenant.id, agent.id),
    ]);
    const websites = sources.filter((s) => s.kind === "WEBSITE");
    const documents = sources.filter((s) => s.kind === "TEXT");
    const sourceRows = (list: typeof sources) =>
      list.map((s) => ({
        id: s.id,
        kind: s.kind,
        title: s.title,
        url: s.url,
        status: s.status,
        error: s.error,
        progress: s.progress,
        passageCount: s.passageCount,
        lastImported: s.lastImportedAt ? formatDateTime(s.lastImportedAt, tenant.timezone) : null,
      }));
    return (
      <>
        <ImportProgressRefresher running={sources.some((s) => s.status === "RUNNING" || s.status === "PENDING")} />
        <PageHeader
          title={`${agent.name}: knowledge`}
          description={
            <>
              <Link className="text-brand-700 underline" href={`/t/${slug}/agents/${agent.id}`}>
                Back to the agent
              </Link>{" "}
              · On calls your agent looks facts up here and answers only from what it finds.
            </>
          }
        />
        <div className="grid gap-6 xl:grid-cols-3">
          <div className="space-y-6 xl:col-span-2">
            <Card title={`Questions your agent couldn't answer (${gaps.length})`}>
              <GapList
                slug={slug}
                canEdit={canEdit}
                gaps={gaps.map((g) => ({
                  id: g.id,
                  question: g.question,
                  callId: g.callId,
                  when: formatDateTime(g.createdAt, tenant.timezone),
                }))}
              />
            </Card>
            <Card title={`Frequently asked questions (${entries.length})`}>
              <div className="space-y-6">
                <FaqList
                  slug={slug}
                  agentId={agent.id}
                  canEdit={canEdit}
                  entries={entries.map((e) => ({
                    id: e.id,
                    question: e.question,
                    alternatives: e.alternatives,
                    answer: e.answer,
                    enabled: e.enabled,
                  }))}
                />
                {canEdit ? (
                  <div className="border-t border-slate-100 pt-4">
                    <h3 className="mb-3 text-sm font-semibold text-slate-900">Add a question</h3>
                    <NewFaqForm slug={slug} agentId={agent.id} />
                  </div>
                ) : null}
              </div>
            </Card>
          </div>
          <div className="space-y-6">
            <Card title="Try it">
              <TryLookup slug={slug} agentId={agent.id} />
            </Card>
            <Card title="Website">
              <div className="space-y-4">
                <SourceList
                  slug={slug}
                  agentId={agent.id}
                  canEdit={canEdit}
                  sources={sourceRows(websites)}
                  empty="No website imported yet."
                />
                {canEdit ? <AddWebsiteForm slug={slug} agentId={agent.id} /> : null}
              </div>
            </Card>
            <Card title="Documents">
              <div className="space-y-4">
                <SourceList
                  slug={slug}
                  agentId={agent.id}
                  canEdit={canEdit}
                  sources={sourceRows(documents)}
                  empty="No documents yet."
                />
                {canEdit ? <AddDocumentForm slug={slug} agentId={agent.id} /> : null}
              </div>
            </Card>
          </div>
        </div>
      </>
    );
  });
}
