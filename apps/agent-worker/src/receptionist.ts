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
import type { AudioFrame } from "@livekit/rtc-node";

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
    tools: { ...buildReceptionistTools(plan.tools, actions), ...extraTools } as unknown as llm.ToolContext,
  };
  return listen ? new ListeningAgent(options, listen) : new voice.Agent(options);
}

/** An agent with no tools for calls that only announce something and hang up. */
export function buildAnnouncerAgent(config: CallConfig): voice.Agent {
  return new voice.Agent({
    instructions: `You are the phone line of ${config.tenant.name}. Say only what you are asked to say.`,
  });
}
