// Stand-ins for the model providers, at the provider edge only: everything
// between them (VAD, end-of-turn model, endpointing, interruptions, tools,
// persistence) is the real pipeline. Each models its provider's latency.
//  - CallerScriptSTT: a non-streaming STT, so the session wraps it in
//    stt.StreamAdapter with the real Silero VAD, which decides where an
//    utterance ends; it returns the words of the caller clips that played.
//  - PatternLLM: a stateless LLM that answers by pattern and emits tool calls
//    (preemptive generation calls it on partial turns and discards results).
//  - EspeakTTS: a non-streaming TTS speaking with espeak-ng.
import {
  type APIConnectOptions,
  asLanguageCode,
  type ChatContext,
  DEFAULT_API_CONNECT_OPTIONS,
  delay,
  FunctionCall,
  llm,
  shortuuid,
  stt,
  type ToolChoice,
  tts,
} from "@livekit/agents";
import { AudioFrame } from "@livekit/rtc-node";
import type { CallerSpan } from "./audio-line";
import { AGENT_VOICE, SAMPLE_RATE, synthesize } from "./phone-audio";

/** Provider latency to model, ms (0 = the platform's own overhead only). */
export interface ProviderDelays {
  /** Speech end → final transcript. */
  sttFinalMs: number;
  /** Request → first token. */
  llmFirstTokenMs: number;
  /** Text → first audio byte. */
  ttsFirstByteMs: number;
}

export const NO_DELAYS: ProviderDelays = { sttFinalMs: 0, llmFirstTokenMs: 0, ttsFirstByteMs: 0 };
export const REALISTIC_DELAYS: ProviderDelays = { sttFinalMs: 150, llmFirstTokenMs: 400, ttsFirstByteMs: 150 };

/** What the STT stand-in can hear: the caller's clips and the call clock. */
export interface CallerLine {
  readonly callerSpans: readonly CallerSpan[];
  readonly now: number;
}

/** The words of a clip, each with the call-clock sample by which it has been said (spread over the voiced part by length). */
export function wordTimes(span: CallerSpan): { word: string; saidBy: number }[] {
  const words = (span.heardAs ?? span.text).split(/\s+/).filter(Boolean);
  const total = words.reduce((n, w) => n + w.length, 0);
  let done = 0;
  return words.map((word) => {
    done += word.length;
    return { word, saidBy: span.start + Math.round(((span.lastVoiced - span.start) * done) / total) };
  });
}

export class CallerScriptSTT extends stt.STT {
  label = "harness.caller-script-stt";
  /** Words of each clip already returned, by clip index. */
  private given: number[] = [];
  /** Recognition requests (one per VAD speech segment). */
  requests = 0;

  constructor(
    private readonly line: CallerLine,
    private readonly delays: ProviderDelays,
  ) {
    super({ streaming: false, interimResults: false });
  }

  protected async _recognize(_frame: unknown, abortSignal?: AbortSignal): Promise<stt.SpeechEvent> {
    this.requests++;
    // The words said by now: the VAD hands over a segment once the caller has been quiet for its silence, so
    // nothing said later is in it. (A provider cannot transcribe words the caller has not said yet; a clip cut
    // short by a hang-up yields the words said before the cut.)
    const heardUntil = this.line.now;
    const words: string[] = [];
    this.line.callerSpans.forEach((span, i) => {
      const said = wordTimes(span).filter((w) => w.saidBy <= Math.min(heardUntil, span.cutAt ?? heardUntil));
      words.push(...said.slice(this.given[i] ?? 0).map((w) => w.word));
      this.given[i] = Math.max(this.given[i] ?? 0, said.length);
    });
    if (this.delays.sttFinalMs > 0) await delay(this.delays.sttFinalMs, { signal: abortSignal });
    const text = words.join(" ");
    return {
      type: stt.SpeechEventType.FINAL_TRANSCRIPT,
      alternatives: [{ language: asLanguageCode("en"), text, startTime: 0, endTime: 0, confidence: text ? 0.95 : 0 }],
    };
  }

  stream(): stt.SpeechStream {
    throw new Error("CallerScriptSTT is not streaming (the session adapts it with the VAD)");
  }
}

/** One rule: the caller's words → a reply or a tool call. */
export interface LlmRule {
  when: RegExp;
  reply?: string;
  tool?: { name: string; args: (text: string) => Record<string, unknown> };
}

/** The reply after a tool: fixed, or read from what the tool returned (e.g. a knowledge lookup). */
export type AfterTool = Readonly<Record<string, string | ((toolOutput: string) => string)>>;

