// The lookups the agent made on a call, with what each returned.
import { Badge, type BadgeTone, Card } from "@/components/ui/layout";

export interface CallLookupRow {
  id: string;
  question: string;
  outcome: "ANSWERED" | "NO_MATCH" | "TIMED_OUT" | "FAILED";
  durationMs: number;
  results: { kind: string; title: string; text: string; url: string | null }[];
}

const OUTCOME: Record<CallLookupRow["outcome"], { label: string; tone: BadgeTone }> = {
  ANSWERED: { label: "Found", tone: "green" },
  NO_MATCH: { label: "Nothing found", tone: "yellow" },
  TIMED_OUT: { label: "Too slow", tone: "red" },
  FAILED: { label: "Failed", tone: "red" },
};

export function CallLookups({ lookups }: { lookups: CallLookupRow[] }) {
  if (lookups.length === 0) return null;
  return (
    <Card title="Business info looked up">
      <ol className="space-y-3" data-testid="call-lookups">
        {lookups.map((l) => (
          <li key={l.id} className="text-sm">
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-medium text-slate-900">“{l.question}”</span>
              <Badge tone={OUTCOME[l.outcome].tone}>{OUTCOME[l.outcome].label}</Badge>
              <span className="text-xs text-slate-500 tabular-nums">{l.durationMs} ms</span>
            </div>
            {l.results.length > 0 ? (
              <ul className="mt-1 space-y-1 border-l-2 border-slate-200 pl-3 text-slate-700">
                {l.results.map((r) => (
                  <li key={`${r.kind}-${r.title}-${r.text.slice(0, 20)}`}>
                    <span className="font-medium">{r.kind === "faq" ? "FAQ" : "Website/document"}:</span> {r.title} —{" "}
                    {r.text}
                    {r.url ? <span className="block text-xs break-all text-slate-500">{r.url}</span> : null}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
    </Card>
  );
}
