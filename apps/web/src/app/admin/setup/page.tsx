// Platform setup, for operators only: every integration this installation can
// use, whether it is configured, and the exact environment variables (the one
// page of the product that names them; owners see plain-language states).
import { analysisConfigFromEnv } from "@articulate/calls";
import { billingRules } from "@articulate/config";
import { Badge, Card, PageHeader } from "@/components/ui/layout";
import { featureFlags, type WebFeature, webFeatures } from "@/env";
import { requirePlatformAdmin } from "@/lib/authz/platform";

export const dynamic = "force-dynamic";
export const metadata = { title: "Platform setup" };

/** What each integration unlocks for owners, and where the README explains it. */
const ABOUT: Record<WebFeature, { unlocks: string; readme: string }> = {
  livekit: {
    unlocks: "Phone numbers reaching agents, outbound calls and voice test calls in the browser.",
    readme: "Docker Compose and a softphone",
  },
  stripe: { unlocks: "Paid plans, checkout, invoices and metered usage.", readme: "Billing" },
  telnyx: { unlocks: "Buying Australian numbers from Telnyx.", readme: "Phone numbers" },
  twilio: { unlocks: "Buying Australian numbers from Twilio.", readme: "Phone numbers" },
  email: {
    unlocks: "Sending verification, reset and invitation e-mails, and message notifications.",
    readme: "Environment variables",
  },
  recordings: {
    unlocks: "Call recordings (LiveKit Egress to S3-compatible storage), playback and retention.",
    readme: "Call recordings",
  },
  sms: {
    unlocks: "Text-message notifications of new messages to members.",
    readme: "Messages inbox and notifications",
  },
  credentialEncryption: {
    unlocks: "Bring-your-own carrier credentials and webhook signing secrets.",
    readme: "Environment variables",
  },
  authSecret: { unlocks: "A production session secret.", readme: "Environment variables" },
  modelProvider: {
    unlocks: "Talking to an agent by text on its page (a test call through the real receptionist).",
    readme: "Talk to your agent (text)",
  },
};

export default async function PlatformSetupPage() {
  await requirePlatformAdmin();
  const flags = featureFlags();
  const analysis = analysisConfigFromEnv();
  const rules = billingRules();
  const rows: Array<{
    key: string;
    label: string;
    enabled: boolean;
    vars: readonly string[];
    missing: string[];
    unlocks: string;
    readme: string;
  }> = (Object.keys(webFeatures) as WebFeature[]).map((key) => ({
    key,
    label: flags[key].label,
    enabled: flags[key].enabled,
    vars: webFeatures[key].vars,
    missing: flags[key].missing,
    ...ABOUT[key],
  }));
  rows.push({
    key: "analysis",
    label: "Call summaries and outcomes (OpenAI-compatible LLM)",
    enabled: analysis !== null,
    vars: ["OPENAI_API_KEY", "OPENAI_BASE_URL", "ANALYSIS_MODEL"],
    missing: analysis ? [] : ["OPENAI_API_KEY"],
    unlocks: "A summary and an outcome on every call; the overview's outcome breakdown.",
    readme: "Environment variables",
  });
  const configured = rows.filter((r) => r.enabled).length;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Platform setup"
        description={`${configured} of ${rows.length} integrations configured on this web server. Set variables in .env (see .env.example) and restart.`}
      />
      <Card title="Integrations">
        <ul className="divide-y divide-slate-100">
          {rows.map((r) => (
            <li key={r.key} className="space-y-1 py-3 text-sm">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="font-medium">{r.label}</span>
                <Badge tone={r.enabled ? "green" : "yellow"}>{r.enabled ? "Configured" : "Missing"}</Badge>
              </div>
              <p className="text-slate-600">{r.unlocks}</p>
              <p className="text-xs text-slate-600">
                Variables:{" "}
                {r.vars.map((v, i) => (
                  <span key={v}>
                    {i > 0 ? ", " : ""}
                    <code className={r.missing.includes(v) ? "font-semibold text-amber-800" : ""}>{v}</code>
                  </span>
                ))}
                {r.missing.length > 0 ? ` — missing: ${r.missing.join(", ")}` : ""} · README: “{r.readme}”
              </p>
            </li>
          ))}
        </ul>
      </Card>
      <Card title="Billing rules">
        <p className="text-sm text-slate-700">
          Answered calls shorter than <strong>{rules.shortCallSeconds} s</strong> are not billed (
          <code>BILLING_SHORT_CALL_SECONDS</code>, default 10; 0 bills every answered call). Test calls, blocked callers
          and calls refused while a tenant is suspended are never billed.
        </p>
      </Card>
      <p className="text-xs text-slate-500">
        The agent worker checks its own model-provider keys (<code>OPENAI_API_KEY</code>, <code>DEEPGRAM_API_KEY</code>,{" "}
        <code>CARTESIA_API_KEY</code> or <code>ELEVENLABS_API_KEY</code>) at start and logs what is missing.
      </p>
    </div>
  );
}
