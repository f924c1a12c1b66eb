// "Talk to your agent" by text: the real receptionist (its instructions, plan and
// tools from @articulate/calls) against a local OpenAI-compatible fake speaking
// the real wire format, on real PostgreSQL. The chat is a test call: listed,
// never billed, with its transcript and the message taken.
import crypto from "node:crypto";
import {
  admissionFor,
  decideCallHandling,
  endIdleTextChats,
  GOODBYE,
  loadAgentCallConfig,
  MESSAGE_SAVED,
  receptionistInstructions,
  TRANSFER_HANDOFF,
} from "@articulate/calls";
import { forTenant, platformDb } from "@articulate/db";
import { formatPhoneNumber } from "@articulate/telephony/phone-numbers";
import { type ChatRequest, type FakeOpenAI, startFakeOpenAI } from "@articulate/testing/openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  endTextChat,
  sendTextChatMessage,
  startTextChat,
  TextChatError,
  textChatState,
} from "@/modules/agents/lib/text-chat";

let fake: FakeOpenAI;
let provider: { apiKey: string; baseUrl: string };

const ALWAYS_CLOSED = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };

async function tenantWithAgent(agent: { businessHours?: object | null; transferNumber?: string | null } = {}) {
  const suffix = crypto.randomBytes(5).toString("hex");
  const tenant = await platformDb().tenant.create({ data: { slug: `chat-${suffix}`, name: "Harbour Dental" } });
  const a = await platformDb().agent.create({
    data: {
      tenantId: tenant.id,
      name: "Ava",
      greeting: "Thanks for calling Harbour Dental, this is Ava.",
      instructions: "Help callers with bookings and questions.",
      businessHours: agent.businessHours === undefined ? undefined : (agent.businessHours ?? undefined),
      holidayRegion: null,
      transferNumber: agent.transferNumber === undefined ? "+61299990000" : agent.transferNumber,
    },
  });
  return { tenantId: tenant.id, agentId: a.id };
}

const lastUser = (req: ChatRequest) =>
  [...req.messages].reverse().find((m) => m.role === "user")?.content as string | undefined;
const lastIsTool = (req: ChatRequest) => req.messages.at(-1)?.role === "tool";

beforeAll(async () => {
  fake = await startFakeOpenAI();
  provider = { apiKey: fake.apiKey, baseUrl: fake.baseUrl };
  // A scripted "model" that reacts to what it is sent, like the real one.
  fake.answer = (req) => {
    if (lastIsTool(req)) {
      const tool = req.messages.at(-1) as { content: string };
      if (tool.content === MESSAGE_SAVED)
        return { content: "Thanks Sam, I've passed that on. Is there anything else?" };
      return { content: `From what I have: ${tool.content.slice(0, 80)}` };
    }
    const said = lastUser(req) ?? "";
    if (/leave a message/i.test(said)) return { content: "Of course. What's your name and best number?" };
    if (/Sam Taylor/.test(said))
      return {
        toolCalls: [
          {
            name: "take_message",
            arguments: { callerName: "Sam Taylor", callbackNumber: "0412 345 678", reason: "Move Friday appointment" },
          },
        ],
      };
    if (/someone|person/i.test(said))
      return { toolCalls: [{ name: "transfer_call", arguments: { reason: "Caller asked for a person" } }] };
    if (/bye/i.test(said)) return { toolCalls: [{ name: "end_call", arguments: { reason: "Caller said goodbye" } }] };
    if (/broken arguments/.test(said)) return { toolCalls: [{ name: "take_message", arguments: { callerName: 7 } }] };
    return { content: "How can I help?" };
  };
});

afterAll(async () => {
  await fake.close();
});

