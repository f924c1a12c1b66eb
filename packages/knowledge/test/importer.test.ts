// The website importer against a local sample site: sitemap + links, robots.txt,
// a redirect loop, a 10 MB page cut at the limit, a PDF, a 404, progress; and
// the failures an owner can cause (private or unreachable address, no pages).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { disconnectDb, forTenant } from "@articulate/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addWebsiteSource,
  importWebsite,
  KnowledgeInputError,
  reimportStaleWebsites,
  searchKnowledge,
} from "../src/index";
import { createTenantWithAgent } from "./fixtures";
import { type SampleSite, startSampleSite } from "./sample-site";

let site: SampleSite;
beforeAll(async () => {
  site = await startSampleSite();
});
afterAll(async () => {
  await site.close();
  await disconnectDb();
});

const LOCAL = { allowPrivateAddresses: true, maxPageBytes: 1024 * 1024 };

describe("importWebsite", () => {
  it("reads the sitemap and same-site links, obeys robots.txt, skips what it must and reports progress", async () => {
    const f = await createTenantWithAgent("import");
    const source = await addWebsiteSource(f.tenantId, f.agentId, { url: site.url });
    expect(source).toMatchObject({ kind: "WEBSITE", status: "PENDING", url: site.url });
    const done = await importWebsite(f.tenantId, source.id, LOCAL);

    expect(done.status).toBe("SUCCEEDED");
    const p = done.progress;
    if (!p) throw new Error("no progress");
    const skipped = Object.fromEntries(p.skipped.map((s) => [new URL(s.url).pathname, s.reason]));
    expect(skipped).toEqual({
      "/private/staff": "disallowed by robots.txt",
      "/loop-a": "redirect loop",
      "/brochure.pdf": "not a web page (application/pdf)",
      "/missing": "the server answered HTTP 404",
    });
    // /, services, fees, contact, huge (sitemap) + about (link only); off-site partner link ignored.
    expect(p.fetched).toBe(6);
    expect(p.found).toBe(6 + 4);
    expect(p.notes).toEqual([{ url: `${site.url}huge`, note: "cut off at 1024 KB" }]);
    expect(site.hits.get("/private/staff")).toBeUndefined();

    const passages = await forTenant(f.tenantId).knowledgePassage.findMany({ where: { sourceId: source.id } });
    expect(p.passages).toBe(passages.length);
    expect(done.passageCount).toBe(passages.length);
    const all = passages.map((x) => x.text).join("\n");
    expect(all).toContain("Wilson car park on Curtis Road");
    expect(all).toContain("HUGE START marker");
    expect(all).not.toContain("HUGE END marker");
    expect(all).not.toContain("SCRIPT TEXT");
    expect(all).not.toContain("color:red");
    // The footer repeats on every page but is stored once.
    expect(passages.filter((x) => x.text.includes("212 Darling Street")).length).toBe(1);
    const parking = passages.find((x) => x.text.includes("Wilson car park"));
    expect(parking).toMatchObject({ url: `${site.url}contact`, title: "Contact and parking", agentId: f.agentId });

    const found = await searchKnowledge(f.tenantId, f.agentId, "Where can I park?");
    expect(found.outcome).toBe("ANSWERED");
    expect(found.answers[0]).toMatchObject({ kind: "passage", url: `${site.url}contact` });
  });

  it("re-import replaces the passages with what the site says now", async () => {
    const f = await createTenantWithAgent("reimport");
    const s2 = await startSampleSite();
    try {
      const source = await addWebsiteSource(f.tenantId, f.agentId, { url: s2.url });
      await importWebsite(f.tenantId, source.id, LOCAL);
      s2.setPage(
        "/about",
        "<html><body><h1>Our team</h1><p>Dr Priya Nair joined the practice in 2026.</p></body></html>",
      );
      const again = await importWebsite(f.tenantId, source.id, LOCAL);
      expect(again.status).toBe("SUCCEEDED");
      const texts = (await forTenant(f.tenantId).knowledgePassage.findMany({ where: { sourceId: source.id } })).map(
        (x) => x.text,
      );
      expect(texts.join(" ")).toContain("Dr Priya Nair");
      expect(texts.join(" ")).not.toContain("Dr Mei Chen");
    } finally {
      await s2.close();
    }
  });

  it("the weekly refresh re-imports sources older than the cutoff, and only those", async () => {
    const f = await createTenantWithAgent("weekly");
    const source = await addWebsiteSource(f.tenantId, f.agentId, { url: site.url });
    await importWebsite(f.tenantId, source.id, LOCAL);
    const before = site.hits.get("/fees") ?? 0;
    const inAWeek = new Date(Date.now() + 8 * 86_400_000);
    const ran = await reimportStaleWebsites({ ...LOCAL, now: inAWeek });
    expect(ran).toContainEqual({ sourceId: source.id, status: "SUCCEEDED" });
    expect(site.hits.get("/fees") ?? 0).toBeGreaterThan(before);
    // Just re-imported: not due again this week.
    const again = await reimportStaleWebsites({ ...LOCAL, now: new Date(Date.now() + 86_400_000) });
    expect(again.map((r) => r.sourceId)).not.toContain(source.id);
  });

  it("stops at the page limit and says how many pages it left out", async () => {
    const f = await createTenantWithAgent("limit");
    const source = await addWebsiteSource(f.tenantId, f.agentId, { url: site.url });
    const done = await importWebsite(f.tenantId, source.id, { ...LOCAL, maxPages: 3 });
    expect(done.progress?.found).toBe(3);
    expect(done.progress?.notes.at(-1)?.note).toMatch(/^\d+ more pages beyond the 3-page limit$/);
  });

  it("refuses a private address in production mode, with the reason per page and overall", async () => {
    const f = await createTenantWithAgent("private");
    const source = await addWebsiteSource(f.tenantId, f.agentId, { url: site.url });
    const done = await importWebsite(f.tenantId, source.id, { allowPrivateAddresses: false });
    expect(done.status).toBe("FAILED");
    expect(done.error).toBe("Could not read 127.0.0.1: refused: 127.0.0.1 resolves to a private address (127.0.0.1)");
    expect(done.progress?.skipped).toEqual([
      { url: site.url, reason: "refused: 127.0.0.1 resolves to a private address (127.0.0.1)" },
    ]);
    expect(site.hits.size).toBeGreaterThan(0); // only the earlier tests' requests
  });

  it("reports an unreachable site, and a site with no readable pages", async () => {
    const f = await createTenantWithAgent("unreachable");
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const source = await addWebsiteSource(f.tenantId, f.agentId, { url: `http://127.0.0.1:${port}/` });
    const done = await importWebsite(f.tenantId, source.id, LOCAL);
    expect(done.status).toBe("FAILED");
    expect(done.error).toMatch(/^Could not read 127\.0\.0\.1: could not connect \(.*ECONNREFUSED/);

    const empty = await startSampleSite({ robots: "User-agent: *\nDisallow: /\n" });
    try {
      const s = await addWebsiteSource(f.tenantId, f.agentId, { url: empty.url });
      const r = await importWebsite(f.tenantId, s.id, LOCAL);
      expect(r.status).toBe("FAILED");
      expect(r.error).toBe("No readable pages found at 127.0.0.1");
      expect(r.progress?.skipped.every((x) => x.reason === "disallowed by robots.txt")).toBe(true);
    } finally {
      await empty.close();
    }
  });

  it("rejects addresses that are not web addresses, naming the field", async () => {
    const f = await createTenantWithAgent("badurl");
    for (const url of ["ftp://example.com", "https://user:pw@example.com", "", "http://"]) {
      const err = await addWebsiteSource(f.tenantId, f.agentId, { url }).catch((e) => e);
      expect(err, url).toBeInstanceOf(KnowledgeInputError);
      expect((err as KnowledgeInputError).field).toBe("url");
    }
    // A bare host gets https:// in front.
    const ok = await addWebsiteSource(f.tenantId, f.agentId, { url: "harbourdental.example.com.au" });
    expect(ok.url).toBe("https://harbourdental.example.com.au/");
  });
});
