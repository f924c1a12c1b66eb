// A small local stand-in for OpenAI's chat completions endpoint, speaking its
// wire format: Bearer auth (401 invalid_api_key in OpenAI's error shape),
// request validation (model, messages, strict json_schema response_format),
// and a chat.completion response whose content is produced by `answer`.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ChatRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
  response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: Record<string, unknown> } };
}

export interface FakeOpenAI {
  baseUrl: string;
  apiKey: string;
  requests: ChatRequest[];
  /** Decides the assistant's content (a JSON string) or an HTTP failure. */
  answer: (req: ChatRequest) => { content: string } | { status: number; message: string };
  close(): Promise<void>;
}

function openAiError(res: http.ServerResponse, status: number, message: string, type: string, code: string | null) {
  res
    .writeHead(status, { "content-type": "application/json" })
    .end(JSON.stringify({ error: { message, type, param: null, code } }));
}

export async function startFakeOpenAI(apiKey = "sk-test-fake"): Promise<FakeOpenAI> {
  const fake = { apiKey, requests: [], answer: () => ({ content: "{}" }) } as unknown as FakeOpenAI;
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
      if (
        !Array.isArray(body.messages) ||
        body.messages.length === 0 ||
        body.messages.some(
          (m) => !["system", "user", "assistant", "developer"].includes(m.role) || typeof m.content !== "string",
        )
      ) {
        return openAiError(res, 400, "Invalid 'messages'", "invalid_request_error", "invalid_value");
      }
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
            "Invalid schema for response_format 'call_analysis': In context=(), 'additionalProperties' is required to be supplied and to be false",
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
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          id: `chatcmpl-${fake.requests.length}`,
          object: "chat.completion",
          created: Math.floor(Date.now() / 1000),
          model: body.model,
          choices: [
            {
              index: 0,
              message: { role: "assistant", content: answer.content, refusal: null, annotations: [] },
              logprobs: null,
              finish_reason: "stop",
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
