// /api/v1 knowledge: FAQ entries and sources read and written with an API key,
// field errors (duplicate question, bad website address), HTML kept as text,
// and another tenant's agent, entry or source answering 404.
import { beforeAll, describe, expect, it } from "vitest";
import * as agentFaqRoute from "@/app/api/v1/agents/[id]/faq/route";
import * as agentSourcesRoute from "@/app/api/v1/agents/[id]/knowledge-sources/route";
import * as faqRoute from "@/app/api/v1/faq/[id]/route";
import * as sourceImportRoute from "@/app/api/v1/knowledge-sources/[id]/import/route";
import * as sourceRoute from "@/app/api/v1/knowledge-sources/[id]/route";
import { faqEntryListSchema, faqEntrySchema, knowledgeSourceSchema } from "@/modules/public-api/knowledge";
import { callApi, createApiTenant } from "./api-fixtures";

let a: Awaited<ReturnType<typeof createApiTenant>>;
let b: Awaited<ReturnType<typeof createApiTenant>>;
beforeAll(async () => {
  a = await createApiTenant("kn-api-a");
  b = await createApiTenant("kn-api-b");
});

describe("FAQ entries through the API", () => {
  it("creates, lists, updates and deletes; duplicates and bad input are field errors", async () => {
    const params = { id: a.agent.id };
    const answer = "<b>Yes</b> — street parking on Darling St <script>x()</script>";
    const created = await callApi(agentFaqRoute.POST, {
      key: a.secret,
      method: "POST",
      path: `/agents/${a.agent.id}/faq`,
      params,
      body: { question: "Is there parking?", alternatives: ["Where can I park?"], answer },
    });
    expect(created.status).toBe(201);
    const entry = faqEntrySchema.parse(created.json);
    expect(entry).toMatchObject({ question: "Is there parking?", answer, enabled: true, position: 0 });

    const dup = await callApi(agentFaqRoute.POST, {
      key: a.secret,
      method: "POST",
      params,
      body: { question: "is there PARKING", answer: "x" },
    });
    expect(dup.status).toBe(400);
    expect(dup.json?.error).toMatchObject({
      code: "validation_failed",
      details: { fields: [{ field: "question", message: expect.stringContaining("already exists") }] },
    });
    const bad = await callApi(agentFaqRoute.POST, { key: a.secret, method: "POST", params, body: { question: "q" } });
    expect(bad.status).toBe(400);
    expect(bad.json?.error.details.fields[0].field).toBe("answer");

    const list = await callApi(agentFaqRoute.GET, { key: a.secret, params });
    expect(faqEntryListSchema.parse(list.json).data.map((e) => e.id)).toEqual([entry.id]);

    const patched = await callApi(faqRoute.PATCH, {
      key: a.secret,
      method: "PATCH",
      params: { id: entry.id },
      body: { enabled: false },
    });
    expect(patched.status).toBe(200);
    expect(patched.json?.enabled).toBe(false);
    expect((await callApi(faqRoute.DELETE, { key: a.secret, method: "DELETE", params: { id: entry.id } })).status).toBe(
      204,
    );
    expect((await callApi(faqRoute.GET, { key: a.secret, params: { id: entry.id } })).status).toBe(404);
  });

  it("never shows or changes another tenant's knowledge", async () => {
    const mine = await callApi(agentFaqRoute.POST, {
      key: b.secret,
      method: "POST",
      params: { id: b.agent.id },
      body: { question: "B's secret?", answer: "Only for B." },
    });
    const bEntry = mine.json?.id as string;
    expect((await callApi(agentFaqRoute.GET, { key: a.secret, params: { id: b.agent.id } })).status).toBe(404);
    expect(
      (
        await callApi(agentFaqRoute.POST, {
          key: a.secret,
          method: "POST",
          params: { id: b.agent.id },
          body: { question: "x", answer: "y" },
        })
      ).status,
    ).toBe(404);
    expect((await callApi(faqRoute.GET, { key: a.secret, params: { id: bEntry } })).status).toBe(404);
    expect(
      (await callApi(faqRoute.PATCH, { key: a.secret, method: "PATCH", params: { id: bEntry }, body: { answer: "z" } }))
        .status,
    ).toBe(404);
    expect((await callApi(faqRoute.DELETE, { key: a.secret, method: "DELETE", params: { id: bEntry } })).status).toBe(
      404,
    );
    expect((await callApi(faqRoute.GET, { key: b.secret, params: { id: bEntry } })).json?.answer).toBe("Only for B.");
  });
});

describe("knowledge sources through the API", () => {
  it("adds a text document at once and a website in the background; 404 across tenants", async () => {
    const params = { id: a.agent.id };
    const text = await callApi(agentSourcesRoute.POST, {
      key: a.secret,
      method: "POST",
      params,
      body: { type: "text", title: "Fees.md", text: "# Fees\nA check-up and clean is $245." },
    });
    expect(text.status).toBe(201);
    expect(knowledgeSourceSchema.parse(text.json)).toMatchObject({
      type: "text",
      status: "SUCCEEDED",
      passageCount: 1,
    });

    const badUrl = await callApi(agentSourcesRoute.POST, {
      key: a.secret,
      method: "POST",
      params,
      body: { type: "website", url: "ftp://example.com" },
    });
    expect(badUrl.status).toBe(400);
    expect(badUrl.json?.error.details.fields[0].field).toBe("url");

    // A closed local port: the background import fails fast with the reason on the source.
    const site = await callApi(agentSourcesRoute.POST, {
      key: a.secret,
      method: "POST",
      params,
      body: { type: "website", url: "http://127.0.0.1:9/" },
    });
    expect(site.status).toBe(201);
    const siteId = site.json?.id as string;
    let state = site.json;
    for (let i = 0; i < 100 && !["FAILED", "SUCCEEDED"].includes(state?.status); i++) {
      await new Promise((r) => setTimeout(r, 100));
      state = (await callApi(sourceRoute.GET, { key: a.secret, params: { id: siteId } })).json;
    }
    expect(state).toMatchObject({ status: "FAILED", error: expect.stringMatching(/^Could not read 127\.0\.0\.1/) });
    const again = await callApi(sourceImportRoute.POST, { key: a.secret, method: "POST", params: { id: siteId } });
    expect(again.status).toBe(202);
    const textReimport = await callApi(sourceImportRoute.POST, {
      key: a.secret,
      method: "POST",
      params: { id: text.json?.id },
    });
    expect(textReimport.status).toBe(400);

    const list = await callApi(agentSourcesRoute.GET, { key: a.secret, params });
    expect(list.json?.data).toHaveLength(2);
    expect((await callApi(sourceRoute.GET, { key: b.secret, params: { id: siteId } })).status).toBe(404);
    expect(
      (await callApi(sourceRoute.DELETE, { key: b.secret, method: "DELETE", params: { id: siteId } })).status,
    ).toBe(404);
    expect((await callApi(agentSourcesRoute.GET, { key: b.secret, params })).status).toBe(404);
    expect(
      (await callApi(sourceRoute.DELETE, { key: a.secret, method: "DELETE", params: { id: siteId } })).status,
    ).toBe(204);
  });
});
