// How to answer a call, decided before the first word: suspended tenant,
// outside business hours, over the hard usage cap, or open for business.
// Pure: everything it needs is passed in, so it is tested without a room.

import { describeSchedule, type OpenState, openState, parseSchedule } from "@articulate/calls";
import { forTenant } from "@articulate/db";
import type { CallConfig } from "./call-config";

export type ReceptionistTool = "transfer_call" | "take_message" | "lookup_business_info" | "end_call";
export type AnswerSituation = "open" | "after_hours" | "over_cap";

export type CallPlan =
  /** Talk with the caller using these tools; greeting first. */
  | { kind: "converse"; situation: AnswerSituation; greeting: string; tools: ReceptionistTool[]; openState: OpenState }
  /** Say one thing, then hang up (suspended, announce hours, reject over cap). */
  | { kind: "announce_and_end"; text: string; endReason: "SUSPENDED" | "AFTER_HOURS" | "OVER_CAP" }
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

/**
 * Decides how to answer. `minutesUsed` is the tenant's billable minutes this
 * period (only consulted when the tenant has a hard cap).
 */
export function decideCallHandling(config: CallConfig, now: Date, minutesUsed: number | null): CallPlan {
  const { tenant, agent } = config;
  const business = tenant.name;
  if (tenant.status === "SUSPENDED") {
    return {
      kind: "announce_and_end",
      text: `Thanks for calling ${business}. This line isn't taking calls right now. Please try again later. Goodbye.`,
      endReason: "SUSPENDED",
    };
  }
  const schedule = parseSchedule(agent.businessHours);
  const hours = describeSchedule(schedule);
  if (tenant.hardCapMinutes !== null && minutesUsed !== null && minutesUsed >= tenant.hardCapMinutes) {
    if (tenant.overCapBehaviour === "REJECT") {
      return {
        kind: "announce_and_end",
        text: `Thanks for calling ${business}. We can't take your call right now. Please try again later. Goodbye.`,
        endReason: "OVER_CAP",
      };
    }
    if (tenant.overCapBehaviour === "TAKE_MESSAGE") {
      return {
        kind: "converse",
        situation: "over_cap",
        greeting: greetingFor(config, OFFER_MESSAGE),
        tools: ["take_message", "end_call"],
        openState: { open: true },
      };
    }
  }
  const state = openState(schedule, now, agent.timezone, agent.holidayRegion);
  if (state.open) {
    const tools: ReceptionistTool[] = agent.transferNumber
      ? ["transfer_call", "take_message", "lookup_business_info", "end_call"]
      : ["take_message", "lookup_business_info", "end_call"];
    return { kind: "converse", situation: "open", greeting: greetingFor(config), tools, openState: state };
  }
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
    tools: ["take_message", "lookup_business_info", "end_call"],
    openState: state,
  };
}

/** The tenant's billable minutes in the current period; null when it has no hard cap (no query). */
export async function minutesUsedForCap(config: CallConfig, now: Date): Promise<number | null> {
  if (config.tenant.hardCapMinutes === null) return null;
  const tdb = forTenant(config.tenant.id);
  const sub = await tdb.subscription.findFirst({ where: {}, select: { currentPeriodStart: true } });
  const periodStart = sub?.currentPeriodStart ?? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const agg = await tdb.usageRecord.aggregate({ where: { occurredAt: { gte: periodStart } }, _sum: { minutes: true } });
  return agg._sum.minutes ?? 0;
}
