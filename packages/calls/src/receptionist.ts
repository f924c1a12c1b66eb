// The receptionist's decisions and words, shared by every way a caller meets it:
// the LiveKit worker (phone and browser voice calls, simulate-call) and the
// dashboard's text chat ("Talk to your agent"). How to answer (the call plan),
// the instructions the model gets, its tools (framework-neutral definitions:
// description, zod parameters, execute) and the fixed lines it says all live
// here once; each runtime only wires them to its session.
import {
  type AgentCallConfig,
  type CallConfigPhoneNumber,
  loadAgentCallConfig as loadAgentConfig,
} from "@articulate/db";
import { RECORDING_NOTICE } from "@articulate/recordings";
import { z } from "zod";
import { type AdmissionDecision, admitCall } from "./admission";
import { describeSchedule, type OpenState, parseSchedule, weeklyScheduleSchema } from "./business-hours";
import { describeKeypadMenu, parseKeypadMenu } from "./keypad-menu";

/** The shape is @articulate/db's: one selection typed from the Prisma models, loaded by number or by agent. */
export interface CallConfig extends AgentCallConfig {
  /** null for browser test calls (no phone number involved). */
  phoneNumber: CallConfigPhoneNumber | null;
}

export class CallConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CallConfigError";
  }
}

/** One query: the tenant's agent joined with its tenant (@articulate/db loadAgentCallConfig). */
export async function loadAgentCallConfig(tenantId: string, agentId: string): Promise<CallConfig> {
  const cfg = await loadAgentConfig(tenantId, agentId);
  if (!cfg) throw new CallConfigError(`agent ${agentId} not found for tenant ${tenantId}`);
  return { ...cfg, phoneNumber: null };
}

export type ReceptionistTool = "transfer_call" | "take_message" | "lookup_business_info" | "end_call";
export type AnswerSituation = "open" | "after_hours" | "over_cap";
type ClosedOpenState = Extract<OpenState, { open: false }>;

export type CallPlan =
  /** Talk with the caller using these tools; greeting first. */
  | { kind: "converse"; situation: AnswerSituation; greeting: string; tools: ReceptionistTool[]; openState: OpenState }
  /** Say one thing, then hang up (suspended, announce hours, reject over cap, all lines busy). */
  | { kind: "announce_and_end"; text: string; endReason: "SUSPENDED" | "AFTER_HOURS" | "OVER_CAP" | "BUSY" | "BLOCKED" }
  /** Say one thing, then transfer straight to the human number. */
  | { kind: "transfer_now"; text: string; to: string; endReason: "AFTER_HOURS" };

export { RECORDING_NOTICE };
export const AI_DISCLOSURE = "Just so you know, I'm an AI assistant.";

/**
 * The agent's greeting, the AI disclosure when the agent's flag is on, the
 * recording notice when this call will be recorded, then any situation lines.
 */
function openingLine(config: CallConfig, recorded: boolean, extra: string[]): string {
  return [
    config.agent.greeting.trim(),
    config.agent.aiDisclosure ? AI_DISCLOSURE : "",
    recorded ? RECORDING_NOTICE : "",
    ...extra,
  ]
    .filter(Boolean)
    .join(" ");
}

/** Opening line of a call that is refused or handed straight on: never recorded, so no notice. */
export function greetingFor(config: CallConfig, ...extra: string[]): string {
  return openingLine(config, false, extra);
}

/** Opening line of a conversation: recorded when the agent keeps recordings, so the notice is said. */
export function conversationGreetingFor(config: CallConfig, ...extra: string[]): string {
  return openingLine(config, config.agent.recordingEnabled, extra);
}

const OFFER_MESSAGE = "I can take a message and someone will call you back.";

