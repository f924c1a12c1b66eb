// The receptionist as a LiveKit agent: its instructions and tools (the shared
// definitions in @articulate/calls, also used by the dashboard's text chat) on a
// voice.Agent. Side effects go through ReceptionistActions so the agent runs the
// same with a LiveKit room, in simulate-call and in tests.

import {
  type CallConfig,
  type CallPlan,
  type ReceptionistActions,
  type ReceptionistTool,
  ReceptionistToolError,
  receptionistInstructions,
  receptionistToolDefinitions,
} from "@articulate/calls";
import { llm, voice } from "@livekit/agents";

export {
  MESSAGE_SAVED,
  type ReceptionistActions,
  receptionistInstructions,
  type TakeMessageArgs,
} from "@articulate/calls";

/**
 * The receptionist's tools (@articulate/calls' definitions) as LiveKit tools: a
 * failure the model should hear about becomes llm.ToolError.
 */
export function buildReceptionistTools(tools: readonly ReceptionistTool[], actions: ReceptionistActions) {
  const defs = receptionistToolDefinitions(tools, actions);
  return Object.fromEntries(
    Object.entries(defs).map(([name, def]) => [
      name,
      llm.tool({
        description: def.description,
        parameters: def.parameters,
        execute: async (args: unknown) => {
          try {
            return await (def.execute as (a: unknown) => Promise<string | undefined>)(args);
          } catch (err) {
            if (err instanceof ReceptionistToolError) throw new llm.ToolError(err.message);
            throw err;
          }
        },
      }) as unknown as llm.FunctionTool<never, never, unknown>,
    ]),
  ) as Record<string, llm.FunctionTool<never, never, unknown>>;
}

export function buildReceptionistAgent(
  config: CallConfig,
  plan: Extract<CallPlan, { kind: "converse" }>,
  actions: ReceptionistActions,
  /** Tools defined in their own files (src/tools), e.g. the keypad's, by name. */
  extraTools: Record<string, unknown> = {},
  /** Lines those tools add to the instructions (e.g. what can be booked). */
  extraInstructions: string[] = [],
): voice.Agent {
  return new voice.Agent({
    instructions: [receptionistInstructions(config, plan), ...extraInstructions].join("\n"),
    // A name → tool map, as buildReceptionistTools returns (the Agent accepts both forms).
    tools: { ...buildReceptionistTools(plan.tools, actions), ...extraTools } as unknown as llm.ToolContext,
  });
}

/** An agent with no tools for calls that only announce something and hang up. */
export function buildAnnouncerAgent(config: CallConfig): voice.Agent {
  return new voice.Agent({
    instructions: `You are the phone line of ${config.tenant.name}. Say only what you are asked to say.`,
  });
}
