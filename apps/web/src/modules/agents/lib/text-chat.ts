// "Talk to your agent" in the browser, without a phone line: the owner types as
// the caller and the real receptionist answers. Same configuration load, call
// plan (business hours, suspension and caps decided at the chat's start), opening
// line, instructions and tools as a phone call (@articulate/calls' receptionist,
// plus the agent's booking tools), through the configured OpenAI-compatible model.
// Transfers are simulated (nothing is dialled). The owner may say which number
// they are "calling from": booking look-ups, moves and cancels are checked
// against it, as a real caller's number would be (without one they are refused,
// as for a withheld number). The chat is a test call: listed as
// "Test" in Calls with its transcript and any message taken, never billed.
//
// Stateless between turns (any web process can take the next one): each turn
// rebuilds the conversation from the stored transcript, asks the model, runs the
// tools it calls, and stores the turn's lines in one write. A chat left idle is
// ended by the calls.end-idle-chats job.
import { bookingInstructions, bookingTools, listAppointmentTypes, wallClock } from "@articulate/booking";
import {
  admissionFor,
  agentEndReason,
  type CallConfig,
  CallConfigError,
  type CallPlan,
  type ChatMessage,
  type ChatTool,
  chatCompletion,
  decideCallHandling,
  finalizeCall,
  GOODBYE,
  isTextChatRoom,
  loadAgentCallConfig,
  type ModelProviderConfig,
  ModelRequestError,
  markCallAnswered,
  openAiChatModel,
  ReceptionistToolError,
  receptionistInstructions,
  receptionistToolDefinitions,
  saveMessage,
  startCall,
  TRANSFER_HANDOFF,
  TRANSFER_REFUSED,
  textChatRoomName,
  toolParametersSchema,
} from "@articulate/calls";
import { DomainError, InputError } from "@articulate/core";
import { type CallEndReason, forTenant, type Speaker } from "@articulate/db";
import { lookupForCall, lookupReply } from "@articulate/knowledge";
import { formatPhoneNumber, toE164 } from "@articulate/telephony/phone-numbers";
import type { z } from "zod";

export interface ChatLine {
  speaker: Speaker;
  text: string;
}

export interface TextChatState {
  callId: string;
  lines: ChatLine[];
  ended: boolean;
  endReason: CallEndReason | null;
  messagesTaken: number;
}

/** What the owner sees when no model is configured: owner language, no setting names. */
export const TEXT_CHAT_UNAVAILABLE =
  "Chatting with your agent needs a language model, and none is connected on this installation yet.";

export class TextChatError extends DomainError {}

/** Tool rounds in one turn before the chat gives the caller a plain answer. */
const MAX_TOOL_ROUNDS = 4;
const MAX_CALLER_TEXT = 2000;

interface ChatRuntime {
  provider: ModelProviderConfig | null;
  fetch?: typeof fetch;
  now?: () => Date;
}

async function loadConfig(tenantId: string, agentId: string | null): Promise<CallConfig> {
  if (!agentId) throw new TextChatError("not_found", "Agent was not found");
  try {
    return await loadAgentCallConfig(tenantId, agentId);
  } catch (err) {
    if (err instanceof CallConfigError) throw new TextChatError("not_found", "Agent was not found");
    throw err;
  }
}

function requireProvider(rt: ChatRuntime): ModelProviderConfig {
  if (!rt.provider) throw new TextChatError("text_chat_unavailable", TEXT_CHAT_UNAVAILABLE);
  return rt.provider;
}

/** A chat started without a "calling from" number: like a withheld caller ID. */
const NO_CALLER_NUMBER = "browser";

/**
 * Starts a chat: the call row (a test), answered at once, with the agent's opening
 * line. `callerNumber` (optional, Australian) is the number the owner pretends to call from.
 */
export async function startTextChat(
  tenantId: string,
  agentId: string,
  rt: ChatRuntime,
  opts: { callerNumber?: string | null } = {},
): Promise<TextChatState> {
  requireProvider(rt);
  const given = opts.callerNumber?.trim() ? toE164(opts.callerNumber, "AU") : NO_CALLER_NUMBER;
  if (given !== NO_CALLER_NUMBER && !given?.startsWith("+61"))
    throw new InputError("callerNumber", "Enter an Australian phone number, e.g. 0412 345 678");
  const fromNumber = given ?? NO_CALLER_NUMBER;
  const config = await loadConfig(tenantId, agentId);
  const now = rt.now?.() ?? new Date();
  const roomName = textChatRoomName(agentId);
  const plan = await planFor(config, now, roomName);
  const call = await startCall({
    tenantId,
    roomName,
    direction: "INBOUND",
    fromNumber,
    toNumber: config.phoneNumber?.e164 ?? "browser",
    agentId,
    isTest: true,
    startedAt: now,
  });
  await markCallAnswered({ tenantId, callId: call.id, answeredAt: now });
  const lines: ChatLine[] = [];
  let endReason: CallEndReason | null = null;
  if (plan.kind === "converse") {
    lines.push({ speaker: "AGENT", text: plan.greeting });
  } else if (plan.kind === "announce_and_end") {
    lines.push({ speaker: "AGENT", text: plan.text });
    endReason = plan.endReason;
  } else {
    lines.push({ speaker: "AGENT", text: plan.text }, simulatedTransfer(plan.to));
    endReason = "TRANSFERRED";
  }
  await storeLines(tenantId, call.id, 0, lines, now, now);
  if (endReason) await endChat(tenantId, call.id, endReason, now);
  return { callId: call.id, lines, ended: endReason !== null, endReason, messagesTaken: 0 };
}

