// How to answer a call, decided before the first word. Whether the call is
// admitted (suspended, hard cap, concurrency cap, hours) is @articulate/calls'
// admission, the same decision outbound placement uses; this turns a refusal
// into what the caller hears. Pure: everything it needs is passed in.

import {
  type AdmissionDecision,
  admitCall,
  describeSchedule,
  type OpenState,
  weeklyScheduleSchema,
} from "@articulate/calls";
import type { CallConfig } from "./call-config";

export type ReceptionistTool = "transfer_call" | "take_message" | "end_call";
export type AnswerSituation = "open" | "after_hours" | "over_cap";
type ClosedOpenState = Extract<OpenState, { open: false }>;

export type CallPlan =
  /** Talk with the caller using these tools; greeting first. */
  | { kind: "converse"; situation: AnswerSituation; greeting: string; tools: ReceptionistTool[]; openState: OpenState }
  /** Say one thing, then hang up (suspended, announce hours, reject over cap, all lines busy). */
  | { kind: "announce_and_end"; text: string; endReason: "SUSPENDED" | "AFTER_HOURS" | "OVER_CAP" | "BUSY" | "BLOCKED" }
  /** Say one thing, then transfer straight to the human number. */
  | { kind: "transfer_now"; text: string; to: string; endReason: "AFTER_HOURS" };

export const AI_DISCLOSURE = "Just so you know, I'm an AI assistant.";

/** The agent's greeting, the AI disclosure when the agent's flag is on, then any situation lines. */
export function greetingFor(config: CallConfig, ...extra: string[]): string {
  return [config.agent.greeting.trim(), config.agent.aiDisclosure ? AI_DISCLOSURE : "", ...extra]
    .filter(Boolean)
    .join(" ");
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
      greeting: greetingFor(config, OFFER_MESSAGE),
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
      ? ["transfer_call", "take_message", "end_call"]
      : ["take_message", "end_call"];
    return { kind: "converse", situation: "open", greeting: greetingFor(config), tools, openState: { open: true } };
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
  const greeting = greetingFor(config, agent.afterHoursMessage?.trim() || `${closedWhy} ${hours}`, OFFER_MESSAGE);
  return {
    kind: "converse",
    situation: "after_hours",
    greeting,
    tools: ["take_message", "end_call"],
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
