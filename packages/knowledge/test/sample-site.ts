// A small business website on a local HTTP server (port 0) for the importer's
// tests and benchmark: a sitemap, robots.txt disallowing /private/, a redirect
// loop, a 10 MB page, a PDF, a 404 link, a page only reachable by a link, and
// optionally N extra pages (/p/1 … /p/N) for throughput.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface SampleSite {
  url: string;
  /** Requests served, by path. */
  hits: Map<string, number>;
  /** Replace a page's HTML (re-import tests). */
  setPage(path: string, html: string): void;
  close(): Promise<void>;
}

const page = (title: string, body: string) =>
  `<!doctype html><html><head><title>${title}</title><style>body{color:red}</style><script>var tracking = "SCRIPT TEXT";</script></head>
<body><nav><a href="/">Home</a> <a href="/services">Services</a> <a href="/fees">Fees</a> <a href="/contact">Contact</a></nav>
<main>${body}</main>
<footer><p>Harbour Dental, 212 Darling Street, Balmain NSW 2041. Phone (02) 5550 4477.</p></footer></body></html>`;

export const HUGE_PAGE_BYTES = 10 * 1024 * 1024;

export async function startSampleSite(opts: { extraPages?: number; robots?: string } = {}): Promise<SampleSite> {
  const pages = new Map<string, string>([
    [
      "/",
      page(
        "Harbour Dental",
        `<h1>Welcome to Harbour Dental</h1><p>Family dentistry in Balmain since 1998. New patients are always welcome.</p>
         <p>Read <a href="/about">about our team</a>, or see our <a href="https://elsewhere.example/">partner clinic</a>.</p>`,
      ),
    ],
    [
      "/services",
      page(
        "Services",
        `<h2>Check-ups and cleans</h2><p>A check-up, scale and clean takes 45 minutes and includes x-rays when needed.</p>
         <h2>Children's dentistry</h2><p>We see children from their first tooth. The Child Dental Benefits Schedule is bulk billed.</p>
         <h2>Whitening</h2><p>Take-home whitening kits are fitted in two visits.</p>`,
      ),
    ],
    [
      "/fees",
      page(
        "Fees",
        `<h1>Fees and health funds</h1><p>A check-up, scale and clean costs $245. We have HICAPS for on-the-spot health fund claims.</p>
         <p>We do not bulk bill adults; eligible children are bulk billed under the Child Dental Benefits Schedule.</p>`,
      ),
    ],
    [
      "/contact",
      page(
        "Contact",
        `<h1>Contact and parking</h1><p>Street parking is available on Darling Street, and the Wilson car park on Curtis Road is two minutes' walk.</p>
         <p>Our old <a href="/missing">opening hours page</a> has moved.</p>`,
      ),
    ],
    ["/about", page("About us", `<h1>Our team</h1><p>Dr Mei Chen and Dr Tom Walsh lead a team of six.</p>`)],
    ["/private/staff", page("Staff only", `<p>Staff roster: confidential.</p>`)],
  ]);
  for (let n = 1; n <= (opts.extraPages ?? 0); n++) {
    pages.set(
      `/p/${n}`,
      page(
        `Article ${n}`,
        `<h1>Article ${n}</h1>${Array.from({ length: 6 }, (_, i) => `<p>Paragraph ${i} of article ${n}: oral health advice about brushing, flossing and regular check-ups number ${n * 10 + i}.</p>`).join("")}`,
      ),
    );
  }
  const sitemapPaths = ["/", "/services", "/fees", "/contact", "/private/staff", "/loop-a", "/huge", "/brochure.pdf"];
  for (let n = 1; n <= (opts.extraPages ?? 0); n++) sitemapPaths.push(`/p/${n}`);
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const origin = `http://${req.headers.host}`;
    if (path === "/robots.txt") {
      res.writeHead(200, { "content-type": "text/plain" });
      return res.end(opts.robots ?? `User-agent: *\nDisallow: /private/\n\nSitemap: ${origin}/sitemap.xml\n`);
    }
    if (path === "/sitemap.xml") {
      res.writeHead(200, { "content-type": "application/xml" });
      return res.end(
        `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${sitemapPaths
          .map((p) => `<url><loc>${origin}${p}</loc></url>`)
          .join("")}</urlset>`,
      );
    }
    if (path === "/loop-a" || path === "/loop-b") {
      res.writeHead(302, { location: path === "/loop-a" ? "/loop-b" : "/loop-a" });
      return res.end();
    }
    if (path === "/brochure.pdf") {
      res.writeHead(200, { "content-type": "application/pdf" });
      return res.end("%PDF-1.4 not a web page");
    }
    if (path === "/huge") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.write("<html><head><title>Huge</title></head><body><h1>Huge page</h1><p>HUGE START marker paragraph.</p>");
      const filler = `<p>${"filler text ".repeat(80)}</p>`;
      let sent = 0;
      const pump = () => {
        while (sent < HUGE_PAGE_BYTES) {
          sent += filler.length;
          if (!res.write(filler)) return void res.once("drain", pump);
        }
        res.end("<p>HUGE END marker paragraph.</p></body></html>");
      };
      res.on("error", () => undefined);
      return pump();
    }
    const html = pages.get(path);
    if (!html) {
      res.writeHead(404, { "content-type": "text/html" });
      return res.end("<h1>Not found</h1>");
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(html);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    hits,
    setPage: (path, html) => void pages.set(path, html),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
