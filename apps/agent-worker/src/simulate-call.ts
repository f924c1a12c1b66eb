// simulate-call: a scripted caller talks to the real receptionist (same
// config resolution, call plan, agent, tools and persistence as a phone call)
// through a text-only AgentSession. The LLM is FakeLLM with scripted replies,
// or OpenAI when OPENAI_API_KEY is set and llm: "openai" is chosen. It leaves a
// real call (marked as a test: listed, never billed), transcript and message in
// the database. Business hours are decided at the real time (or `at`), and the
// call is timed like a phone call: a few seconds of ringing, each line as long as
// it takes to say, answered after started, ended after the last word.
import crypto from "node:crypto";
import { admissionFor, type CallPlan, decideCallHandling, describeSchedule, parseSchedule } from "@articulate/calls";
import { type CallEndReason, forTenant, platformDb } from "@articulate/db";
import { lookupReply, searchKnowledge } from "@articulate/knowledge";
import { initializeLogger, type llm, voice } from "@livekit/agents";
import { type CallConfig, loadAgentCallConfig, resolveCallConfig } from "./call-config";
import { env } from "./env";
import { type Logger, silentLogger } from "./log";
import { MESSAGE_SAVED } from "./receptionist";
import { beginCall } from "./receptionist-call";
import { BOOKING_SCRIPTS, type BookingScript, bookingConversation } from "./simulate-booking";

export const SIMULATION_SCRIPTS = [
  "greeting",
  "message",
  "transfer",
  "after-hours",
  "knowledge",
  ...BOOKING_SCRIPTS,
] as const;
export type SimulationScript = (typeof SIMULATION_SCRIPTS)[number];

export interface SimulateCallOptions {
  /** Tenant slug, e.g. "harbour-dental". */
  tenant: string;
  /** The tenant's number to "dial" (E.164); default: its first active number with an agent, else its first agent. */
  number?: string;
  script?: SimulationScript;
  /** When the call happens (business hours are decided for it); default: now. */
  at?: Date;
  /** "openai" uses OPENAI_API_KEY; default "fake" (scripted FakeLLM). */
  llm?: "fake" | "openai";
  /** Caller's number. */
  from?: string;
  /** Whether the simulated transfer is accepted (default true). */
  transferAccepted?: boolean;
  log?: Logger;
}

export interface SimulatedCall {
  callId: string;
  tenantId: string;
  roomName: string;
  plan: CallPlan["kind"];
  situation: string | null;
  endReason: CallEndReason;
  billableSeconds: number;
  billableMinutes: number;
  usageRecordId: string | null;
  messageIds: string[];
  transcript: Array<{ speaker: string; text: string }>;
}

interface Turn {
  caller: string;
  reply?: string;
  tool?: { name: string; args: Record<string, unknown> };
  /** The model's words after the tool's output (take_message). */
  afterTool?: string;
  /** The tool's output the scripted model answers (default: take_message's). */
  afterToolInput?: string;
}

const MESSAGE_TURNS: Turn[] = [
  {
    caller: "Hi, can I leave a message for the team?",
    reply: "Of course. Can I get your name and the best number to call you back on?",
  },
  {
    caller: "It's Sam Taylor, on 0412 345 678. I need to move my appointment on Friday.",
    tool: {
      name: "take_message",
      args: {
        callerName: "Sam Taylor",
        callbackNumber: "0412 345 678",
        reason: "Wants to move their Friday appointment",
      },
    },
    afterTool: "Thanks Sam, I've passed that on and someone will call you back. Is there anything else?",
  },
  { caller: "No, that's all, thanks.", tool: { name: "end_call", args: { reason: "Caller is done" } } },
];

function scriptTurns(script: SimulationScript, config: CallConfig): Turn[] {
  switch (script) {
    case "greeting":
      return [
        {
          caller: "Hi, when are you open?",
          reply: `${describeSchedule(parseSchedule(config.agent.businessHours))} Is there anything else I can help with?`,
        },
        { caller: "No, that's it. Bye!", tool: { name: "end_call", args: { reason: "Caller said goodbye" } } },
      ];
    case "transfer":
      return [
        {
          caller: "Hi, could I speak to someone at the front desk please?",
          tool: { name: "transfer_call", args: { reason: "Caller asked for the front desk" } },
        },
      ];
    case "message":
    case "after-hours":
      return MESSAGE_TURNS;
    case "knowledge":
      return []; // built from the agent's knowledge: knowledgeTurns()
    case "book":
    case "reschedule":
    case "cancel":
      return []; // the booking scripts: bookingConversation()
  }
}

