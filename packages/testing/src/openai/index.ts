// A local stand-in for an OpenAI-compatible chat completions endpoint
// (POST /v1/chat/completions), speaking its wire format and enforcing its rules:
// - Bearer auth (401 invalid_api_key in OpenAI's error shape);
// - request validation: model, messages (roles, tool messages answering the
//   assistant's tool_calls by id, in order), tools (function names, object
//   parameter schemas), strict json_schema response_format;
// - a chat.completion response, or with `stream: true` server-sent
//   chat.completion.chunk events ending in `data: [DONE]`, carrying content
//   and/or tool_calls (arguments as a JSON string) that only name declared tools.
// What the "model" says is decided by `answer`, which sees the whole request.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export type FakeChatMessage =
  | { role: "system" | "user" | "developer"; content: string }
  | { role: "assistant"; content: string | null; tool_calls?: FakeToolCall[] }
  | { role: "tool"; tool_call_id: string; content: string };

export interface ChatRequest {
  model: string;
  messages: FakeChatMessage[];
  stream?: boolean;
  tools?: Array<{
    type: string;
    function: { name: string; description?: string; parameters?: Record<string, unknown> };
  }>;
  response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: Record<string, unknown> } };
}

export type FakeAnswer =
  | { content?: string; toolCalls?: Array<{ name: string; arguments: Record<string, unknown> }> }
  | { status: number; message: string };

export interface FakeOpenAI {
  baseUrl: string;
  apiKey: string;
  requests: ChatRequest[];
  /** Decides the assistant's reply (content and/or tool calls) or an HTTP failure. */
  answer: (req: ChatRequest) => FakeAnswer;
  close(): Promise<void>;
}

function openAiError(res: http.ServerResponse, status: number, message: string, type: string, code: string | null) {
  res
    .writeHead(status, { "content-type": "application/json" })
    .end(JSON.stringify({ error: { message, type, param: null, code } }));
}

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** OpenAI's message rules; returns the error message, or null when the conversation is valid. */
function messagesProblem(messages: unknown): string | null {
  if (!Array.isArray(messages) || messages.length === 0) return "Invalid 'messages': empty array.";
  let pending: string[] = [];
  for (const [i, raw] of messages.entries()) {
    const m = raw as Record<string, unknown>;
    const role = m?.role;
    if (pending.length > 0 && role !== "tool")
      return `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${pending.join(", ")}`;
    switch (role) {
      case "system":
      case "developer":
      case "user":
        if (typeof m.content !== "string") return `Invalid type for 'messages[${i}].content': expected a string.`;
        break;
      case "assistant": {
        const calls = m.tool_calls;
        if (m.content !== null && m.content !== undefined && typeof m.content !== "string")
          return `Invalid type for 'messages[${i}].content'.`;
        if (calls !== undefined) {
          if (!Array.isArray(calls) || calls.length === 0) return `Invalid 'messages[${i}].tool_calls': empty array.`;
          for (const c of calls as Array<Record<string, unknown>>) {
            const fn = c?.function as Record<string, unknown> | undefined;
            if (typeof c?.id !== "string" || c.type !== "function" || typeof fn?.name !== "string")
              return `Invalid 'messages[${i}].tool_calls'.`;
            if (typeof fn.arguments !== "string") return `Invalid type for 'messages[${i}].tool_calls.arguments'.`;
          }
          pending = (calls as Array<{ id: string }>).map((c) => c.id);
        } else if (typeof m.content !== "string") {
          return `Missing required parameter: 'messages[${i}].content'.`;
        }
        break;
      }
      case "tool": {
        if (typeof m.tool_call_id !== "string" || !pending.includes(m.tool_call_id))
          return "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.";
        if (typeof m.content !== "string") return `Invalid type for 'messages[${i}].content'.`;
        pending = pending.filter((id) => id !== m.tool_call_id);
        break;
      }
      default:
        return `Invalid value: '${String(role)}'. Supported values are: 'system', 'assistant', 'user', 'tool', and 'developer'.`;
    }
  }
  if (pending.length > 0)
    return `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${pending.join(", ")}`;
  return null;
}

function toolsProblem(tools: unknown): string | null {
  if (tools === undefined) return null;
  if (!Array.isArray(tools)) return "Invalid type for 'tools': expected an array.";
  for (const [i, t] of (tools as Array<Record<string, unknown>>).entries()) {
    const fn = t?.function as Record<string, unknown> | undefined;
    if (t?.type !== "function" || !fn) return `Missing required parameter: 'tools[${i}].function'.`;
    if (typeof fn.name !== "string" || !TOOL_NAME.test(fn.name))
      return `Invalid 'tools[${i}].function.name': string does not match pattern '^[a-zA-Z0-9_-]+$'.`;
    const params = fn.parameters as Record<string, unknown> | undefined;
    if (params !== undefined && params.type !== "object")
      return `Invalid schema for function '${fn.name}': schema must be a JSON Schema of 'type: "object"'.`;
  }
  return null;
}

