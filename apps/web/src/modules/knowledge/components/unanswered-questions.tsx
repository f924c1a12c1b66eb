// Overview notice: how many business questions each agent could not answer,
// linking to where the owner answers them.
import Link from "next/link";
import { formatNumber } from "@/lib/format";

export function UnansweredQuestions({
  slug,
  gaps,
  agentNames,
}: {
  slug: string;
  gaps: { agentId: string; open: number }[];
  agentNames: Map<string, string>;
}) {
  const total = gaps.reduce((n, g) => n + g.open, 0);
  if (total === 0) return null;
  return (
    <section
      data-testid="unanswered-questions"
      className="mt-6 rounded-lg border border-amber-200 bg-amber-50 px-5 py-4 text-sm text-amber-900"
    >
      <p className="font-semibold">
        {formatNumber(total)} {total === 1 ? "question" : "questions"} your agents couldn't answer
      </p>
      <p className="mt-1">
        <Link className="font-medium underline" href={`/t/${slug}/messages?show=questions`}>
          Answer them in Messages
        </Link>{" "}
        or on each agent's knowledge page:
      </p>
      <ul className="mt-1 space-y-0.5">
        {gaps.map((g) => (
          <li key={g.agentId}>
            <Link className="underline" href={`/t/${slug}/agents/${g.agentId}/knowledge`}>
              {agentNames.get(g.agentId) ?? "Agent"}: {formatNumber(g.open)} to answer
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
