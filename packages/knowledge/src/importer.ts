// Website import: the owner's site address becomes passages with their source
// URLs. Pages come from the sitemap (robots.txt Sitemap lines, else
// /sitemap.xml) and from same-site links, up to a page limit; robots.txt is
// obeyed; each page is fetched with fetchPage's limits; only HTML is read.
// Progress (found, fetched, skipped with reason, passages) is written to the
// source row as the import runs. The passages are swapped in at the end in
// one transaction; a failed re-import keeps the previous passages.
import { forTenant, platformDb } from "@articulate/db";
import { z } from "zod";
import { KnowledgeInputError, KnowledgeNotFoundError } from "./errors";
import { assertTenantAgent } from "./faq";
import { type FetchLimits, fetchPage } from "./fetch-page";
import { extractReadableText } from "./html";
import { parseKnowledgeInput } from "./input";
import { splitIntoPassages } from "./passages";
import { ALLOW_ALL, parseRobots, type RobotsRules } from "./robots";
import {
  getKnowledgeSource,
  type ImportProgress,
  type KnowledgeSourceView,
  type PassageToStore,
  replacePassages,
} from "./sources";

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 200;
export const DEFAULT_PAGE_BYTES = 2 * 1024 * 1024;

export interface ImportWebsiteOptions {
  maxPages?: number;
  maxPageBytes?: number;
  pageTimeoutMs?: number;
  /** The whole import stops discovering new pages after this long. */
  totalTimeoutMs?: number;
  concurrency?: number;
  /** Loopback/private addresses allowed: local stacks and tests only; production refuses them. */
  allowPrivateAddresses?: boolean;
}

const HTML = /^(text\/html|application\/xhtml\+xml)$/;
const XML = /^(application|text)\/xml$|\+xml$|^text\/plain$/;
const TEXT = /^text\/plain$/;
const MAX_REDIRECTS = 5;

export const websiteInputSchema = z
  .object({
    url: z
      .string()
      .trim()
      .min(1, "is required")
      .max(2000)
      .transform((s) => (/^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `https://${s}`))
      .pipe(
        z.url({ protocol: /^https?$/, error: "must be a web address such as https://example.com.au" }).refine((s) => {
          const u = URL.canParse(s) ? new URL(s) : null;
          return u !== null && !u.username && !u.password;
        }, "must be a web address without a user name or password"),
      ),
  })
  .strict();

function siteKey(host: string): string {
  return host.toLowerCase().replace(/^www\./, "");
}

function normalise(href: string, base: URL): URL | null {
  try {
    const u = new URL(href, base);
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    u.hash = "";
    return u;
  } catch {
    return null;
  }
}

/** Adds a website source (status PENDING) for the agent; importWebsite fills it. */
export async function addWebsiteSource(
  tenantId: string,
  agentId: string,
  input: { url: string },
): Promise<KnowledgeSourceView> {
  const i = parseKnowledgeInput(websiteInputSchema, input);
  await assertTenantAgent(tenantId, agentId);
  const url = new URL(i.url);
  url.hash = "";
  const tdb = forTenant(tenantId);
  const existing = await tdb.knowledgeSource.findFirst({
    where: { agentId, kind: "WEBSITE", url: url.toString() },
    select: { id: true },
  });
  if (existing) throw new KnowledgeInputError("url", "url: this website is already imported for this agent");
  const source = await tdb.knowledgeSource.create({
    data: { tenantId, agentId, kind: "WEBSITE", title: url.hostname, url: url.toString() },
    select: { id: true },
  });
  return getKnowledgeSource(tenantId, source.id);
}

async function loadRobots(origin: URL, limits: FetchLimits): Promise<RobotsRules> {
  const r = await fetchPage(new URL("/robots.txt", origin), TEXT, limits);
  return r.kind === "ok" ? parseRobots(r.body.toString("utf8")) : ALLOW_ALL;
}

