// The call's AgentSession and its turn-taking settings, in one place: the job
// and the audio harness build the session here, so what the harness measures
// is what production runs. The figures are chosen on the harness's 8 kHz
// phone-audio corpus (docs/voice-turn-taking.md explains each).
import { inference, type llm, type stt, type tts, type VAD, voice } from "@livekit/agents";

export interface TurnTaking {
  vadMinSilenceMs: number;
  minEndpointingDelayMs: number;
  maxEndpointingDelayMs: number;
  eotUnlikelyThreshold: number;
  preemptiveGeneration: boolean;
  preemptiveTts: boolean;
  silenceTimeoutSeconds: number;
}

export const TURN_TAKING: Readonly<TurnTaking> = {
  /**
   * Silero VAD silence before speech counts as ended (ms). Ends the STT segment and starts preemptive generation;
   * it does not decide the turn (the endpointing minimum does), so it is short: every millisecond here is on the
   * path to the first word (VAD silence → STT → LLM → TTS all precede the reply).
   */
  vadMinSilenceMs: 300,
  /**
   * Endpointing (ms): the least the session waits after the caller's last voiced sound before taking the turn,
   * and the most it waits when the end-of-turn model says "not done". The minimum rides out hesitations inside a
   * sentence (no split turns); preemptive generation hides it behind the provider's time. 1,000 rather than 900:
   * the VAD reports the caller resuming 75–150 ms late (more under load), which 900 left too little room for
   * against 0.75–0.8 s hesitations; with realistic provider delays the reply's own path is ~1.05 s, so the extra
   * 100 ms costs nothing there.
   */
  minEndpointingDelayMs: 1_000,
  maxEndpointingDelayMs: 1_800,
  /**
   * The local end-of-turn model's "unlikely to be done" threshold (its English default is 0.36). On G.711 audio
   * it scores finished questions 0.1–0.75 and sentence fragments about 0.4, so the threshold cannot tell them
   * apart; a low one only holds the turn for pauses the model is sure about.
   */
  eotUnlikelyThreshold: 0.15,
  /** Start the LLM on the final transcript while the endpointing wait runs. */
  preemptiveGeneration: true,
  /**
   * Also start speech synthesis then (agents' default: only the LLM), so the reply's first audio is ready when
   * the turn is confirmed: the provider chain STT → LLM → TTS overlaps the endpointing wait instead of the TTS
   * starting after it. Costs synthesis of replies that are discarded (measured in docs/voice-turn-taking.md).
   */
  preemptiveTts: true,
  /** Caller silent this long (while nobody speaks): re-prompt, then end politely the second time (s). */
  silenceTimeoutSeconds: 12,
};

/** Silero VAD options for the job process's prewarm (the VAD is loaded once per process). */
export function vadOptions(t: Pick<TurnTaking, "vadMinSilenceMs"> = TURN_TAKING) {
  return { minSilenceDuration: t.vadMinSilenceMs };
}

export interface CallSessionParts {
  stt: stt.STT | string;
  llm: llm.LLM | string;
  tts: tts.TTS | string;
  /** Silero VAD from prewarm; without it the session's bundled VAD is used. */
  vad?: VAD;
  turnTaking?: Partial<TurnTaking>;
}

/**
 * Builds the call's session. Must run inside the job context: the local
 * end-of-turn model binds to the job's inference executor when constructed.
 */
export function createCallSession(p: CallSessionParts): voice.AgentSession {
  const t = { ...TURN_TAKING, ...p.turnTaking };
  return new voice.AgentSession({
    stt: p.stt,
    llm: p.llm,
    tts: p.tts,
    ...(p.vad ? { vad: p.vad } : {}),
    userAwayTimeout: t.silenceTimeoutSeconds,
    turnHandling: {
      turnDetection: new inference.TurnDetector({ unlikelyThreshold: t.eotUnlikelyThreshold }),
      endpointing: { minDelay: t.minEndpointingDelayMs, maxDelay: t.maxEndpointingDelayMs },
      // Caller speech during a line that cannot be interrupted (the AI disclosure) is still heard and transcribed.
      interruption: { discardAudioIfUninterruptible: false },
      preemptiveGeneration: { enabled: t.preemptiveGeneration, preemptiveTts: t.preemptiveTts },
    },
  });
}
