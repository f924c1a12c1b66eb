// One real-audio call through the project's real beginCall, receptionist,
// tools and persistence: a room-less job context whose inference executor
// runs LiveKit's local end-of-turn model (as a worker's inference process
// does), the Silero VAD loaded as the job's prewarm loads it, the session
// built by createCallSession (the production turn-taking settings), and the
// AudioLine in place of the room. Provider stand-ins only at the model edge.
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { admissionFor, decideCallHandling } from "@articulate/calls";
import type { CallEndReason } from "@articulate/db";
import { type ipc, JobContext, JobProcess, runWithJobContextAsync, voice } from "@livekit/agents";
import { Room } from "@livekit/rtc-node";
import { resolveCallConfig } from "../../src/call-config";
import { type Logger, silentLogger } from "../../src/log";
import { type ActiveCall, beginCall } from "../../src/receptionist-call";
import { createCallSession, type TurnTaking, vadOptions } from "../../src/voice-session";
import { recordingControls } from "../call-harness";
import type { Fixture } from "../fixtures";
import { AudioLine } from "./audio-line";
import { CALLER_VOICE, SAMPLE_RATE, synthesize, type Voice, writeStereoWav } from "./phone-audio";
import { type AfterTool, CallerScriptSTT, EspeakTTS, type LlmRule, PatternLLM, type ProviderDelays } from "./stand-ins";

/** WAV artifacts of every harness call land here (CI keeps the directory). */
export const ARTIFACT_DIR = path.resolve(import.meta.dirname, "../../.artifacts/calls");

interface EotRunnerLike {
  initialize(): Promise<void>;
  run(data: unknown): Promise<unknown>;
}

let eotExecutor: Promise<ipc.InferenceExecutor> | null = null;
let defaultVad: ReturnType<typeof loadVad> | null = null;

async function loadVad(t?: Partial<TurnTaking>) {
  const silero = await import("@livekit/agents-plugin-silero");
  return silero.VAD.load(vadOptions({ vadMinSilenceMs: t?.vadMinSilenceMs ?? vadOptions().minSilenceDuration }));
}

/** The path of the agents runtime's end-of-turn runner (what a worker's inference process runs). */
export function eotRunnerFile(): string {
  const agentsEntry = createRequire(import.meta.url).resolve("@livekit/agents");
  return path.join(path.dirname(agentsEntry), "inference", "eot", "runner.js");
}

/** The local end-of-turn model behind an inference executor, in this process (loaded once). */
function loadEotExecutor(): Promise<ipc.InferenceExecutor> {
  eotExecutor ??= (async () => {
    const { default: EotRunner } = (await import(pathToFileURL(eotRunnerFile()).href)) as {
      default: new () => EotRunnerLike;
    };
    const runner = new EotRunner();
    await runner.initialize();
    return { doInference: (_method, data) => runner.run(data) };
  })();
  return eotExecutor;
}

/**
 * The local end-of-turn model behind an inference executor, as the worker's
 * inference process runs it (loaded once), and the Silero VAD.
 */
export async function loadModels(): Promise<{
  executor: ipc.InferenceExecutor;
  vad: Awaited<ReturnType<typeof loadVad>>;
}> {
  return { executor: await loadEotExecutor(), vad: await sharedDefaultVad() };
}

/** The default-settings VAD, loaded once for every call that does not tune silence. */
function sharedDefaultVad(): ReturnType<typeof loadVad> {
  defaultVad ??= loadVad();
  return defaultVad;
}

export interface AudioCallOptions {
  fixture: Fixture;
  at: Date;
  rules: readonly LlmRule[];
  afterTool?: AfterTool;
  delays: ProviderDelays;
  /** Overrides of the production turn-taking settings (tuning runs). */
  turnTaking?: Partial<TurnTaking>;
  maxLengthWarningLeadSeconds?: number;
  isTest?: boolean;
  log?: Logger;
  /** The caller's line: 8 kHz G.711 by default; HD_CALLER_VOICE for HD voice (G.722) or a browser. */
  callerVoice?: Voice;
  /** Artifact name (the WAV file). */
  name: string;
  /**
   * Where end-of-turn inference runs (default: in this process). The memory benchmark passes one that talks to a
   * separate process, as a worker's job process talks to its inference process.
   */
  executor?: ipc.InferenceExecutor;
  /** The VAD the job's prewarm loaded (default: loaded here with the production options). */
  vad?: Awaited<ReturnType<typeof loadVad>>;
}

export interface AudioCall {
  line: AudioLine;
  active: ActiveCall;
  session: voice.AgentSession;
  llm: PatternLLM;
  stt: CallerScriptSTT;
  tts: EspeakTTS;
  controls: ReturnType<typeof recordingControls>;
  /** The end-of-turn model's verdicts, one per caller pause it judged. */
  eot: { probability: number; threshold: number }[];
  /** End-of-utterance delay per committed caller turn (the endpointing wait), ms. */
  eouDelaysMs: number[];
  /** Call-clock sample at which beginCall handed the greeting to the session. */
  greetingRequestedSample: number;
  /** Job received → beginCall returned (greeting requested), ms. */
  jobStartMs: number;
  /**
   * Speaks as the caller; resolves when the clip has played. `heardAs`: what the speech-to-text provider makes
   * of it when not the words themselves ("" for a filler it drops, like "um").
   */
  say(text: string, opts?: { heardAs?: string }): ReturnType<AudioLine["say"]>;
  /** The caller hangs up (RoomIO closes the session on the participant's disconnect). */
  hangUp(): void;
  /** Waits for the call to end, stops the line and writes the stereo WAV. */
  finish(timeoutMs?: number): Promise<{ reason: CallEndReason; wav: string }>;
}