/** Page addresses listed by the site's sitemaps (a sitemap index is followed one level). */
async function loadSitemapUrls(origin: URL, robots: RobotsRules, limits: FetchLimits, cap: number): Promise<string[]> {
  const queue = robots.sitemaps.length ? [...robots.sitemaps] : [new URL("/sitemap.xml", origin).toString()];
  const pages: string[] = [];
  for (let n = 0; n < queue.length && n < 6 && pages.length < cap; n++) {
    const url = normalise(queue[n] ?? "", origin);
    if (!url || siteKey(url.hostname) !== siteKey(origin.hostname)) continue;
    const r = await fetchPage(url, XML, limits);
    if (r.kind !== "ok") continue;
    const xml = r.body.toString("utf8");
    const locs = [...xml.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/gi)].map((m) =>
      (m[1] ?? "").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">"),
    );
    if (/<sitemapindex/i.test(xml)) queue.push(...locs);
    else pages.push(...locs);
  }
  return pages;
}

interface Crawl {
  progress: ImportProgress;
  passages: PassageToStore[];
  /** Why nothing could be read, when nothing could. */
  failure: string | null;
}

export async function crawlWebsite(start: URL, o: ImportWebsiteOptions = {}, onProgress?: (p: ImportProgress) => void) {
  const maxPages = Math.min(Math.max(o.maxPages ?? DEFAULT_PAGE_LIMIT, 1), MAX_PAGE_LIMIT);
  const limits: FetchLimits = {
    maxBytes: o.maxPageBytes ?? DEFAULT_PAGE_BYTES,
    timeoutMs: o.pageTimeoutMs ?? 10_000,
    allowPrivateAddresses: o.allowPrivateAddresses ?? false,
  };
  const deadline = Date.now() + (o.totalTimeoutMs ?? 300_000);
  const progress: ImportProgress = { found: 0, fetched: 0, skipped: [], notes: [], passages: 0 };
  const passages: PassageToStore[] = [];
  const seenText = new Set<string>();
  const site = siteKey(start.hostname);
  const robots = await loadRobots(start, limits);
  const seen = new Set<string>();
  const queue: URL[] = [];
  let beyondLimit = 0;
  const enqueue = (u: URL | null) => {
    if (!u || siteKey(u.hostname) !== site) return;
    const key = u.toString();
    if (seen.has(key)) return;
    seen.add(key);
    if (seen.size > maxPages) {
      beyondLimit++;
      return;
    }
    progress.found++;
    queue.push(u);
  };
  enqueue(start);
  for (const loc of await loadSitemapUrls(start, robots, limits, maxPages * 4)) enqueue(normalise(loc, start));

  const skip = (url: URL, reason: string) => progress.skipped.push({ url: url.toString(), reason });
  let startRefusal: string | null = null;

  const visit = async (first: URL) => {
    let url = first;
    const chain = new Set<string>([url.toString()]);
    for (let hop = 0; ; hop++) {
      if (!robots.allowed(url.pathname + url.search)) return skip(first, "disallowed by robots.txt");
      const r = await fetchPage(url, HTML, limits);
      if (r.kind === "refused") {
        if (first === start) startRefusal = r.reason;
        return skip(first, r.reason);
      }
      if (r.kind === "redirect") {
        const next = normalise(r.location, url);
        if (!next) return skip(first, "redirects to an address that is not a web page");
        if (siteKey(next.hostname) !== site) return skip(first, `redirects off the site (${next.hostname})`);
        if (chain.has(next.toString())) return skip(first, "redirect loop");
        if (hop + 1 >= MAX_REDIRECTS) return skip(first, "too many redirects");
        chain.add(next.toString());
        // The target is read here; the crawl does not visit it again.
        seen.add(next.toString());
        url = next;
        continue;
      }
      const page = extractReadableText(r.body.toString("utf8"));
      if (r.truncated) {
        progress.notes.push({ url: url.toString(), note: `cut off at ${Math.round(limits.maxBytes / 1024)} KB` });
      }
      for (const href of page.links) enqueue(normalise(href, url));
      if (page.noindex) return skip(first, "the page asks not to be indexed");
      if (!page.blocks.some((b) => !b.heading)) return skip(first, "no readable text");
      // Headers and footers repeat on every page: each paragraph is kept once, where first seen.
      const fresh = page.blocks.filter((b) => b.heading || !seenText.has(b.text));
      for (const b of fresh) if (!b.heading) seenText.add(b.text);
      const drafts = splitIntoPassages(fresh);
      for (const d of drafts) passages.push({ heading: d.heading || page.title, text: d.text, url: url.toString() });
      progress.fetched++;
      progress.passages += drafts.length;
      return;
    }
  };

  const concurrency = Math.min(Math.max(o.concurrency ?? 4, 1), 8);
  const running = new Set<Promise<void>>();
  while (queue.length > 0 || running.size > 0) {
    while (queue.length > 0 && running.size < concurrency && Date.now() < deadline) {
      const next = queue.shift() as URL;
      const p: Promise<void> = visit(next).then(() => {
        running.delete(p);
        onProgress?.(progress);
      });
      running.add(p);
    }
    if (running.size === 0) break;
    await Promise.race(running);
  }
  for (const left of queue) skip(left, "the import ran out of time");
  if (beyondLimit > 0) {
    progress.notes.push({ url: start.toString(), note: `${beyondLimit} more pages beyond the ${maxPages}-page limit` });
  }
  let failure: string | null = null;
  if (progress.fetched === 0) {
    failure = startRefusal
      ? `Could not read ${start.hostname}: ${startRefusal}`
      : `No readable pages found at ${start.hostname}`;
  }
  return { progress, passages, failure } satisfies Crawl;
}

