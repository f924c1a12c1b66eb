// Post-call analysis: a short summary and an outcome per finished call, from an
// OpenAI-compatible chat completions endpoint (../model-provider) when OPENAI_API_KEY is set
// (OPENAI_BASE_URL points it elsewhere, e.g. a local fake in tests), otherwise
// the call is marked NOT_ANALYSED. The result and the call.analyzed webhook are
// written in one transaction, once: a racing second analysis writes nothing.
import { analysisEnv, modelProviderConfig } from "@articulate/config";
import { type CallOutcome, forTenant, platformDb, rollUpCallOutcome } from "@articulate/db";
import { callAnalyzedEventData, enqueueTenantEvent } from "@articulate/webhooks";
import { z } from "zod";
import { chatCompletion, ModelRequestError } from "../model-provider";

export const CALL_OUTCOMES = [
  "RESOLVED",
  "MESSAGE_TAKEN",
  "TRANSFERRED",
  "SPAM",
  "ABANDONED",
  "OTHER",
] as const satisfies readonly CallOutcome[];

export interface AnalysisConfig {
  apiKey: string;
  baseUrl: string;
  model: string;
  timeoutMs: number;
}

/** The analysis endpoint from the environment (parsed by @articulate/config), or null without OPENAI_API_KEY. */
export function analysisConfigFromEnv(source?: Record<string, string | undefined>): AnalysisConfig | null {
  const e = analysisEnv(source);
  const provider = modelProviderConfig(e);
  if (!provider) return null;
  return { ...provider, model: e.ANALYSIS_MODEL, timeoutMs: e.ANALYSIS_TIMEOUT_MS };
}

const analysisResultSchema = z.object({
  summary: z.string().trim().min(1).max(1000),
  outcome: z.enum(CALL_OUTCOMES),
});

const SYSTEM_PROMPT = [
  "You review phone calls answered by an AI receptionist for a small business.",
  "Write a summary of at most two sentences for the business owner, and pick one outcome:",
  "RESOLVED (the caller's need was met), MESSAGE_TAKEN (a message was taken for a callback),",
  "TRANSFERRED (handed to a human), SPAM (sales, robocall or nonsense), ABANDONED (the caller left before anything useful happened), OTHER.",
].join(" ");

// Transient model failures (rate limit, server error, network) are retried by a later run; the rest fail the analysis.
async function requestAnalysis(config: AnalysisConfig, transcript: string, facts: string[], fetchImpl: typeof fetch) {
  const message = await chatCompletion(
    { apiKey: config.apiKey, baseUrl: config.baseUrl },
    {
      model: config.model,
      temperature: 0,
      messages: [
        { role: "system", content: SYSTEM_PROMPT },
        { role: "user", content: `${facts.join("\n")}\n\nTranscript:\n${transcript}` },
      ],
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "call_analysis",
          strict: true,
          schema: {
            type: "object",
            properties: { summary: { type: "string" }, outcome: { type: "string", enum: [...CALL_OUTCOMES] } },
            required: ["summary", "outcome"],
            additionalProperties: false,
          },
        },
      },
    },
    { timeoutMs: config.timeoutMs, fetch: fetchImpl },
  );
  if (message.refusal || !message.content)
    throw new ModelRequestError(`model refused: ${message.refusal ?? "empty answer"}`, false);
  let json: unknown;
  try {
    json = JSON.parse(message.content);
  } catch {
    throw new ModelRequestError("model answer was not JSON", false);
  }
  const result = analysisResultSchema.safeParse(json);
  if (!result.success)
    throw new ModelRequestError(`model answer did not match the schema: ${result.error.issues[0]?.message}`, false);
  return result.data;
}

export type AnalyzeCallResult =
  | { status: "ANALYSED"; summary: string; outcome: CallOutcome }
  | { status: "NOT_ANALYSED" | "FAILED"; reason: string }
  | { status: "RETRY_LATER"; reason: string }
  | { status: "SKIPPED"; reason: "not_found" | "not_finished" | "already_done" };

/** Give up retrying transient model failures this long after the call ended. */
const RETRY_WINDOW_MS = 60 * 60 * 1000;

