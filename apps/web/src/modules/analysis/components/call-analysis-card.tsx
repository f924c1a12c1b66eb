// The call page's analysis block: summary and outcome, or why there is none.
import { Badge, Card } from "@/components/ui/layout";
import { humanize } from "@/lib/format";

export function CallAnalysisCard({
  call,
}: {
  call: {
    analysisStatus: "PENDING" | "ANALYSED" | "NOT_ANALYSED" | "FAILED";
    summary: string | null;
    outcome: string | null;
    endedAt: Date | null;
  };
}) {
  const actions = call.outcome ? <Badge tone="blue">{humanize(call.outcome)}</Badge> : null;
  let body: string;
  if (call.analysisStatus === "ANALYSED" && call.summary) body = call.summary;
  else if (call.analysisStatus === "NOT_ANALYSED")
    body = "Not analysed: call summaries are not switched on for this installation yet.";
  else if (call.analysisStatus === "FAILED") body = "The analysis could not be completed for this call.";
  else if (!call.endedAt) return null;
  else body = "Summary on its way: calls are analysed shortly after they end.";
  return (
    <Card title="Summary" actions={actions}>
      <p className={`text-sm ${call.analysisStatus === "ANALYSED" ? "" : "text-slate-600"}`}>{body}</p>
    </Card>
  );
}