/** Decides how to answer, given the call's admission (admissionFor). */
export function decideCallHandling(config: CallConfig, admission: AdmissionDecision): CallPlan {
  const { tenant, agent } = config;
  const business = tenant.name;
  const refusal = admission.admitted ? null : admission.refusal;
  if (refusal?.code === "caller_blocked") {
    // The LiveKit job refuses blocked callers before any session starts (job.ts); any other
    // caller of this function still ends the call at once, and the ledger never bills it.
    return { kind: "announce_and_end", text: "Goodbye.", endReason: "BLOCKED" };
  }
  if (refusal?.code === "tenant_suspended") {
    return {
      kind: "announce_and_end",
      text: `Thanks for calling ${business}. This line isn't taking calls right now. Please try again later. Goodbye.`,
      endReason: "SUSPENDED",
    };
  }
  if (refusal?.code === "hard_cap_reached") {
    if (refusal.overCapBehaviour === "REJECT") {
      return {
        kind: "announce_and_end",
        text: `Thanks for calling ${business}. We can't take your call right now. Please try again later. Goodbye.`,
        endReason: "OVER_CAP",
      };
    }
    return {
      kind: "converse",
      situation: "over_cap",
      greeting: conversationGreetingFor(config, OFFER_MESSAGE),
      tools: ["take_message", "end_call"],
      openState: { open: true },
    };
  }
  if (refusal?.code === "concurrency_limit_reached") {
    return {
      kind: "announce_and_end",
      text: `Thanks for calling ${business}. All our lines are busy right now. Please try again in a few minutes. Goodbye.`,
      endReason: "BUSY",
    };
  }
  if (!refusal) {
    const tools: ReceptionistTool[] = agent.transferNumber
      ? ["transfer_call", "take_message", "lookup_business_info", "end_call"]
      : ["take_message", "lookup_business_info", "end_call"];
    return {
      kind: "converse",
      situation: "open",
      greeting: conversationGreetingFor(config),
      tools,
      openState: { open: true },
    };
  }
  // Outside hours; a schedule we cannot read is treated as closed rather than answering at any hour.
  const parsed = weeklyScheduleSchema.safeParse(agent.businessHours ?? null);
  const hours = describeSchedule(parsed.success ? parsed.data : null);
  const state: ClosedOpenState = refusal.state.reason === "holiday" ? refusal.state : { open: false, reason: "closed" };
  const closedWhy = state.reason === "holiday" ? `We're closed today for ${state.holiday}.` : "We're closed right now.";
  switch (agent.afterHoursBehaviour) {
    case "ANNOUNCE_HOURS":
      return {
        kind: "announce_and_end",
        text: greetingFor(
          config,
          agent.afterHoursMessage?.trim() || closedWhy,
          hours,
          "Please call back then. Goodbye.",
        ),
        endReason: "AFTER_HOURS",
      };
    case "TRANSFER":
      if (agent.transferNumber) {
        return {
          kind: "transfer_now",
          text: greetingFor(config, `${closedWhy} I'll put you through to someone now, please hold.`),
          to: agent.transferNumber,
          endReason: "AFTER_HOURS",
        };
      }
      break;
    case "TAKE_MESSAGE":
      break;
  }
  const greeting = conversationGreetingFor(
    config,
    agent.afterHoursMessage?.trim() || `${closedWhy} ${hours}`,
    OFFER_MESSAGE,
  );
  return {
    kind: "converse",
    situation: "after_hours",
    greeting,
    tools: ["take_message", "lookup_business_info", "end_call"],
    openState: state,
  };
}

/**
 * The call's admission. Inbound calls are decided here (their row does not
 * exist yet; other ringing or live calls count toward the concurrency cap).
 * Outbound calls were admitted when they were placed (@articulate/calls
 * placeTenantOutboundCall), so the worker does not decide them twice.
 */
export async function admissionFor(
  config: CallConfig,
  now: Date,
  direction: "INBOUND" | "OUTBOUND" = "INBOUND",
  roomName?: string,
  /** Inbound caller id (for the block list); omitted: not checked. */
  fromNumber?: string,
): Promise<AdmissionDecision> {
  if (direction === "OUTBOUND") return { admitted: true };
  return admitCall({
    direction,
    tenant: config.tenant,
    agent: config.agent,
    now,
    excludeRoomName: roomName,
    fromNumber,
  });
}

// ─── What the receptionist says and knows ───────────────────────────────────

/** What take_message tells the model once the message is stored. */
export const MESSAGE_SAVED =
  "Message saved. Tell the caller it has been passed on, then ask if there is anything else.";
/** What the agent's instructions say about lookup_business_info. */
export const LOOKUP_INSTRUCTIONS =
  "For any question about the business itself (hours, location, parking, fees, services, policies), call lookup_business_info first. Answer only from what it returns or from these instructions; if it finds nothing, say you will pass the question on and offer to take a message.";
export const TRANSFER_HANDOFF = "Sure, I'll put you through to someone now. Please hold.";
export const TRANSFER_REFUSED =
  "I'm sorry, I couldn't connect you just now. I can take a message and have someone call you back.";
export const GOODBYE = "Thanks for calling. Goodbye!";

/** How a conversation the agent ends on its own is recorded: after-hours calls keep their reason. */
export function agentEndReason(plan: CallPlan): "AFTER_HOURS" | "AGENT_ENDED" {
  return plan.kind === "converse" && plan.situation === "after_hours" ? "AFTER_HOURS" : "AGENT_ENDED";
}

