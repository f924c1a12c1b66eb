// The OpenAI-compatible fake enforces the rules the real endpoint does, so code
// that passes against it speaks the real wire format.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../src/openai/index";

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field in the assertions
type Json = any;
const json = async (res: Response): Promise<Json> => res.json();

const post = (body: unknown, key = fake.apiKey) =>
  fetch(`${fake.baseUrl}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

const tools = [
  {
    type: "function",
    function: { name: "end_call", description: "End", parameters: { type: "object", properties: {} } },
  },
];

describe("OpenAI fake", () => {
  it("refuses a wrong key with OpenAI's error shape", async () => {
    const res = await post({ model: "m", messages: [{ role: "user", content: "hi" }] }, "sk-wrong");
    expect(res.status).toBe(401);
    expect((await json(res)).error.code).toBe("invalid_api_key");
  });

  it("refuses tool messages that answer no tool call, and tool calls left unanswered", async () => {
    const orphan = await post({
      model: "m",
      messages: [
        { role: "user", content: "hi" },
        { role: "tool", tool_call_id: "call_x", content: "done" },
      ],
    });
    expect(orphan.status).toBe(400);
    const unanswered = await post({
      model: "m",
      messages: [
        { role: "user", content: "hi" },
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "call_1", type: "function", function: { name: "end_call", arguments: "{}" } }],
        },
        { role: "user", content: "hello?" },
      ],
      tools,
    });
    expect(unanswered.status).toBe(400);
    expect((await json(unanswered)).error.message).toMatch(/must be followed by tool messages/);
  });

  it("refuses invalid tool names and non-object parameter schemas", async () => {
    const res = await post({
      model: "m",
      messages: [{ role: "user", content: "hi" }],
      tools: [{ type: "function", function: { name: "end call", parameters: { type: "object" } } }],
    });
    expect(res.status).toBe(400);
    const res2 = await post({
      model: "m",
      messages: [{ role: "user", content: "hi" }],
      tools: [{ type: "function", function: { name: "x", parameters: { type: "string" } } }],
    });
    expect(res2.status).toBe(400);
  });

  it("answers with tool calls (finish_reason tool_calls), and streams content and tool calls as SSE chunks", async () => {
    fake.answer = () => ({ content: "Goodbye now", toolCalls: [{ name: "end_call", arguments: { reason: "done" } }] });
    const res = await post({ model: "m", messages: [{ role: "user", content: "bye" }], tools });
    const body = await json(res);
    expect(body.choices[0].finish_reason).toBe("tool_calls");
    expect(body.choices[0].message.tool_calls[0].function).toEqual({
      name: "end_call",
      arguments: JSON.stringify({ reason: "done" }),
    });

    const stream = await post({ model: "m", messages: [{ role: "user", content: "bye" }], tools, stream: true });
    expect(stream.headers.get("content-type")).toBe("text/event-stream");
    const events = (await stream.text()).split("\n\n").filter(Boolean);
    expect(events.at(-1)).toBe("data: [DONE]");
    const chunks: Json[] = events.slice(0, -1).map((e) => JSON.parse(e.slice("data: ".length)));
    expect(chunks.every((c) => c.object === "chat.completion.chunk")).toBe(true);
    expect(
      chunks
        .map((c) => c.choices[0].delta.content ?? "")
        .join("")
        .trim(),
    ).toBe("Goodbye now");
    const args = chunks.map((c) => c.choices[0].delta.tool_calls?.[0]?.function?.arguments ?? "").join("");
    expect(JSON.parse(args)).toEqual({ reason: "done" });
    expect(chunks.at(-1).choices[0].finish_reason).toBe("tool_calls");
  });
});
