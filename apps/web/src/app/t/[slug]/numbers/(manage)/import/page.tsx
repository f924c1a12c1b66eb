import Link from "next/link";
import { Card, Notice, PageHeader } from "@/components/ui/layout";
import { withTenantPage } from "@/lib/authz/page";
import { platformReadiness } from "@/lib/platform-readiness";
import { ImportNumberForm } from "@/modules/numbers/components/number-forms";

export const metadata = { title: "Bring your own number" };

export default async function ImportNumberPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { db } = await withTenantPage(slug, { role: "ADMIN" });
  const agents = (
    await db.agent.findMany({
      where: { archivedAt: null },
      select: { id: true, name: true },
      orderBy: { createdAt: "asc" },
    })
  ).map((a) => ({ value: a.id, label: a.name }));
  const ready = platformReadiness().canConnectNumbers;
  return (
    <>
      <PageHeader
        title="Bring your own number"
        description={
          <>
            <Link className="text-brand-700 underline" href={`/t/${slug}/numbers`}>
              Numbers
            </Link>{" "}
            · Keep your number with your current carrier (VoIPline, Crazytel or any SIP trunk) and point it at your
            agent.
          </>
        }
      />
      {!ready ? (
        <div className="mb-6">
          <Notice tone="yellow" title="Connecting numbers isn't available on this installation yet">
            This installation's calling service is not connected, so a number could not reach your agent. Meanwhile you
            can{" "}
            <Link className="underline" href={`/t/${slug}/agents`}>
              talk to your agent in the browser
            </Link>
            .
          </Notice>
        </div>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Your number" className="lg:col-span-2">
          <ImportNumberForm slug={slug} agents={agents} disabled={!ready} />
        </Card>
        <Card title="What happens next">
          <ol className="list-decimal space-y-2 pl-5 text-sm text-slate-700">
            <li>We create a SIP endpoint for the number and connect it to your agent.</li>
            <li>
              You get the exact settings to enter at your carrier: SIP server, transport and username/password (or our
              IP allow-list).
            </li>
            <li>Once saved at your carrier, calls to the number reach your agent.</li>
          </ol>
        </Card>
      </div>
    </>
  );
}
