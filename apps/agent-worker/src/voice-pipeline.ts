// Which speech-to-text, LLM and text-to-speech a call uses, from the agent's
// configuration: LiveKit Inference model strings on LiveKit Cloud, otherwise
// provider plugins for whichever keys are set. Nothing usable → an error that
// names the setting to add. Plugins are imported lazily (idle job processes
// stay small).

import { openAiChatModel } from "@articulate/calls";
import type { InboundAgentConfig } from "@articulate/db";
import type { llm, stt, tts } from "@livekit/agents";
import { isLiveKitCloud, type WorkerEnv } from "./env";

export class VoicePipelineConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(message);
    this.name = "VoicePipelineConfigError";
  }
}

type ModelConfig = Pick<InboundAgentConfig, "sttModel" | "llmModel" | "ttsModel" | "voice" | "language">;

export interface VoicePipeline {
  source: "livekit-inference" | "plugins";
  stt: stt.STT | string;
  llm: llm.LLM | string;
  tts: tts.TTS | string;
  describe: { stt: string; llm: string; tts: string };
}

/** "provider/model" → "model" (plugins take the bare model name). */
const bareModel = (m: string) => m.slice(m.indexOf("/") + 1);
const provider = (m: string) => m.slice(0, Math.max(0, m.indexOf("/")));
const languageCode = (lang: string) => lang.split("-")[0] ?? "en";

/** Checks at startup (no plugin loaded) that some pipeline can be built; returns the problem or null. */
export function voicePipelineProblem(env: WorkerEnv): VoicePipelineConfigError | null {
  if (isLiveKitCloud(env)) return null;
  if (!env.OPENAI_API_KEY) {
    return new VoicePipelineConfigError(
      "OPENAI_API_KEY",
      "no LLM available: set OPENAI_API_KEY (self-hosted LiveKit cannot use LiveKit Inference; on LiveKit Cloud set LIVEKIT_URL to your *.livekit.cloud project)",
    );
  }
  return null;
}

export async function chooseVoicePipeline(agent: ModelConfig, env: WorkerEnv): Promise<VoicePipeline> {
  if (isLiveKitCloud(env)) {
    // A Cartesia voice id is a UUID; anything else (e.g. OpenAI's "alloy") keeps the model's default voice.
    const voice = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(agent.voice)
      ? `:${agent.voice}`
      : "";
    const d = {
      stt: `${agent.sttModel}:${languageCode(agent.language)}`,
      llm: agent.llmModel,
      tts: `${agent.ttsModel}${voice}`,
    };
    return { source: "livekit-inference", ...d, describe: d };
  }
  const problem = voicePipelineProblem(env);
  if (problem) throw problem;
  const openai = await import("@livekit/agents-plugin-openai");
  const llmModel = openAiChatModel(agent.llmModel);
  const theLlm = new openai.LLM({ model: llmModel, apiKey: env.OPENAI_API_KEY });

  let theStt: stt.STT;
  let sttName: string;
  if (env.DEEPGRAM_API_KEY) {
    const deepgram = await import("@livekit/agents-plugin-deepgram");
    const model = provider(agent.sttModel) === "deepgram" ? bareModel(agent.sttModel) : "nova-3";
    theStt = new deepgram.STT({ model: model as never, language: agent.language, apiKey: env.DEEPGRAM_API_KEY });
    sttName = `deepgram/${model}`;
  } else {
    theStt = new openai.STT({ apiKey: env.OPENAI_API_KEY, language: languageCode(agent.language) });
    sttName = "openai/stt";
  }

  let theTts: tts.TTS;
  let ttsName: string;
  if (env.ELEVENLABS_API_KEY) {
    const elevenlabs = await import("@livekit/agents-plugin-elevenlabs");
    theTts = new elevenlabs.TTS({
      apiKey: env.ELEVENLABS_API_KEY,
      ...(agent.voice.length > 12 ? { voiceId: agent.voice } : {}),
    });
    ttsName = "elevenlabs";
  } else {
    theTts = new openai.TTS({ apiKey: env.OPENAI_API_KEY, voice: agent.voice as never });
    ttsName = `openai/tts:${agent.voice}`;
  }
  return {
    source: "plugins",
    stt: theStt,
    llm: theLlm,
    tts: theTts,
    describe: { stt: sttName, llm: `openai/${llmModel}`, tts: ttsName },
  };
}