describe("text chat with an agent", () => {
  it("runs the real receptionist: greeting, a message taken through take_message, end_call; a test call never billed", async () => {
    const { tenantId, agentId } = await tenantWithAgent();
    const before = fake.requests.length;
    const started = await startTextChat(tenantId, agentId, { provider });
    expect(started.lines).toEqual([
      { speaker: "AGENT", text: expect.stringContaining("Thanks for calling Harbour Dental, this is Ava.") },
    ]);
    expect(started.lines[0]!.text).toContain("I'm an AI assistant");

    let chat = await sendTextChatMessage(tenantId, started.callId, "Hi, can I leave a message?", { provider });
    const first = fake.requests[before]!;
    // The same instructions and tools a phone call gets.
    const config = await loadAgentCallConfig(tenantId, agentId);
    const call = await forTenant(tenantId).call.findFirstOrThrow({ where: { id: started.callId } });
    const plan = decideCallHandling(config, await admissionFor(config, call.startedAt, "INBOUND", call.roomName));
    if (plan.kind !== "converse") throw new Error("expected a conversation");
    expect(first.messages[0]).toEqual({ role: "system", content: receptionistInstructions(config, plan) });
    expect(first.model).toBe("gpt-4.1-mini");
    expect(first.tools?.map((t) => t.function.name).sort()).toEqual(
      ["end_call", "lookup_business_info", "take_message", "transfer_call"].sort(),
    );
    const takeMessage = first.tools?.find((t) => t.function.name === "take_message");
    expect(takeMessage?.function.parameters).toMatchObject({
      type: "object",
      required: expect.arrayContaining(["callerName", "callbackNumber", "reason"]),
    });
    expect(first.messages.slice(1)).toEqual([
      { role: "assistant", content: started.lines[0]!.text },
      { role: "user", content: "Hi, can I leave a message?" },
    ]);
    expect(chat.lines.at(-1)).toEqual({ speaker: "AGENT", text: "Of course. What's your name and best number?" });

    chat = await sendTextChatMessage(tenantId, started.callId, "It's Sam Taylor on 0412 345 678, about Friday.", {
      provider,
    });
    expect(chat.lines.at(-1)).toEqual({
      speaker: "AGENT",
      text: "Thanks Sam, I've passed that on. Is there anything else?",
    });
    expect(chat.messagesTaken).toBe(1);
    const message = await forTenant(tenantId).message.findFirstOrThrow({ where: { callId: started.callId } });
    expect(message).toMatchObject({ callerName: "Sam Taylor", agentId });

    chat = await sendTextChatMessage(tenantId, started.callId, "No, that's all. Bye!", { provider });
    expect(chat.ended).toBe(true);
    expect(chat.endReason).toBe("AGENT_ENDED");
    expect(chat.lines.at(-1)).toEqual({ speaker: "AGENT", text: GOODBYE });

    const row = await forTenant(tenantId).call.findFirstOrThrow({
      where: { id: started.callId },
      include: { usageRecord: true, segments: { orderBy: { sequence: "asc" } } },
    });
    expect(row).toMatchObject({ isTest: true, status: "COMPLETED", endReason: "AGENT_ENDED", billableMinutes: 0 });
    expect(row.usageRecord).toBeNull();
    expect(row.unbilledReason).toBe("TEST_CALL");
    expect(row.segments.map((s) => s.speaker)).toEqual([
      "AGENT",
      "CALLER",
      "AGENT",
      "CALLER",
      "AGENT",
      "CALLER",
      "AGENT",
    ]);

    await expect(sendTextChatMessage(tenantId, started.callId, "Hello?", { provider })).rejects.toMatchObject({
      code: "chat_ended",
    });
  });

  it("a transfer is simulated: the handoff line, a note of where it would go, the call ends TRANSFERRED", async () => {
    const { tenantId, agentId } = await tenantWithAgent();
    const { callId } = await startTextChat(tenantId, agentId, { provider });
    const chat = await sendTextChatMessage(tenantId, callId, "Can I speak to someone please?", { provider });
    expect(chat.lines.slice(-2)).toEqual([
      { speaker: "AGENT", text: TRANSFER_HANDOFF },
      {
        speaker: "SYSTEM",
        text: `Transferred to ${formatPhoneNumber("+61299990000")} (simulated: a text chat does not place a call).`,
      },
    ]);
    expect(chat).toMatchObject({ ended: true, endReason: "TRANSFERRED" });
  });

  it("after hours: the closed greeting, message-only tools (no transfer), ends with the after-hours reason", async () => {
    const { tenantId, agentId } = await tenantWithAgent({ businessHours: ALWAYS_CLOSED });
    const before = fake.requests.length;
    const started = await startTextChat(tenantId, agentId, { provider });
    expect(started.lines[0]!.text).toMatch(/closed right now/i);
    await sendTextChatMessage(tenantId, started.callId, "Hi there", { provider });
    expect(fake.requests[before]!.tools?.map((t) => t.function.name).sort()).toEqual(
      ["end_call", "lookup_business_info", "take_message"].sort(),
    );
    const chat = await sendTextChatMessage(tenantId, started.callId, "ok bye", { provider });
    expect(chat.endReason).toBe("AFTER_HOURS");
  });

  it("arguments that break the tool's schema are returned to the model, nothing is stored for them", async () => {
    const { tenantId, agentId } = await tenantWithAgent();
    const { callId } = await startTextChat(tenantId, agentId, { provider });
    const chat = await sendTextChatMessage(tenantId, callId, "broken arguments please", { provider });
    expect(chat.lines.at(-1)?.text).toMatch(/^From what I have: Invalid arguments: callerName/);
    expect(chat.messagesTaken).toBe(0);
  });

  it("without a model: owner language, and no call is created", async () => {
    const { tenantId, agentId } = await tenantWithAgent();
    const err = await startTextChat(tenantId, agentId, { provider: null }).catch((e) => e);
    expect(err).toBeInstanceOf(TextChatError);
    expect(err.code).toBe("text_chat_unavailable");
    expect(err.message).not.toMatch(/OPENAI|_KEY|env/);
    expect(await forTenant(tenantId).call.count()).toBe(0);
  });

  it("a model failure keeps the chat as it was (the caller can send again)", async () => {
    const { tenantId, agentId } = await tenantWithAgent();
    const { callId } = await startTextChat(tenantId, agentId, { provider });
    const answer = fake.answer;
    fake.answer = () => ({ status: 500, message: "The server had an error" });
    try {
      await expect(sendTextChatMessage(tenantId, callId, "Hello", { provider })).rejects.toMatchObject({
        code: "model_unavailable",
      });
    } finally {
      fake.answer = answer;
    }
    expect((await textChatState(tenantId, callId)).lines).toHaveLength(1);
    const chat = await sendTextChatMessage(tenantId, callId, "Hello", { provider });
    expect(chat.lines).toHaveLength(3);
  });

  it("another tenant cannot read or continue the chat", async () => {
    const a = await tenantWithAgent();
    const b = await tenantWithAgent();
    const { callId } = await startTextChat(a.tenantId, a.agentId, { provider });
    await expect(sendTextChatMessage(b.tenantId, callId, "Hello", { provider })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(endTextChat(b.tenantId, callId)).rejects.toMatchObject({ code: "not_found" });
  });

  it("the owner ends a chat, and a chat left idle is ended by the sweep; neither is billed", async () => {
    const { tenantId, agentId } = await tenantWithAgent();
    const closed = await startTextChat(tenantId, agentId, { provider });
    expect(await endTextChat(tenantId, closed.callId)).toMatchObject({ ended: true, endReason: "CALLER_HUNG_UP" });

    const idle = await startTextChat(tenantId, agentId, { provider });
    await endIdleTextChats({ now: new Date(Date.now() + 16 * 60_000) });
    const row = await forTenant(tenantId).call.findFirstOrThrow({
      where: { id: idle.callId },
      include: { usageRecord: true },
    });
    expect(row).toMatchObject({ endReason: "CALLER_HUNG_UP", isTest: true });
    expect(row.endedAt).not.toBeNull();
    expect(row.usageRecord).toBeNull();
  });
});