export async function startFakeOpenAI(apiKey = "sk-test-fake"): Promise<FakeOpenAI> {
  const fake = { apiKey, requests: [], answer: () => ({ content: "{}" }) } as unknown as FakeOpenAI;
  let seq = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/v1/chat/completions")
        return openAiError(
          res,
          404,
          `Unknown request URL: ${req.method} ${req.url}`,
          "invalid_request_error",
          "unknown_url",
        );
      if (req.headers.authorization !== `Bearer ${fake.apiKey}`)
        return openAiError(res, 401, "Incorrect API key provided", "invalid_request_error", "invalid_api_key");
      let body: ChatRequest;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return openAiError(
          res,
          400,
          "We could not parse the JSON body of your request.",
          "invalid_request_error",
          null,
        );
      }
      if (typeof body.model !== "string" || !body.model)
        return openAiError(res, 400, "you must provide a model parameter", "invalid_request_error", null);
      const problem = messagesProblem(body.messages) ?? toolsProblem(body.tools);
      if (problem) return openAiError(res, 400, problem, "invalid_request_error", "invalid_value");
      const rf = body.response_format;
      if (rf && rf.type === "json_schema") {
        const schema = rf.json_schema?.schema as
          | { type?: string; additionalProperties?: boolean; required?: string[]; properties?: Record<string, unknown> }
          | undefined;
        if (!rf.json_schema?.name || !schema)
          return openAiError(
            res,
            400,
            "Missing required parameter: 'response_format.json_schema'.",
            "invalid_request_error",
            "missing_required_parameter",
          );
        // Strict mode's rules: every property required, no additional properties.
        if (
          rf.json_schema.strict &&
          (schema.additionalProperties !== false ||
            Object.keys(schema.properties ?? {}).some((k) => !schema.required?.includes(k)))
        ) {
          return openAiError(
            res,
            400,
            `Invalid schema for response_format '${rf.json_schema.name}': In context=(), 'additionalProperties' is required to be supplied and to be false`,
            "invalid_request_error",
            "invalid_value",
          );
        }
      }
      fake.requests.push(body);
      const answer = fake.answer(body);
      if ("status" in answer)
        return openAiError(
          res,
          answer.status,
          answer.message,
          answer.status === 429 ? "requests" : "server_error",
          null,
        );
      const declared = new Set((body.tools ?? []).map((t) => t.function.name));
      const undeclared = (answer.toolCalls ?? []).find((c) => !declared.has(c.name));
      if (undeclared)
        throw new Error(`fake model scripted a call to ${undeclared.name}, which the request did not declare`);
      const toolCalls: FakeToolCall[] = (answer.toolCalls ?? []).map((c) => ({
        id: `call_${++seq}`,
        type: "function",
        function: { name: c.name, arguments: JSON.stringify(c.arguments) },
      }));
      const id = `chatcmpl-${fake.requests.length}`;
      const created = Math.floor(Date.now() / 1000);
      const finishReason = toolCalls.length > 0 ? "tool_calls" : "stop";
      if (body.stream) {
        res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
        const send = (delta: Record<string, unknown>, finish: string | null) =>
          res.write(
            `data: ${JSON.stringify({
              id,
              object: "chat.completion.chunk",
              created,
              model: body.model,
              choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
            })}\n\n`,
          );
        send({ role: "assistant", content: "", refusal: null }, null);
        // Content in word-sized pieces, as a model streams it.
        for (const piece of (answer.content ?? "").match(/\S+\s*|\s+/g) ?? []) send({ content: piece }, null);
        toolCalls.forEach((c, index) => {
          send(
            { tool_calls: [{ index, id: c.id, type: "function", function: { name: c.function.name, arguments: "" } }] },
            null,
          );
          send({ tool_calls: [{ index, function: { arguments: c.function.arguments } }] }, null);
        });
        send({}, finishReason);
        res.end("data: [DONE]\n\n");
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          id,
          object: "chat.completion",
          created,
          model: body.model,
          choices: [
            {
              index: 0,
              message: {
                role: "assistant",
                content: answer.content ?? null,
                refusal: null,
                annotations: [],
                ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
              },
              logprobs: null,
              finish_reason: finishReason,
            },
          ],
          usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  fake.close = () => new Promise((resolve) => server.close(() => resolve()));
  return fake;
}