export class PatternLLM extends llm.LLM {
  /** Every chat request, including preemptive ones that the session discards. */
  requests: string[] = [];

  constructor(
    readonly rules: readonly LlmRule[],
    readonly afterTool: AfterTool,
    readonly delays: ProviderDelays,
  ) {
    super();
  }

  label(): string {
    return "harness.pattern-llm";
  }

  chat(opts: {
    chatCtx: ChatContext;
    toolCtx?: llm.ToolContextLike;
    connOptions?: APIConnectOptions;
    parallelToolCalls?: boolean;
    toolChoice?: ToolChoice;
    extraKwargs?: Record<string, unknown>;
  }): llm.LLMStream {
    return new PatternLLMStream(this, {
      chatCtx: opts.chatCtx,
      toolCtx: opts.toolCtx,
      connOptions: opts.connOptions ?? DEFAULT_API_CONNECT_OPTIONS,
    });
  }
}

class PatternLLMStream extends llm.LLMStream {
  constructor(
    private readonly model: PatternLLM,
    params: { chatCtx: ChatContext; toolCtx?: llm.ToolContextLike; connOptions: APIConnectOptions },
  ) {
    super(model, params);
  }

  protected async run(): Promise<void> {
    const items = this.chatCtx.items;
    const last = items.at(-1);
    let reply: string | undefined;
    let call: { name: string; args: Record<string, unknown> } | undefined;
    if (last?.type === "function_call_output") {
      const fn = items.findLast((i) => i.type === "function_call");
      const after = fn?.type === "function_call" ? this.model.afterTool[fn.name] : undefined;
      reply = typeof after === "function" ? after(last.output) : after;
      this.model.requests.push(`tool:${fn?.type === "function_call" ? fn.name : "?"}`);
    } else if (last?.type === "message" && last.role === "user") {
      const text = last.textContent ?? "";
      this.model.requests.push(text);
      const rule = this.model.rules.find((r) => r.when.test(text));
      reply = rule ? rule.reply : "Sorry, could you say that again?";
      if (rule?.tool) call = { name: rule.tool.name, args: rule.tool.args(text) };
    }
    if (reply === undefined && !call) return;
    if (this.model.delays.llmFirstTokenMs > 0) {
      await delay(this.model.delays.llmFirstTokenMs, { signal: this.abortController.signal }).catch(() => undefined);
    }
    const id = shortuuid("harness_");
    if (reply) {
      // Word by word, as a provider streams tokens.
      for (const word of reply.split(/(?<= )/)) this.queue.put({ id, delta: { role: "assistant", content: word } });
    }
    if (call) {
      const fc = FunctionCall.create({ callId: shortuuid("call_"), name: call.name, args: JSON.stringify(call.args) });
      this.queue.put({ id, delta: { role: "assistant", toolCalls: [fc] } });
    }
  }
}

export class EspeakTTS extends tts.TTS {
  label = "harness.espeak-tts";
  /** Texts synthesized (one per sentence the session sends). */
  texts: string[] = [];

  constructor(readonly delays: ProviderDelays) {
    super(SAMPLE_RATE, 1, { streaming: false });
  }

  synthesize(text: string, connOptions?: APIConnectOptions, abortSignal?: AbortSignal): tts.ChunkedStream {
    this.texts.push(text);
    return new EspeakChunkedStream(text, this, connOptions, abortSignal);
  }

  stream(): tts.SynthesizeStream {
    throw new Error("EspeakTTS is not streaming (the session adapts it)");
  }
}

class EspeakChunkedStream extends tts.ChunkedStream {
  label = "harness.espeak-tts";
  constructor(
    text: string,
    private readonly engine: EspeakTTS,
    connOptions?: APIConnectOptions,
    abortSignal?: AbortSignal,
  ) {
    super(text, engine, connOptions, abortSignal);
  }

  protected async run(): Promise<void> {
    const requestId = shortuuid("tts_");
    try {
      const [samples] = await Promise.all([
        synthesize(this.inputText, AGENT_VOICE),
        this.engine.delays.ttsFirstByteMs > 0 ? delay(this.engine.delays.ttsFirstByteMs) : undefined,
      ]);
      // 20 ms frames, the last one marked final.
      const step = SAMPLE_RATE / 50;
      for (let i = 0; i < samples.length; i += step) {
        const chunk = samples.slice(i, Math.min(samples.length, i + step));
        this.queue.put({
          requestId,
          segmentId: requestId,
          frame: new AudioFrame(chunk, SAMPLE_RATE, 1, chunk.length),
          final: i + step >= samples.length,
        });
      }
    } finally {
      this.queue.close();
    }
  }
}