/**
 * Imports (or re-imports) a website source now. Idempotent: running it again
 * replaces the passages with what the site holds now. Returns the progress.
 */
export async function importWebsite(
  tenantId: string,
  sourceId: string,
  o: ImportWebsiteOptions = {},
): Promise<KnowledgeSourceView> {
  const tdb = forTenant(tenantId);
  const source = await tdb.knowledgeSource.findFirst({
    where: { id: sourceId, kind: "WEBSITE" },
    select: { id: true, agentId: true, url: true },
  });
  if (!source?.url) throw new KnowledgeNotFoundError("source");
  await tdb.knowledgeSource.updateMany({
    where: { id: source.id },
    data: { status: "RUNNING", error: null, progress: { found: 0, fetched: 0, skipped: [], notes: [], passages: 0 } },
  });
  let lastWrite = 0;
  let writing: Promise<unknown> = Promise.resolve();
  const onProgress = (p: ImportProgress) => {
    const now = Date.now();
    if (now - lastWrite < 500) return;
    lastWrite = now;
    const snapshot = structuredClone(p);
    writing = writing.then(() =>
      tdb.knowledgeSource
        .updateMany({ where: { id: source.id, status: "RUNNING" }, data: { progress: snapshot as object } })
        .catch(() => undefined),
    );
  };
  try {
    const crawl = await crawlWebsite(new URL(source.url), o, onProgress);
    await writing;
    if (crawl.failure) {
      await tdb.knowledgeSource.updateMany({
        where: { id: source.id },
        data: { status: "FAILED", error: crawl.failure, progress: crawl.progress as object },
      });
    } else {
      await replacePassages(tenantId, source, crawl.passages);
      await tdb.knowledgeSource.updateMany({
        where: { id: source.id },
        data: { status: "SUCCEEDED", progress: crawl.progress as object, lastImportedAt: new Date() },
      });
    }
  } catch (err) {
    await writing;
    await tdb.knowledgeSource.updateMany({
      where: { id: source.id },
      data: { status: "FAILED", error: `The import stopped: ${err instanceof Error ? err.message : String(err)}` },
    });
    throw err;
  }
  return getKnowledgeSource(tenantId, source.id);
}

/**
 * Re-imports every website source not imported for `olderThanDays` (weekly
 * refresh), one at a time. Idempotent: a source just re-imported is skipped by
 * the next run. Meant for the job system; until it exists, run the CLI on a schedule.
 */
export async function reimportStaleWebsites(
  o: ImportWebsiteOptions & { olderThanDays?: number; now?: Date } = {},
): Promise<{ sourceId: string; status: string }[]> {
  const cutoff = new Date((o.now ?? new Date()).getTime() - (o.olderThanDays ?? 7) * 86_400_000);
  // Deliberately cross-tenant (platform work): find the due sources, then import each within its tenant.
  const due = await platformDb().knowledgeSource.findMany({
    where: {
      kind: "WEBSITE",
      status: { not: "RUNNING" },
      OR: [{ lastImportedAt: null }, { lastImportedAt: { lt: cutoff } }],
    },
    orderBy: { lastImportedAt: { sort: "asc", nulls: "first" } },
    select: { id: true, tenantId: true },
  });
  const results: { sourceId: string; status: string }[] = [];
  for (const s of due) {
    const done = await importWebsite(s.tenantId, s.id, o).catch(() => null);
    results.push({ sourceId: s.id, status: done?.status ?? "FAILED" });
  }
  return results;
}
