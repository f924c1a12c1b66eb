// Server part of "Call this number": the tenant's active numbers as caller id.
import { forTenant } from "@articulate/db";
import { Card } from "@/components/ui/layout";
import { formatPhone } from "@/lib/format";
import { CallThisNumberForm } from "./call-this-number-form";

export async function CallThisNumberCard({
  slug,
  tenantId,
  agentId,
}: {
  slug: string;
  tenantId: string;
  agentId: string;
}) {
  const numbers = await forTenant(tenantId).phoneNumber.findMany({
    where: { status: "ACTIVE" },
    orderBy: { createdAt: "asc" },
    select: { id: true, e164: true, label: true },
  });
  return (
    <Card title="Call a number">
      {numbers.length === 0 ? (
        <p className="text-sm text-slate-600">Outbound calls need an active number with an outbound SIP connection.</p>
      ) : (
        <CallThisNumberForm
          slug={slug}
          agentId={agentId}
          numbers={numbers.map((n) => ({
            id: n.id,
            label: n.label ? `${formatPhone(n.e164)} (${n.label})` : formatPhone(n.e164),
          }))}
        />
      )}
    </Card>
  );
}