export async function analyzeCall(
  tenantId: string,
  callId: string,
  options: { config?: AnalysisConfig | null; fetch?: typeof fetch; now?: Date } = {},
): Promise<AnalyzeCallResult> {
  const config = options.config === undefined ? analysisConfigFromEnv() : options.config;
  const tdb = forTenant(tenantId);
  const call = await tdb.call.findFirst({
    where: { id: callId },
    include: {
      segments: { where: { tenantId }, orderBy: { sequence: "asc" }, select: { speaker: true, text: true } },
      messages: { where: { tenantId }, select: { id: true } },
    },
  });
  if (!call) return { status: "SKIPPED", reason: "not_found" };
  if (!call.endedAt) return { status: "SKIPPED", reason: "not_finished" };
  if (call.analysisStatus !== "PENDING") return { status: "SKIPPED", reason: "already_done" };

  let outcome: {
    analysisStatus: "ANALYSED" | "NOT_ANALYSED" | "FAILED";
    summary: string | null;
    outcome: CallOutcome | null;
    reason?: string;
  };
  if (!config) {
    outcome = {
      analysisStatus: "NOT_ANALYSED",
      summary: null,
      outcome: null,
      reason: "no model configured (OPENAI_API_KEY)",
    };
  } else if (!call.segments.some((s) => s.speaker === "CALLER")) {
    // Nothing the caller said: no need to ask a model.
    outcome = {
      analysisStatus: "ANALYSED",
      summary: "The caller did not say anything before the call ended.",
      outcome: "ABANDONED",
    };
  } else {
    const transcript = call.segments
      .map((s) => `${s.speaker === "CALLER" ? "Caller" : s.speaker === "AGENT" ? "Agent" : "System"}: ${s.text}`)
      .join("\n");
    const facts = [
      `Direction: ${call.direction.toLowerCase()}`,
      `End reason: ${call.endReason ?? "unknown"}`,
      `Messages taken during the call: ${call.messages.length}`,
    ];
    try {
      const r = await requestAnalysis(config, transcript, facts, options.fetch ?? fetch);
      outcome = { analysisStatus: "ANALYSED", summary: r.summary, outcome: r.outcome };
    } catch (err) {
      const e = err instanceof ModelRequestError ? err : new ModelRequestError(String(err), false);
      const now = options.now ?? new Date();
      if (e.transient && now.getTime() - call.endedAt.getTime() < RETRY_WINDOW_MS)
        return { status: "RETRY_LATER", reason: e.message };
      console.error(
        JSON.stringify({ level: "error", msg: "call analysis failed", tenantId, callId, error: e.message }),
      );
      outcome = { analysisStatus: "FAILED", summary: null, outcome: null, reason: e.message };
    }
  }

  const written = await tdb.$transaction(async (tx) => {
    const updated = await tx.call.updateManyAndReturn({
      where: { id: call.id, analysisStatus: "PENDING" },
      data: { analysisStatus: outcome.analysisStatus, summary: outcome.summary, outcome: outcome.outcome },
    });
    const row = updated[0];
    if (!row) return false;
    if (row.outcome) await rollUpCallOutcome(tx, row.id, row.outcome);
    await enqueueTenantEvent(tx, tenantId, "call.analyzed", callAnalyzedEventData(row));
    return true;
  });
  if (!written) return { status: "SKIPPED", reason: "already_done" };
  if (outcome.analysisStatus === "ANALYSED")
    return { status: "ANALYSED", summary: outcome.summary!, outcome: outcome.outcome! };
  return { status: outcome.analysisStatus, reason: outcome.reason ?? "" };
}

/**
 * Analyses finished calls still PENDING, oldest first. Safe to run in several
 * processes: the write is conditional, so a call is recorded (and announced) once.
 */
export async function analyzePendingCalls(
  options: { limit?: number; config?: AnalysisConfig | null; fetch?: typeof fetch; now?: Date } = {},
): Promise<Record<AnalyzeCallResult["status"], number>> {
  // Cross-tenant scan by nature (a background job); each call is then handled in its own tenant.
  const due = await platformDb().call.findMany({
    where: { analysisStatus: "PENDING", endedAt: { not: null } },
    orderBy: { endedAt: "asc" },
    take: options.limit ?? 20,
    select: { id: true, tenantId: true },
  });
  const counts: Record<AnalyzeCallResult["status"], number> = {
    ANALYSED: 0,
    NOT_ANALYSED: 0,
    FAILED: 0,
    RETRY_LATER: 0,
    SKIPPED: 0,
  };
  for (const c of due) {
    const r = await analyzeCall(c.tenantId, c.id, options);
    counts[r.status] += 1;
  }
  return counts;
}
