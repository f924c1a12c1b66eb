// Readable text of an HTML page, streamed through htmlparser2: the title, text
// blocks (headings marked) without scripts, styles, navigation or forms, and
// the links it holds.
import { Parser } from "htmlparser2";
import type { TextBlock } from "./passages";

export interface ReadablePage {
  title: string;
  blocks: TextBlock[];
  links: string[];
  /** <meta name="robots" content="noindex"> */
  noindex: boolean;
}

const SKIPPED = new Set(["script", "style", "noscript", "template", "svg", "nav", "form", "select", "iframe"]);
const HEADINGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6"]);
const BLOCKS = new Set([
  "p",
  "div",
  "li",
  "ul",
  "ol",
  "section",
  "article",
  "main",
  "header",
  "footer",
  "aside",
  "br",
  "tr",
  "td",
  "th",
  "table",
  "dd",
  "dt",
  "dl",
  "blockquote",
  "pre",
  "address",
  "figcaption",
  "hr",
  "body",
]);

export function extractReadableText(html: string): ReadablePage {
  const blocks: TextBlock[] = [];
  const links: string[] = [];
  let title = "";
  let inTitle = false;
  let skipDepth = 0;
  let heading = false;
  let buf = "";
  let noindex = false;
  const flush = () => {
    const text = buf.replace(/\s+/g, " ").trim();
    if (text) blocks.push(heading ? { text, heading: true } : { text });
    buf = "";
  };
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === "title") inTitle = true;
        if (name === "meta" && attrs.name?.toLowerCase() === "robots" && /noindex/i.test(attrs.content ?? "")) {
          noindex = true;
        }
        // Links count even inside <nav>: they lead to the site's pages.
        if (name === "a" && attrs.href) links.push(attrs.href);
        if (SKIPPED.has(name)) {
          skipDepth++;
          return;
        }
        if (HEADINGS.has(name)) {
          flush();
          heading = true;
        } else if (BLOCKS.has(name)) flush();
      },
      ontext(text) {
        if (inTitle) title += text;
        else if (skipDepth === 0) buf += text;
      },
      onclosetag(name) {
        if (name === "title") inTitle = false;
        if (SKIPPED.has(name)) {
          skipDepth = Math.max(0, skipDepth - 1);
          return;
        }
        if (HEADINGS.has(name)) {
          flush();
          heading = false;
        } else if (BLOCKS.has(name)) flush();
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  flush();
  return { title: title.replace(/\s+/g, " ").trim(), blocks, links, noindex };
}
