// Which speech-to-text, LLM and text-to-speech a call uses, from the agent's
// configuration: LiveKit Inference model strings on LiveKit Cloud, otherwise
// provider plugins for whichever keys are set. Nothing usable → an error that
// names the setting to add. Plugins are imported lazily (idle job processes
// stay small).

import { openAiChatModel } from "@articulate/calls";
import type { InboundAgentConfig } from "@articulate/db";
import type { CallLeg } from "@articulate/telephony";
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

/**
 * The recommended speech-to-text (the schema's default and the dashboard's
 * "recommended" option). It means "the provider's best model for the call's
 * audio": wideband for browser test calls, the provider's telephony model on a
 * phone leg. Any other configured model is the owner's explicit choice and is
 * used on every leg.
 */
export const RECOMMENDED_STT_MODEL = "deepgram/nova-3";
/** Providers' models trained on 8 kHz phone audio (Deepgram: Nova-2 Phonecall, accepted by the plugin and Inference). */
const TELEPHONY_STT_MODEL: Readonly<Record<string, string>> = { deepgram: "deepgram/nova-2-phonecall" };

export interface SttChoice {
  /** "provider/model" as used by LiveKit Inference. */
  model: string;
  /** Language code sent with it (Deepgram's use-case models such as phonecall are English-only: "en"). */
  language: string;
  why: "configured" | "telephony";
}

/** The speech-to-text model for one call, from the agent's setting and the call's leg. */
export function chooseSttModel(agent: Pick<ModelConfig, "sttModel" | "language">, leg: CallLeg): SttChoice {
  const telephony = TELEPHONY_STT_MODEL[provider(agent.sttModel)];
  if (leg === "phone" && agent.sttModel === RECOMMENDED_STT_MODEL && telephony && languageCode(agent.language) === "en")
    return { model: telephony, language: "en", why: "telephony" };
  return { model: agent.sttModel, language: agent.language, why: "configured" };
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

export async function chooseVoicePipeline(agent: ModelConfig, env: WorkerEnv, leg: CallLeg): Promise<VoicePipeline> {
  const sttChoice = chooseSttModel(agent, leg);
  if (isLiveKitCloud(env)) {
    // A Cartesia voice id is a UUID; anything else (e.g. OpenAI's "alloy") keeps the model's default voice.
    const voice = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(agent.voice)
      ? `:${agent.voice}`
      : "";
    const d = {
      stt: `${sttChoice.model}:${languageCode(sttChoice.language)}`,
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
    const model = provider(sttChoice.model) === "deepgram" ? bareModel(sttChoice.model) : "nova-3";
    theStt = new deepgram.STT({
      // A configured model the plugin's type does not list (custom) is passed as is; Deepgram validates it.
      model: model as never,
      language: sttChoice.language,
      apiKey: env.DEEPGRAM_API_KEY,
      ...(env.DEEPGRAM_BASE_URL ? { baseUrl: env.DEEPGRAM_BASE_URL } : {}),
    });
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
