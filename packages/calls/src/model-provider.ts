// The one client for OpenAI-compatible chat completions (POST {baseUrl}/chat/completions),
// used by post-call analysis and the dashboard's text chat with an agent. It sends
// the request, validates the response with zod and classifies failures: rate limits,
// server errors and network failures are transient (worth retrying later), the rest
// are not. The voice pipeline uses LiveKit's OpenAI plugin instead (it streams audio-turn
// completions inside the agent framework).
import type { ModelProviderConfig } from "@articulate/config";
import { z } from "zod";

export type { ModelProviderConfig };

export type ChatMessage =
  | { role: "system" | "user"; content: string }
  | { role: "assistant"; content: string | null; tool_calls?: ToolCall[] }
  | { role: "tool"; tool_call_id: string; content: string };

export interface ToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export interface ChatTool {
  type: "function";
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

export interface ChatCompletionRequest {
  model: string;
  messages: ChatMessage[];
  tools?: ChatTool[];
  temperature?: number;
  response_format?: Record<string, unknown>;
}

export class ModelRequestError extends Error {
  constructor(
    message: string,
    /** Rate limit, server error or network failure: a later attempt may succeed. */
    readonly transient: boolean,
  ) {
    super(message);
    this.name = "ModelRequestError";
  }
}

const toolCallSchema = z.object({
  id: z.string().min(1),
  type: z.literal("function"),
  function: z.object({ name: z.string().min(1), arguments: z.string() }),
});

const chatCompletionSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({
          content: z.string().nullable(),
          refusal: z.string().nullable().optional(),
          tool_calls: z.array(toolCallSchema).optional(),
        }),
        finish_reason: z.string().nullable(),
      }),
    )
    .min(1),
});

export type ChatCompletionMessage = z.infer<typeof chatCompletionSchema>["choices"][number]["message"];

export async function chatCompletion(
  provider: ModelProviderConfig,
  request: ChatCompletionRequest,
  options: { timeoutMs?: number; fetch?: typeof fetch } = {},
): Promise<ChatCompletionMessage> {
  const fetchImpl = options.fetch ?? fetch;
  let res: Response;
  try {
    res = await fetchImpl(`${provider.baseUrl}/chat/completions`, {
      method: "POST",
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      headers: { authorization: `Bearer ${provider.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify(request),
    });
  } catch (err) {
    throw new ModelRequestError(`model request failed: ${(err as Error).message}`, true);
  }
  if (!res.ok) {
    const text = await res.text().catch(() => "");
    throw new ModelRequestError(
      `model answered HTTP ${res.status}: ${text.slice(0, 300)}`,
      res.status === 429 || res.status >= 500,
    );
  }
  const completion = chatCompletionSchema.safeParse(await res.json().catch(() => null));
  if (!completion.success) throw new ModelRequestError("model response was not a chat completion", false);
  return completion.data.choices[0]!.message;
}

/** A zod schema as the JSON schema a function tool declares (what OpenAI's tools[].function.parameters takes). */
export function toolParametersSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...json } = z.toJSONSchema(schema, { io: "input" }) as Record<string, unknown>;
  return json;
}

export const DEFAULT_OPENAI_CHAT_MODEL = "gpt-4.1-mini";

/** The agent's LLM setting ("provider/model") as the model an OpenAI-compatible endpoint is asked for. */
export function openAiChatModel(llmModel: string): string {
  const slash = llmModel.indexOf("/");
  return slash > 0 && llmModel.slice(0, slash) === "openai" ? llmModel.slice(slash + 1) : DEFAULT_OPENAI_CHAT_MODEL;
}
