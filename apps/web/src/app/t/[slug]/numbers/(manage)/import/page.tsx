import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/layout";
import { withTenantPage } from "@/lib/authz/page";
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
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Your number" className="lg:col-span-2">
          <ImportNumberForm slug={slug} agents={agents} />
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
