import Link from "next/link";
import { Card } from "@/components/ui/layout";
import type { ChecklistStep } from "../lib/checklist";

const MARK: Record<ChecklistStep["state"], { symbol: string; label: string; className: string }> = {
  done: { symbol: "✓", label: "Done", className: "bg-emerald-100 text-emerald-800" },
  todo: { symbol: "", label: "To do", className: "border border-slate-300 text-slate-500" },
  unavailable: { symbol: "–", label: "Not available yet", className: "bg-slate-100 text-slate-500" },
};

export function FirstRunChecklist({ steps }: { steps: ChecklistStep[] }) {
  const done = steps.filter((s) => s.state === "done").length;
  return (
    <Card
      title="Get started"
      actions={<span className="text-sm text-slate-600">{`${done} of ${steps.length} done`}</span>}
    >
      <div
        className="mb-4 h-2 overflow-hidden rounded-full bg-slate-100"
        role="progressbar"
        aria-label="Setup progress"
        aria-valuemin={0}
        aria-valuemax={steps.length}
        aria-valuenow={done}
      >
        <div className="h-full bg-brand-600" style={{ width: `${(done / steps.length) * 100}%` }} />
      </div>
      <ol className="divide-y divide-slate-100">
        {steps.map((s) => {
          const mark = MARK[s.state];
          return (
            <li key={s.key} className="flex flex-wrap items-center justify-between gap-3 py-3 text-sm">
              <div className="flex min-w-0 items-start gap-3">
                <span
                  className={`mt-0.5 inline-flex h-6 w-6 shrink-0 items-center justify-center rounded-full text-xs font-semibold ${mark.className}`}
                  role="img"
                  aria-label={mark.label}
                >
                  {mark.symbol}
                </span>
                <div className="min-w-0">
                  <p className={`font-medium ${s.state === "done" ? "text-slate-500 line-through" : ""}`}>{s.title}</p>
                  <p className="text-slate-600">{s.detail}</p>
                </div>
              </div>
              {s.state !== "done" ? (
                <Link className="shrink-0 text-brand-700 underline" href={s.href}>
                  {s.cta}
                </Link>
              ) : null}
            </li>
          );
        })}
      </ol>
    </Card>
  );
}