function simulatedTransfer(to: string): ChatLine {
  return {
    speaker: "SYSTEM",
    text: `Transferred to ${formatPhoneNumber(to)} (simulated: a text chat does not place a call).`,
  };
}

/** The plan decided at the chat's start (a later turn gets the same decision, as a phone call would). */
async function planFor(config: CallConfig, startedAt: Date, roomName: string): Promise<CallPlan> {
  return decideCallHandling(config, await admissionFor(config, startedAt, "INBOUND", roomName));
}

async function loadChat(tenantId: string, callId: string) {
  const call = await forTenant(tenantId).call.findFirst({
    where: { id: callId, isTest: true },
    include: {
      segments: { where: { tenantId }, orderBy: { sequence: "asc" }, select: { speaker: true, text: true } },
      _count: { select: { messages: true } },
    },
  });
  if (!call || !isTextChatRoom(call.roomName)) throw new TextChatError("not_found", "Chat was not found");
  return call;
}

/** The chat as stored: for reopening it, and for the turn's answer. */
export async function textChatState(tenantId: string, callId: string): Promise<TextChatState> {
  const call = await loadChat(tenantId, callId);
  return {
    callId: call.id,
    lines: call.segments,
    ended: call.endedAt !== null,
    endReason: call.endReason,
    messagesTaken: call._count.messages,
  };
}

/** One caller turn: the receptionist answers (running its tools); returns the whole chat. */
export async function sendTextChatMessage(
  tenantId: string,
  callId: string,
  callerText: string,
  rt: ChatRuntime,
): Promise<TextChatState> {
  const provider = requireProvider(rt);
  const text = callerText.trim().slice(0, MAX_CALLER_TEXT);
  if (!text) throw new InputError("text", "Type a message first");
  const call = await loadChat(tenantId, callId);
  if (call.endedAt) throw new TextChatError("chat_ended", "This chat has ended. Start a new one to talk again.");
  const config = await loadConfig(tenantId, call.agentId);
  const plan = await planFor(config, call.startedAt, call.roomName);
  if (plan.kind !== "converse") {
    await endChat(tenantId, callId, plan.kind === "announce_and_end" ? plan.endReason : "TRANSFERRED");
    throw new TextChatError("chat_ended", "This chat has ended. Start a new one to talk again.");
  }
  const now = rt.now?.() ?? new Date();
  const turnStartedAt = now;

  const lines: ChatLine[] = [{ speaker: "CALLER", text }];
  let endReason: CallEndReason | null = null;
  const tools = receptionistToolDefinitions(plan.tools, {
    async transfer() {
      const to = config.agent.transferNumber;
      if (!to) {
        lines.push({ speaker: "AGENT", text: TRANSFER_REFUSED });
        return;
      }
      lines.push({ speaker: "AGENT", text: TRANSFER_HANDOFF }, simulatedTransfer(to));
      endReason = "TRANSFERRED";
    },
    async takeMessage(args) {
      const m = await saveMessage({ tenantId, callId, agentId: config.agent.id, ...args });
      return m.id;
    },
    endCall() {
      lines.push({ speaker: "AGENT", text: GOODBYE });
      endReason = agentEndReason(plan);
    },
    async lookupBusinessInfo(question) {
      const result = await lookupForCall(
        { tenantId, agentId: config.agent.id, callId: Promise.resolve(callId) },
        question,
      );
      await result.recorded.catch(() => undefined);
      return lookupReply(result);
    },
  }) as Record<string, ToolDef>;
  const booking = plan.situation === "over_cap" ? null : await bookingFor(config, call, now);
  const allTools: Record<string, ToolDef> = { ...tools, ...(booking?.tools ?? {}) };

  const messages: ChatMessage[] = [
    {
      role: "system",
      content: [receptionistInstructions(config, plan), ...(booking ? [booking.instructions] : [])].join("\n"),
    },
    ...call.segments.flatMap((s): ChatMessage[] =>
      s.speaker === "CALLER"
        ? [{ role: "user", content: s.text }]
        : s.speaker === "AGENT"
          ? [{ role: "assistant", content: s.text }]
          : [],
    ),
    { role: "user", content: text },
  ];
  const chatTools: ChatTool[] = Object.entries(allTools).map(([name, def]) => ({
    type: "function",
    function: { name, description: def.description, parameters: toolParametersSchema(def.parameters) },
  }));

  try {
    for (let round = 0; round <= MAX_TOOL_ROUNDS && endReason === null; round++) {
      const reply = await chatCompletion(
        provider,
        {
          model: openAiChatModel(config.agent.llmModel),
          messages,
          // The last round gets no tools: the model must answer the caller in words.
          ...(round < MAX_TOOL_ROUNDS && chatTools.length > 0 ? { tools: chatTools } : {}),
        },
        { fetch: rt.fetch },
      );
      if (reply.content?.trim()) lines.push({ speaker: "AGENT", text: reply.content.trim() });
      const calls = reply.tool_calls ?? [];
      if (calls.length === 0) break;
      messages.push({ role: "assistant", content: reply.content, tool_calls: calls });
      let anyOutput = false;
      for (const tc of calls) {
        const output = await runTool(allTools[tc.function.name], tc.function.name, tc.function.arguments);
        if (output !== undefined) anyOutput = true;
        messages.push({ role: "tool", tool_call_id: tc.id, content: output ?? "Done." });
      }
      // Tools that speak for themselves (transfer, end) leave nothing for the model to add.
      if (!anyOutput) break;
    }
  } catch (err) {
    if (err instanceof ModelRequestError)
      throw new TextChatError(
        "model_unavailable",
        "Your agent couldn't answer just now: the language model didn't respond. Try sending your message again.",
      );
    throw err;
  }

  const ended = rt.now?.() ?? new Date();
  await storeLines(tenantId, callId, call.segments.length, lines, call.answeredAt ?? call.startedAt, turnStartedAt);
  if (endReason) await endChat(tenantId, callId, endReason, ended);
  else await forTenant(tenantId).call.updateMany({ where: { id: callId }, data: { updatedAt: ended } });
  return textChatState(tenantId, callId);
}