export function receptionistInstructions(config: CallConfig, plan: Extract<CallPlan, { kind: "converse" }>): string {
  const { agent, tenant } = config;
  const hours = describeSchedule(parseSchedule(agent.businessHours));
  const lines = [
    `You are ${agent.name}, the phone receptionist for ${tenant.name}. You are on a live phone call: keep replies short, warm and spoken (no lists, no markdown).`,
    agent.instructions.trim(),
    `Business hours: ${hours} (timezone ${agent.timezone}).`,
    agent.aiDisclosure ? "If asked, say plainly that you are an AI assistant." : "",
  ];
  if (plan.situation === "after_hours") {
    lines.push(
      "The business is closed right now. Offer to take a message (name, callback number, reason); do not promise a callback time.",
    );
  } else if (plan.situation === "over_cap") {
    lines.push("You can only take messages on this call: collect the caller's name, callback number and reason.");
  }
  if (plan.tools.includes("lookup_business_info")) lines.push(LOOKUP_INSTRUCTIONS);
  if (plan.tools.includes("transfer_call")) {
    lines.push(
      "When the caller asks for a person, or you cannot help, call transfer_call. Do not speak after calling it; the handoff is announced for you.",
    );
  }
  const keypadMenu = parseKeypadMenu(agent.keypadMenu);
  if (keypadMenu) {
    lines.push(
      `Callers can also use their phone keypad: press ${describeKeypadMenu(keypadMenu)}. Mention it if they seem stuck.`,
    );
  }
  lines.push(
    "To take a message, collect the caller's name, a callback number and the reason, then call take_message once.",
    "Pass urgency: urgent when it cannot wait until the next business day (pain, a break-down, a safety issue, a deadline today), otherwise normal; when it is unclear, ask the caller whether it is urgent.",
    "When the caller is done, call end_call; the goodbye is spoken for you.",
  );
  return lines.filter(Boolean).join("\n");
}

export interface TakeMessageArgs {
  callerName: string;
  callbackNumber: string;
  reason: string;
  urgency?: "urgent" | "normal";
}

/** What the receptionist's tools do in a given runtime (a LiveKit room, a text chat, a test). */
export interface ReceptionistActions {
  /** Hands the caller to the tenant's human number (speaks the handoff itself). */
  transfer(reason: string): Promise<void>;
  /** Stores the message; returns its id. Throws with a reason the model can repeat. */
  takeMessage(args: TakeMessageArgs): Promise<string>;
  /** Says goodbye, then hangs up. */
  endCall(reason: string): void;
  /** Searches the business's knowledge; returns what to tell the model. */
  lookupBusinessInfo(question: string): Promise<string>;
}

/** A tool failure the model is told about (it can apologise or ask again); the runtime maps it to its own error type. */
export class ReceptionistToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReceptionistToolError";
  }
}

/** A framework-neutral tool: the worker wraps it in llm.tool, the text chat sends its JSON schema to the model. */
export interface ReceptionistToolDefinition<S extends z.ZodType = z.ZodType> {
  description: string;
  parameters: S;
  /** The result the model reads; undefined when the runtime speaks for itself (transfer, end). */
  execute(args: z.infer<S>): Promise<string | undefined>;
}

function defineTool<S extends z.ZodType>(tool: ReceptionistToolDefinition<S>): ReceptionistToolDefinition<S> {
  return tool;
}

/** The receptionist's tools named in `tools` (the call plan's list), bound to `actions`. */
export function receptionistToolDefinitions(tools: readonly ReceptionistTool[], actions: ReceptionistActions) {
  const all = {
    transfer_call: defineTool({
      description: "Transfer the caller to a human at the business. Use when they ask for a person or you cannot help.",
      parameters: z.object({ reason: z.string().describe("Why the caller wants a person, in a few words") }),
      execute: async ({ reason }) => {
        await actions.transfer(reason);
        return undefined;
      },
    }),
    take_message: defineTool({
      description: "Save a message for the business to call the caller back.",
      parameters: z.object({
        callerName: z.string().describe("The caller's name"),
        callbackNumber: z.string().describe("Phone number to call back, digits as said"),
        reason: z.string().describe("What the call is about"),
        urgency: z
          .enum(["urgent", "normal"])
          .optional()
          .describe("urgent if it cannot wait until the next business day; ask the caller when unclear"),
      }),
      execute: async (args) => {
        try {
          await actions.takeMessage(args);
        } catch (err) {
          throw new ReceptionistToolError(
            `Could not save the message: ${err instanceof Error ? err.message : "unknown error"}. Ask the caller to repeat the detail.`,
          );
        }
        return MESSAGE_SAVED;
      },
    }),
    lookup_business_info: defineTool({
      description:
        "Look up facts about this business (opening hours, location, parking, fees, services, policies) in its FAQ and website.",
      parameters: z.object({
        question: z.string().min(1).max(500).describe("The caller's question, in their words"),
      }),
      execute: async ({ question }) => actions.lookupBusinessInfo(question),
    }),
    end_call: defineTool({
      description: "End the call once the caller is finished. The goodbye is spoken for you.",
      parameters: z.object({ reason: z.string().describe("Why the call is ending, in a few words") }),
      execute: async ({ reason }) => {
        actions.endCall(reason);
        return undefined;
      },
    }),
  };
  return Object.fromEntries(tools.map((t) => [t, all[t]])) as Partial<typeof all>;
}
