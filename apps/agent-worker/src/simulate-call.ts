// simulate-call: a scripted caller talks to the real receptionist (same
// config resolution, call plan, agent, tools and persistence as a phone call)
// through a text-only AgentSession. The LLM is FakeLLM with scripted replies,
// or OpenAI when OPENAI_API_KEY is set and llm: "openai" is chosen. It leaves a
// real call, transcript, message and usage record in the database.
import crypto from "node:crypto";
import { describeSchedule, openState, parseSchedule } from "@articulate/calls";
import { type CallEndReason, platformDb } from "@articulate/db";
import { initializeLogger, type llm, voice } from "@livekit/agents";
import { type CallConfig, loadAgentCallConfig, resolveCallConfig } from "./call-config";
import { admissionFor, type CallPlan, decideCallHandling } from "./call-plan";
import { type Logger, silentLogger } from "./log";
import { MESSAGE_SAVED } from "./receptionist";
import { beginCall } from "./receptionist-call";

export const SIMULATION_SCRIPTS = ["greeting", "message", "transfer", "after-hours"] as const;
export type SimulationScript = (typeof SIMULATION_SCRIPTS)[number];

export interface SimulateCallOptions {
  /** Tenant slug, e.g. "harbour-dental". */
  tenant: string;
  /** The tenant's number to "dial" (E.164); default: its first active number with an agent, else its first agent. */
  number?: string;
  script?: SimulationScript;
  /** Time the business-hours decision is made for; default: now (after-hours: the next closed hour). */
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
  }
}

function fakeLlmFor(turns: Turn[]): voice.testing.FakeLLM {
  return new voice.testing.FakeLLM(
    turns.flatMap((t) => [
      { input: t.caller, content: t.reply, toolCalls: t.tool ? [t.tool] : undefined },
      ...(t.afterTool ? [{ input: JSON.stringify(MESSAGE_SAVED), content: t.afterTool }] : []),
    ]),
  );
}

/** The first time from `from` (hour steps, up to two weeks) at which the business is open / closed. */
function firstTime(config: CallConfig, from: Date, wantOpen: boolean): Date {
  const schedule = parseSchedule(config.agent.businessHours);
  for (let h = 0; h < 24 * 14; h++) {
    const at = new Date(from.getTime() + h * 3_600_000);
    if (openState(schedule, at, config.agent.timezone, config.agent.holidayRegion).open === wantOpen) return at;
  }
  return from;
}

async function loadConfig(slug: string, number: string | undefined): Promise<CallConfig> {
  // A CLI resolving a tenant by slug is platform work: cross-tenant by nature.
  const tenant = await platformDb().tenant.findUnique({ where: { slug }, select: { id: true } });
  if (!tenant) throw new Error(`--tenant: no tenant with slug "${slug}"`);
  if (number) return resolveCallConfig({ tenantId: tenant.id }, number);
  const pn = await platformDb().phoneNumber.findFirst({
    where: { tenantId: tenant.id, status: "ACTIVE", agentId: { not: null }, e164Active: { not: null } },
    orderBy: { createdAt: "asc" },
    select: { e164: true },
  });
  if (pn) return resolveCallConfig({ tenantId: tenant.id }, pn.e164);
  const agent = await platformDb().agent.findFirst({
    where: { tenantId: tenant.id, archivedAt: null },
    orderBy: { createdAt: "asc" },
    select: { id: true },
  });
  if (!agent) throw new Error(`tenant "${slug}" has no agent yet: create one in the dashboard first`);
  return loadAgentCallConfig(tenant.id, agent.id);
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
  const at = opts.at ?? firstTime(config, now, script !== "after-hours");
  const plan = decideCallHandling(config, await admissionFor(config, at));
  const turns = scriptTurns(script, config);

  let model: llm.LLM;
  if (opts.llm === "openai") {
    if (!process.env.OPENAI_API_KEY) throw new Error("--llm openai: set OPENAI_API_KEY");
    const openai = await import("@livekit/agents-plugin-openai");
    model = new openai.LLM({ model: "gpt-4.1-mini" });
  } else {
    model = fakeLlmFor(turns);
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
    call: { roomName, direction: "INBOUND", fromNumber, toNumber, participantIdentity: `sip_${fromNumber}` },
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