type ToolDef = {
  description: string;
  parameters: z.ZodType;
  execute(args: unknown): Promise<string | undefined>;
};

/** Runs one tool call: arguments checked against its schema; failures become what the model reads. */
async function runTool(def: ToolDef | undefined, name: string, rawArgs: string): Promise<string | undefined> {
  if (!def) return `There is no tool called ${name}.`;
  let json: unknown;
  try {
    json = JSON.parse(rawArgs || "{}");
  } catch {
    return "The tool arguments were not valid JSON. Try again.";
  }
  const args = def.parameters.safeParse(json);
  if (!args.success)
    return `Invalid arguments: ${args.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`;
  try {
    return await def.execute(args.data);
  } catch (err) {
    if (err instanceof ReceptionistToolError) return err.message;
    throw err;
  }
}

async function bookingFor(
  config: CallConfig,
  call: { id: string; fromNumber: string | null },
  now: Date,
): Promise<{ tools: Record<string, ToolDef>; instructions: string } | null> {
  const types = await listAppointmentTypes(config.tenant.id, { agentId: config.agent.id });
  if (types.length === 0) return null;
  const timeZone = config.agent.timezone;
  const tools = bookingTools({
    tenantId: config.tenant.id,
    agentId: config.agent.id,
    callId: call.id,
    callerNumber: call.fromNumber && call.fromNumber !== NO_CALLER_NUMBER ? call.fromNumber : null,
    timeZone,
    now: () => now,
  }) as unknown as Record<string, ToolDef>;
  return {
    tools,
    instructions: bookingInstructions(
      types.map((t) => t.name),
      wallClock(now, timeZone).date,
      timeZone,
    ),
  };
}

/** The turn's lines in one write, after the transcript so far; offsets from the answer. */
async function storeLines(
  tenantId: string,
  callId: string,
  firstSequence: number,
  lines: ChatLine[],
  answeredAt: Date,
  at: Date,
): Promise<void> {
  const offset = Math.max(0, at.getTime() - answeredAt.getTime());
  try {
    await forTenant(tenantId).transcriptSegment.createMany({
      data: lines.map((l, i) => ({
        tenantId,
        callId,
        sequence: firstSequence + i,
        speaker: l.speaker,
        text: l.text,
        startMs: offset,
        endMs: offset,
      })),
    });
  } catch (err) {
    if ((err as { code?: string }).code === "P2002")
      throw new TextChatError("chat_busy", "Your agent is still answering your previous message.");
    throw err;
  }
}

async function endChat(tenantId: string, callId: string, endReason: CallEndReason, endedAt = new Date()) {
  await finalizeCall({ tenantId, callId, endReason, endedAt, finalizedBy: "WORKER" });
}

/** The owner closes the chat: it ends as the caller hanging up. */
export async function endTextChat(tenantId: string, callId: string): Promise<TextChatState> {
  const call = await loadChat(tenantId, callId);
  if (!call.endedAt) await endChat(tenantId, callId, "CALLER_HUNG_UP");
  return textChatState(tenantId, callId);
}