/** The caller asks about parking; the scripted model looks it up and reads the best answer back. */
async function knowledgeTurns(config: CallConfig): Promise<Turn[]> {
  const question = "Is there parking nearby?";
  const found = await searchKnowledge(config.tenant.id, config.agent.id, question);
  return [
    {
      caller: `Hi, ${question.toLowerCase()}`,
      tool: { name: "lookup_business_info", args: { question } },
      afterToolInput: JSON.stringify(lookupReply(found)),
      afterTool: found.answers[0]?.text ?? "I'm not sure about that one, but I can pass your question on.",
    },
    { caller: "Great, thanks. Bye!", tool: { name: "end_call", args: { reason: "Caller said goodbye" } } },
  ];
}

function fakeLlmFor(turns: Turn[]): voice.testing.FakeLLM {
  return new voice.testing.FakeLLM(
    turns.flatMap((t) => [
      { input: t.caller, content: t.reply, toolCalls: t.tool ? [t.tool] : undefined },
      ...(t.afterTool ? [{ input: t.afterToolInput ?? JSON.stringify(MESSAGE_SAVED), content: t.afterTool }] : []),
    ]),
  );
}

const RING_MS = 3_000;
const HANG_UP_MS = 1_500;
/** Pause before a line: the agent's response latency, or the caller gathering their words. */
const GAP_MS = { AGENT: 900, CALLER: 600, SYSTEM: 300 } as const;

/** How long a line takes to say: about 2.6 words a second (150 wpm), at least 1.2 s. */
export function speakingMs(text: string): number {
  const words = text.trim().split(/\s+/).filter(Boolean).length;
  return Math.max(1_200, Math.round((words / 2.6) * 1000));
}

/**
 * The text session runs in a blink; a phone call does not. Gives the call and
 * its lines the timing they would have had: started at `at` (or so as to end
 * now), answered after the ring, each line as long as it takes to say, ended
 * after the last word. Test calls are never billed, so no money moves with it.
 */
async function retimeAsPhoneCall(tenantId: string, callId: string, at: Date | null): Promise<void> {
  const tdb = forTenant(tenantId);
  const [call, segments] = await Promise.all([
    tdb.call.findFirstOrThrow({ where: { id: callId }, select: { answeredAt: true } }),
    tdb.transcriptSegment.findMany({
      where: { callId },
      orderBy: { sequence: "asc" },
      select: { id: true, speaker: true, text: true },
    }),
  ]);
  let cursor = 0;
  const timed = segments.map((seg, i) => {
    const startMs = i === 0 ? 0 : cursor + GAP_MS[seg.speaker];
    const endMs = startMs + speakingMs(seg.text);
    cursor = endMs;
    return { id: seg.id, startMs, endMs };
  });
  const talkMs = call.answeredAt ? cursor + HANG_UP_MS : 0;
  const totalMs = RING_MS + talkMs;
  const startedAt = at ?? new Date(Date.now() - totalMs);
  const answeredAt = call.answeredAt ? new Date(startedAt.getTime() + RING_MS) : null;
  await tdb.$transaction([
    tdb.call.updateMany({
      where: { id: callId },
      data: { startedAt, answeredAt, endedAt: new Date(startedAt.getTime() + totalMs) },
    }),
    ...timed.map((t) =>
      tdb.transcriptSegment.updateMany({ where: { id: t.id }, data: { startMs: t.startMs, endMs: t.endMs } }),
    ),
  ]);
}

