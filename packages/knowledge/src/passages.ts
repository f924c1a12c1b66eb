// Splits readable text into passages a lookup can return whole: a heading and
// the paragraphs under it, up to about PASSAGE_TARGET characters, split at
// sentence ends when a paragraph alone is longer.

export const PASSAGE_TARGET = 700;
const PASSAGE_MAX = 1000;

export interface TextBlock {
  text: string;
  heading?: boolean;
}

export interface PassageDraft {
  /** The nearest heading above the passage ("" when none). */
  heading: string;
  text: string;
}

function splitLong(paragraph: string): string[] {
  if (paragraph.length <= PASSAGE_MAX) return [paragraph];
  const sentences = paragraph.match(/[^.!?]+[.!?]+["')\]]*\s*|[^.!?]+$/g) ?? [paragraph];
  const out: string[] = [];
  let cur = "";
  for (const raw of sentences) {
    // A "sentence" longer than the maximum (no punctuation) is cut at spaces.
    for (let s = raw; s.length > 0; ) {
      const room = PASSAGE_TARGET - cur.length;
      if (s.length <= room || cur.length === 0) {
        const take =
          s.length <= PASSAGE_MAX ? s : s.slice(0, Math.max(s.lastIndexOf(" ", PASSAGE_MAX), PASSAGE_TARGET));
        cur += take;
        s = s.slice(take.length);
      } else {
        out.push(cur.trim());
        cur = "";
      }
    }
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

const clean = (s: string) => s.replace(/\s+/g, " ").trim();

export function splitIntoPassages(blocks: readonly TextBlock[]): PassageDraft[] {
  const out: PassageDraft[] = [];
  let heading = "";
  let cur: string[] = [];
  let len = 0;
  const flush = () => {
    if (cur.length) out.push({ heading, text: cur.join("\n") });
    cur = [];
    len = 0;
  };
  for (const b of blocks) {
    const text = clean(b.text);
    if (!text) continue;
    if (b.heading) {
      flush();
      heading = text.slice(0, 200);
      continue;
    }
    for (const part of splitLong(text)) {
      if (len > 0 && len + part.length > PASSAGE_TARGET) flush();
      cur.push(part);
      len += part.length + 1;
    }
  }
  flush();
  return out;
}

/** Plain text or Markdown: blank lines separate paragraphs, `#` lines are headings. */
export function textDocumentBlocks(text: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  for (const para of text.replace(/\r\n?/g, "\n").split(/\n\s*\n/)) {
    const lines = para.split("\n");
    let body: string[] = [];
    for (const line of lines) {
      const h = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
      if (h) {
        if (body.length) blocks.push({ text: body.join(" ") });
        body = [];
        blocks.push({ text: h[1] ?? "", heading: true });
      } else {
        body.push(line.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, ""));
      }
    }
    if (body.length) blocks.push({ text: body.join(" ") });
  }
  return blocks;
}
