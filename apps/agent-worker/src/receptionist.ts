// The receptionist itself: its instructions and tools, built from the agent's
// configuration and the call plan. Side effects go through ReceptionistActions
// so the agent runs the same with a LiveKit room, in simulate-call and in tests.

import { describeKeypadMenu, describeSchedule, parseKeypadMenu, parseSchedule } from "@articulate/calls";
import { llm, voice } from "@livekit/agents";
import type { AudioFrame } from "@livekit/rtc-node";
import { z } from "zod";
import type { CallConfig } from "./call-config";
import type { CallPlan, ReceptionistTool } from "./call-plan";
import { type BusinessInfoLookup, LOOKUP_INSTRUCTIONS, lookupBusinessInfoTool } from "./tools/lookup-business-info";

export interface TakeMessageArgs {
  callerName: string;
  callbackNumber: string;
  reason: string;
  urgency?: "urgent" | "normal";
}

export interface ReceptionistActions {
  /** Hands the caller to the tenant's human number (speaks the handoff itself). */
  transfer(reason: string): Promise<void>;
  /** Stores the message; returns its id. Throws with a reason the model can repeat. */
  takeMessage(args: TakeMessageArgs): Promise<string>;
  /** Says goodbye, then hangs up. */
  endCall(reason: string): void;
  /** Searches the business's knowledge; returns what to tell the model. */
  lookupBusinessInfo: BusinessInfoLookup;
}

/** What take_message tells the model once the message is stored. */
export const MESSAGE_SAVED =
  "Message saved. Tell the caller it has been passed on, then ask if there is anything else.";

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

export function buildReceptionistTools(tools: readonly ReceptionistTool[], actions: ReceptionistActions) {
  const all = {
    transfer_call: llm.tool({
      description: "Transfer the caller to a human at the business. Use when they ask for a person or you cannot help.",
      parameters: z.object({ reason: z.string().describe("Why the caller wants a person, in a few words") }),
      execute: async ({ reason }) => {
        await actions.transfer(reason);
        return undefined;
      },
    }),
    take_message: llm.tool({
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
          throw new llm.ToolError(
            `Could not save the message: ${err instanceof Error ? err.message : "unknown error"}. Ask the caller to repeat the detail.`,
          );
        }
        return MESSAGE_SAVED;
      },
    }),
    lookup_business_info: lookupBusinessInfoTool(actions.lookupBusinessInfo),
    end_call: llm.tool({
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

/** An agent that also shows the caller's audio, on its way to speech-to-text, to a listener (the bandwidth probe). */
class ListeningAgent extends voice.Agent {
  constructor(
    options: ConstructorParameters<typeof voice.Agent>[0],
    private readonly listen: (frame: AudioFrame) => void,
  ) {
    super(options);
  }

  override async sttNode(
    audio: ReadableStream<AudioFrame> | AsyncIterable<AudioFrame>,
    modelSettings: Parameters<voice.Agent["sttNode"]>[1],
  ) {
    if (!(audio instanceof ReadableStream)) return super.sttNode(audio, modelSettings);
    const listen = this.listen;
    const tapped = audio.pipeThrough(
      new TransformStream<AudioFrame, AudioFrame>({
        transform(frame, out) {
          listen(frame);
          out.enqueue(frame);
        },
      }),
    );
    return super.sttNode(tapped, modelSettings);
  }
}

export function buildReceptionistAgent(
  config: CallConfig,
  plan: Extract<CallPlan, { kind: "converse" }>,
  actions: ReceptionistActions,
  /** Tools defined in their own files (src/tools), e.g. the keypad's, by name. */
  extraTools: Record<string, unknown> = {},
  /** Lines those tools add to the instructions (e.g. what can be booked). */
  extraInstructions: string[] = [],
  /** Sees every frame of the caller's audio (the audio bandwidth probe). */
  listen?: (frame: AudioFrame) => void,
): voice.Agent {
  const options = {
    instructions: [receptionistInstructions(config, plan), ...extraInstructions].join("\n"),
    // A name → tool map, as buildReceptionistTools returns (the Agent accepts both forms).
    tools: { ...buildReceptionistTools(plan.tools, actions), ...extraTools } as llm.ToolContext,
  };
  return listen ? new ListeningAgent(options, listen) : new voice.Agent(options);
}

/** An agent with no tools for calls that only announce something and hang up. */
export function buildAnnouncerAgent(config: CallConfig): voice.Agent {
  return new voice.Agent({
    instructions: `You are the phone line of ${config.tenant.name}. Say only what you are asked to say.`,
  });
}