async function loadConfig(slug: string, number: string | undefined): Promise<CallConfig> {
  // A CLI resolving a tenant by slug is platform work: cross-tenant by nature.
  const tenant = await platformDb().tenant.findUnique({ where: { slug }, select: { id: true } });
  if (!tenant) throw new Error(`--tenant: no tenant with slug "${slug}"`);
  if (number) return resolveCallConfig({ tenantId: tenant.id }, number);
  // platformDb(): Developer CLI acting on a tenant named by slug (platform work).
  const pn = await platformDb().phoneNumber.findFirst({
    where: { tenantId: tenant.id, status: "ACTIVE", agentId: { not: null }, e164Active: { not: null } },
    orderBy: { createdAt: "asc" },
    select: { e164: true },
  });
  if (pn) return resolveCallConfig({ tenantId: tenant.id }, pn.e164);
  // platformDb(): Developer CLI acting on a tenant named by slug (platform work).
  const agent = await platformDb().agent.findFirst({
    where: { tenantId: tenant.id, archivedAt: null },
    orderBy: { createdAt: "asc" },
    select: { id: true },
  });
  if (!agent) throw new Error(`tenant "${slug}" has no agent yet: create one in the dashboard first`);
  return loadAgentCallConfig(tenant.id, agent.id);
}

function isBookingScript(script: SimulationScript): script is BookingScript {
  return (BOOKING_SCRIPTS as readonly string[]).includes(script);
}

let agentsLoggerReady = false;

export async function simulateCall(opts: SimulateCallOptions): Promise<SimulatedCall> {
  if (!agentsLoggerReady) {
    initializeLogger({ pretty: false, level: "error" });
    agentsLoggerReady = true;
  }
  const log = opts.log ?? silentLogger;
  const script = opts.script ?? "message";
  const config = await loadConfig(opts.tenant, opts.number);
  const now = new Date();
  const at = opts.at ?? now;
  const plan = decideCallHandling(config, await admissionFor(config, at));
  const booking = isBookingScript(script) ? await bookingConversation(script, config, now) : null;
  const turns = booking
    ? booking.lines.map((caller) => ({ caller }))
    : script === "knowledge"
      ? await knowledgeTurns(config)
      : scriptTurns(script, config);

  let model: llm.LLM;
  if (opts.llm === "openai") {
    if (!env().OPENAI_API_KEY) throw new Error("--llm openai: set OPENAI_API_KEY");
    const openai = await import("@livekit/agents-plugin-openai");
    model = new openai.LLM({ model: "gpt-4.1-mini" });
  } else {
    model = booking?.model ?? fakeLlmFor(turns);
  }
  const session = new voice.AgentSession({ llm: model });
  const toNumber = config.phoneNumber?.e164 ?? "browser";
  const fromNumber = opts.from ?? "+61412345678";
  const roomName = `sim_${fromNumber}_${crypto.randomBytes(6).toString("hex")}`;

  const active = await beginCall({
    config,
    plan,
    session,
    log,
    call: {
      roomName,
      direction: "INBOUND",
      fromNumber,
      toNumber,
      participantIdentity: `sip_${fromNumber}`,
      isTest: true,
    },
    startSession: (agent) => session.start({ agent }),
    controls: {
      transfer: async (to) => {
        log.info("simulated SIP REFER", { to });
        if (opts.transferAccepted === false) throw new Error("SIP 603 Decline");
      },
      hangUp: async () => {},
    },
  });
  await active.greeting?.waitForPlayout();

  if (plan.kind === "converse") {
    for (const turn of turns) {
      if (active.isEnding()) break;
      await session.run({ userInput: turn.caller }).wait();
    }
  }
  // Anything not ended by the agent ends as the caller hanging up.
  if (!active.isEnding()) session.shutdown({ drain: true, reason: voice.CloseReason.PARTICIPANT_DISCONNECTED });
  const ended = await active.ended;
  await retimeAsPhoneCall(active.tenantId, active.callId, opts.at ?? null);

  // platformDb(): Developer CLI reading back the call it just made (platform work).
  const call = await platformDb().call.findUniqueOrThrow({
    where: { id: active.callId },
    include: {
      segments: { orderBy: { sequence: "asc" }, select: { speaker: true, text: true } },
      messages: { select: { id: true } },
      usageRecord: { select: { id: true } },
    },
  });
  return {
    callId: call.id,
    tenantId: call.tenantId,
    roomName,
    plan: plan.kind,
    situation: plan.kind === "converse" ? plan.situation : null,
    endReason: call.endReason ?? ended.reason,
    billableSeconds: call.billableSeconds,
    billableMinutes: call.billableMinutes,
    usageRecordId: call.usageRecord?.id ?? null,
    messageIds: call.messages.map((m) => m.id),
    transcript: call.segments,
  };
}
