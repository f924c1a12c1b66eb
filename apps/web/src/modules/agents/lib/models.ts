// The models an agent can pick in the dashboard: LiveKit Inference model strings
// ("provider/model"), which the worker uses as they are on LiveKit Cloud and maps
// to its provider plugins elsewhere (apps/agent-worker voice-pipeline.ts). Owners
// choose from these; operators may also enter any other model string ("Custom").
// The API accepts any string (agents.ts validates the shape only).
export interface ModelOption {
  value: string;
  label: string;
}

export const SUPPORTED_MODELS = {
  sttModel: [
    {
      value: "deepgram/nova-3",
      label: "Deepgram Nova-3 (recommended; phone calls use Deepgram's phone-call model)",
    },
    { value: "deepgram/nova-2", label: "Deepgram Nova-2" },
    { value: "assemblyai/universal-streaming", label: "AssemblyAI Universal Streaming" },
    { value: "openai/gpt-4o-transcribe", label: "OpenAI GPT-4o Transcribe" },
  ],
  llmModel: [
    { value: "openai/gpt-4.1-mini", label: "OpenAI GPT-4.1 mini (recommended)" },
    { value: "openai/gpt-4.1", label: "OpenAI GPT-4.1" },
    { value: "openai/gpt-4o-mini", label: "OpenAI GPT-4o mini" },
    { value: "openai/gpt-5-mini", label: "OpenAI GPT-5 mini" },
  ],
  ttsModel: [
    { value: "deepgram/aura-2", label: "Deepgram Aura-2 (recommended)" },
    { value: "cartesia/sonic-3", label: "Cartesia Sonic-3" },
    { value: "cartesia/sonic-2", label: "Cartesia Sonic-2" },
    { value: "elevenlabs/eleven_flash_v2_5", label: "ElevenLabs Flash v2.5" },
    { value: "openai/gpt-4o-mini-tts", label: "OpenAI GPT-4o mini TTS" },
  ],
} as const satisfies Record<"sttModel" | "llmModel" | "ttsModel", readonly ModelOption[]>;
