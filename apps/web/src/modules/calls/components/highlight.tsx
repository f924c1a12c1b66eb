// Search terms highlighted in a transcript line: each word of the query, and
// other forms of it (the search matches word stems: "booking" finds "booked").
import type { ReactNode } from "react";

function termPattern(query: string): RegExp | null {
  const words = query
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w.length >= 2)
    .slice(0, 8)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    // A stem-ish prefix: drop up to three trailing letters of longer words.
    .map((w) => (w.length > 5 ? `${w.slice(0, w.length - 3)}\\w*` : w));
  return words.length ? new RegExp(`(${words.join("|")})`, "gi") : null;
}

export function Highlight({ text, query }: { text: string; query: string }): ReactNode {
  const pattern = termPattern(query);
  if (!pattern) return text;
  // Keys from each part's offset in the text: stable for one immutable string.
  let offset = 0;
  return text.split(pattern).map((part, i) => {
    const key = `${offset}`;
    offset += part.length;
    return i % 2 === 1 ? (
      <mark key={key} className="rounded bg-amber-100 px-0.5 text-slate-900">
        {part}
      </mark>
    ) : (
      part
    );
  });
}
