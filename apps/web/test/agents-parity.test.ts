// The dashboard's agent editor and the public API share one agents module: the
// same settings are accepted or refused by both, for the same field, and both
// write the audit entry. Real PostgreSQL, the real action wrapper and route.
import crypto from "node:crypto";
import { forTenant, platformDb } from "@articulate/db";
import { beforeAll, describe, expect, it, vi } from "vitest";

const session = vi.hoisted(() => ({
  user: null as null | {
    id: string;
    email: string;
    name: string | null;
    emailVerified: Date | null;
    isPlatformAdmin: boolean;
  },
}));
vi.mock("@/lib/authz/session", () => ({ getSessionUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { updateAgentAction } = await import("@/modules/agents/actions");
const agentRoute = await import("@/app/api/v1/agents/[id]/route");
const { formFieldFor } = await import("@/modules/agents/lib/agent-form");
const { createApiTenant, callApi } = await import("./api-fixtures");

type Hours = Partial<Record<"mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun", { open: string; close: string }[]>>;

const VALID = {
  name: "Front desk",
  greeting: "Thanks for calling, how can I help?",
  instructions: "Answer questions about opening hours and take messages.",
  language: "en-AU",
  voice: "alloy",
  sttModel: "deepgram/nova-3",
  llmModel: "openai/gpt-4.1-mini",
  ttsModel: "deepgram/aura-2",
  timezone: "Australia/Sydney",
  holidayRegion: "AU-NSW" as string | null,
  businessHours: { mon: [{ open: "09:00", close: "17:00" }] } as Hours | null,
  afterHoursBehaviour: "TAKE_MESSAGE",
  afterHoursMessage: null as string | null,
  transferNumber: null as string | null,
  maxCallSeconds: 600,
  aiDisclosure: true,
};
type Settings = typeof VALID;

/** The same settings as the editor posts them. */
function asForm(s: Settings, slug: string, agentId: string): Record<string, string> {
  const form: Record<string, string> = {
    slug,
    agentId,
    name: s.name,
    greeting: s.greeting,
    instructions: s.instructions,
    language: s.language,
    voice: s.voice,
    sttModel: s.sttModel,
    llmModel: s.llmModel,
    ttsModel: s.ttsModel,
    timezone: s.timezone,
    holidayRegion: s.holidayRegion ?? "",
    afterHoursBehaviour: s.afterHoursBehaviour,
    afterHoursMessage: s.afterHoursMessage ?? "",
    transferNumber: s.transferNumber ?? "",
    maxCallMinutes: String(s.maxCallSeconds / 60),
  };
  if (s.aiDisclosure) form.aiDisclosure = "on";
  if (s.businessHours === null) form.alwaysOpen = "on";
  for (const [day, intervals] of Object.entries(s.businessHours ?? {})) {
    const first = intervals?.[0];
    if (!first) continue;
    form[`${day}_open`] = "on";
    form[`${day}_from`] = first.open;
    form[`${day}_to`] = first.close;
  }
  return form;
}

const CASES: { label: string; change: Partial<Settings>; refusedField?: string }[] = [
  { label: "valid settings", change: {} },
  { label: "a one-letter name", change: { name: "A" }, refusedField: "name" },
  { label: "a 61-character name", change: { name: "x".repeat(61) }, refusedField: "name" },
  { label: "a four-letter greeting", change: { greeting: "Hiya" }, refusedField: "greeting" },
  { label: "short instructions", change: { instructions: "Be nice" }, refusedField: "instructions" },
  { label: "a language not offered", change: { language: "fr-FR" }, refusedField: "language" },
  { label: "an unknown timezone", change: { timezone: "Mars/Olympus" }, refusedField: "timezone" },
  { label: "an unknown holiday region", change: { holidayRegion: "XX-YY" }, refusedField: "holidayRegion" },
  { label: "no holiday region", change: { holidayRegion: null } },
  {
    label: "after-hours transfer without a number",
    change: { afterHoursBehaviour: "TRANSFER", transferNumber: null },
    refusedField: "transferNumber",
  },
  {
    label: "after-hours transfer to a local number",
    change: { afterHoursBehaviour: "TRANSFER", transferNumber: "02 5550 1234" },
  },
  { label: "a transfer number that is not one", change: { transferNumber: "12345" }, refusedField: "transferNumber" },
  {
    label: "closing before opening",
    change: { businessHours: { tue: [{ open: "17:00", close: "09:00" }] } },
    refusedField: "businessHours.tue.0.close",
  },
  { label: "always open", change: { businessHours: null } },
  { label: "calls under a minute", change: { maxCallSeconds: 30 }, refusedField: "maxCallSeconds" },
  { label: "calls over an hour", change: { maxCallSeconds: 3660 }, refusedField: "maxCallSeconds" },
];

let t: Awaited<ReturnType<typeof createApiTenant>>;

beforeAll(async () => {
  t = await createApiTenant("agents-parity");
  const u = await platformDb().user.create({
    data: { email: `parity-${crypto.randomBytes(4).toString("hex")}@test.local` },
  });
  await platformDb().membership.create({ data: { tenantId: t.tenant.id, userId: u.id, role: "ADMIN" } });
  session.user = { id: u.id, email: u.email, name: null, emailVerified: null, isPlatformAdmin: false };
});

describe("dashboard and API accept and refuse the same agent settings", () => {
  for (const c of CASES) {
    it(`${c.label}: ${c.refusedField ? `both refuse ${c.refusedField}` : "both accept"}`, async () => {
      const settings = { ...VALID, ...c.change };
      const tdb = forTenant(t.tenant.id);
      const api = await callApi(agentRoute.PATCH, {
        key: t.secret,
        method: "PATCH",
        path: `/agents/${t.agent.id}`,
        params: { id: t.agent.id },
        body: settings,
      });
      const afterApi = await tdb.agent.findFirstOrThrow({ where: { id: t.agent.id } });
      const dashboard = await updateAgentAction({ status: "idle" }, asForm(settings, t.tenant.slug, t.agent.id));
      const afterDashboard = await tdb.agent.findFirstOrThrow({ where: { id: t.agent.id } });

      if (c.refusedField) {
        expect(api.status).toBe(400);
        const apiFields = ((api.json?.error.details.fields ?? []) as { field: string }[]).map((f) => f.field);
        expect(apiFields).toContain(c.refusedField);
        expect(dashboard).toMatchObject({ status: "error", code: 400 });
        const formFields = Object.keys((dashboard as { fieldErrors?: Record<string, string> }).fieldErrors ?? {});
        expect(formFields).toContain(formFieldFor(c.refusedField));
        // Refused means nothing written by either.
        expect(afterApi.updatedAt).toEqual(afterDashboard.updatedAt);
      } else {
        expect(api.status).toBe(200);
        expect(dashboard).toMatchObject({ status: "success" });
        // Both stored the same agent.
        const { updatedAt: _a, ...viaApi } = afterApi;
        const { updatedAt: _d, ...viaDashboard } = afterDashboard;
        expect(viaDashboard).toEqual(viaApi);
      }
    });
  }

  it("both write the audit entry, naming who changed the agent", async () => {
    const entries = await forTenant(t.tenant.id).auditLog.findMany({
      where: { action: "agent.updated", targetId: t.agent.id },
      select: { actorType: true },
    });
    const actors = new Set(entries.map((e) => e.actorType));
    expect(actors).toEqual(new Set(["api_key", "user"]));
  });

  it("a local transfer number is stored in E.164 either way", async () => {
    const stored = await forTenant(t.tenant.id).agent.findFirstOrThrow({ where: { id: t.agent.id } });
    expect(stored.transferNumber === null || stored.transferNumber.startsWith("+61")).toBe(true);
  });
});

// "Custom…" models are operators-only: the editor offers it to platform admins, and the
// action refuses a model outside the supported list from anyone else (a forged form).
describe("custom models are for operators", () => {
  it("the model field offers Custom… only when allowed", async () => {
    const { renderToStaticMarkup } = await import("react-dom/server");
    const { createElement } = await import("react");
    const { ModelField } = await import("@/modules/agents/components/model-field");
    const { SUPPORTED_MODELS } = await import("@/modules/agents/lib/models");
    const field = (allowCustom: boolean) =>
      renderToStaticMarkup(
        createElement(ModelField, {
          name: "llmModel",
          label: "Language model",
          options: SUPPORTED_MODELS.llmModel,
          defaultValue: "openai/gpt-4.1-mini",
          allowCustom,
        }),
      );
    expect(field(true)).toContain("Custom…");
    expect(field(false)).not.toContain("Custom…");
  });

  it("an owner's forged custom model is a field error and nothing is written; an operator's is saved", async () => {
    const tdb = forTenant(t.tenant.id);
    const owner = session.user;
    const ok = await updateAgentAction({ status: "idle" }, asForm(VALID, t.tenant.slug, t.agent.id));
    expect(ok).toMatchObject({ status: "success" });
    const before = await tdb.agent.findFirstOrThrow({ where: { id: t.agent.id } });

    const forged = { ...VALID, llmModel: "acme/secret-model-9" };
    const refused = await updateAgentAction({ status: "idle" }, asForm(forged, t.tenant.slug, t.agent.id));
    expect(refused).toMatchObject({
      status: "error",
      code: 400,
      fieldErrors: { llmModel: "Choose a model from the list." },
    });
    expect((await tdb.agent.findFirstOrThrow({ where: { id: t.agent.id } })).updatedAt).toEqual(before.updatedAt);

    const a = await platformDb().user.create({
      data: { email: `operator-${crypto.randomBytes(4).toString("hex")}@test.local`, isPlatformAdmin: true },
    });
    await platformDb().membership.create({ data: { tenantId: t.tenant.id, userId: a.id, role: "ADMIN" } });
    session.user = { id: a.id, email: a.email, name: null, emailVerified: null, isPlatformAdmin: true };
    try {
      const saved = await updateAgentAction({ status: "idle" }, asForm(forged, t.tenant.slug, t.agent.id));
      expect(saved).toMatchObject({ status: "success" });
      expect((await tdb.agent.findFirstOrThrow({ where: { id: t.agent.id } })).llmModel).toBe("acme/secret-model-9");
    } finally {
      session.user = owner;
    }

    // The owner can still save the agent with the operator's model kept as it is, but not pick another custom one.
    const kept = await updateAgentAction(
      { status: "idle" },
      asForm({ ...forged, name: "Front desk 2" }, t.tenant.slug, t.agent.id),
    );
    expect(kept).toMatchObject({ status: "success" });
    const other = await updateAgentAction(
      { status: "idle" },
      asForm({ ...VALID, ttsModel: "acme/voice-1" }, t.tenant.slug, t.agent.id),
    );
    expect(other).toMatchObject({ status: "error", fieldErrors: { ttsModel: "Choose a model from the list." } });
  });
});