let jobCounter = 0;

const callerClips = new Map<string, Promise<Int16Array>>();
/** The caller's voice for a line (synthesized once per process, cached on disk across runs). */
function callerClip(text: string, voice: Voice = CALLER_VOICE): Promise<Int16Array> {
  const key = JSON.stringify([text, voice]);
  let clip = callerClips.get(key);
  if (!clip) {
    clip = synthesize(text, voice);
    callerClips.set(key, clip);
  }
  return clip;
}

/**
 * Synthesizes the caller's lines before a call, so say() starts on time: on a loaded machine espeak and sox
 * can take seconds, which would stretch a scripted pause.
 */
export async function prepareCallerSpeech(texts: readonly string[], voice: Voice = CALLER_VOICE): Promise<void> {
  for (const t of texts) await callerClip(t, voice);
}

export async function startAudioCall(o: AudioCallOptions): Promise<AudioCall> {
  const executor = o.executor ?? (await loadEotExecutor());
  const vad =
    o.vad ?? (o.turnTaking?.vadMinSilenceMs === undefined ? await sharedDefaultVad() : await loadVad(o.turnTaking));
  const jobReceivedAt = performance.now();
  const line = new AudioLine();
  const roomName = `call-audio-${o.name}-${Date.now().toString(36)}-${jobCounter++}`;
  // A room-less job: the pieces of the agents runtime a job process gives its entry.
  const info = {
    acceptArguments: { name: "receptionist", identity: "agent-harness", metadata: "" },
    // proto.Job is a protobuf class; the context reads only id, room name and redaction from it.
    job: { id: `AJ_harness_${jobCounter}`, room: { name: roomName }, metadata: "", enableRedaction: false },
    url: "ws://127.0.0.1:0",
    token: "",
    workerId: "harness",
    fakeJob: true,
  } as unknown as ConstructorParameters<typeof JobContext>[1];
  const ctx = new JobContext(
    new JobProcess(),
    info,
    new Room(),
    () => {},
    () => {},
    executor,
  );
  const controls = recordingControls();
  const stt = new CallerScriptSTT(line, o.delays);
  const llm = new PatternLLM(o.rules, o.afterTool ?? {}, o.delays);
  const tts = new EspeakTTS(o.delays);
  const config = await resolveCallConfig({ tenantId: o.fixture.tenantId }, o.fixture.e164);
  const plan = decideCallHandling(config, await admissionFor(config, o.at));

  const eot: AudioCall["eot"] = [];
  const eouDelaysMs: number[] = [];
  const { session, active } = await runWithJobContextAsync(ctx, async () => {
    const session = createCallSession({ stt, llm, tts, vad, turnTaking: o.turnTaking });
    session.on(voice.AgentSessionEventTypes.EotPrediction, (ev) => {
      eot.push({ probability: ev.probability, threshold: ev.threshold });
    });
    session.on(voice.AgentSessionEventTypes.MetricsCollected, (ev) => {
      if (ev.metrics.type === "eou_metrics") eouDelaysMs.push(ev.metrics.endOfUtteranceDelayMs);
    });
    session.input.audio = line.input;
    session.output.audio = line.output;
    line.start();
    const active = await beginCall({
      config,
      plan,
      session,
      log: o.log ?? silentLogger,
      maxLengthWarningLeadSeconds: o.maxLengthWarningLeadSeconds,
      call: {
        roomName,
        isTest: o.isTest,
        direction: "INBOUND",
        fromNumber: "+61412000000",
        toNumber: o.fixture.e164,
        participantIdentity: "sip_+61412000000",
      },
      startSession: (agent) => session.start({ agent }),
      controls,
    });
    return { session, active };
  });
  const jobStartMs = (active.greetingRequestedAt ?? performance.now()) - jobReceivedAt;

  return {
    line,
    active,
    session,
    llm,
    stt,
    tts,
    controls,
    eot,
    eouDelaysMs,
    greetingRequestedSample: line.sampleAt(active.greetingRequestedAt ?? performance.now()),
    jobStartMs,
    say: async (text, opts) => line.say(text, await callerClip(text, o.callerVoice), opts?.heardAs),
    hangUp: () => {
      line.hangUp();
      session.shutdown({ drain: false, reason: voice.CloseReason.PARTICIPANT_DISCONNECTED });
    },
    finish: async (timeoutMs = 60_000) => {
      let timer: NodeJS.Timeout | undefined;
      const end = await Promise.race([
        active.ended,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`call did not end within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]).finally(() => clearTimeout(timer));
      line.stop();
      const { left, right } = line.recording();
      const wav = path.join(ARTIFACT_DIR, `${o.name}.wav`);
      await writeStereoWav(wav, left, right);
      return { reason: end.reason, wav };
    },
  };
}

/** Call-clock samples → milliseconds. */
export const ms = (samples: number) => Math.round((samples * 1000) / SAMPLE_RATE);
