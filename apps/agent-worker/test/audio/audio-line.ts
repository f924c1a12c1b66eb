// The call's audio in real time, without a room: one clock drives both ends.
// Every 10 ms of wall time the line pushes one 24 kHz frame of caller audio
// (speech or line noise) into the session's AudioInput, exactly as RoomIO
// delivers a SIP participant's audio, and plays one 10 ms frame of whatever
// the agent queued on its AudioOutput (≈200 ms of buffer, like
// ParticipantAudioOutput), reporting playback start/finish/interruption.
// Like ParticipantAudioOutput it can pause: the framework pauses the reply
// when the caller starts talking over it and resumes it when no words follow
// (a cough, an "um": a false interruption). Without pause every such sound
// would cut the reply for good, which a real call never does.
// Both channels are recorded sample-aligned for the WAV artifact and for the
// timeline assertions.

import { voice } from "@livekit/agents";
import { AudioFrame } from "@livekit/rtc-node";
import { FRAME_SAMPLES, firstVoicedSample, lastVoicedSample, lineNoise, SAMPLE_RATE } from "./phone-audio";

/** One caller utterance as heard on the line (sample positions on the call clock). */
export interface CallerSpan {
  text: string;
  start: number;
  /** Just past the last voiced sample. */
  lastVoiced: number;
  end: number;
  /** Set when the caller hung up before finishing it. */
  cutAt?: number;
  /** What a speech-to-text provider makes of it when not `text` ("" for a filler like "um" that it drops). */
  heardAs?: string;
}

/** One stretch of agent audio that actually played. */
export interface AgentSpan {
  start: number;
  end: number;
  /** Stopped before its audio ran out: cleared (interrupted) or paused (see `paused`). */
  interrupted: boolean;
  /** Stopped by a pause (the caller talked over it); the same reply may resume in a later span. */
  paused?: boolean;
}

class GrowableInt16 {
  private buf = new Int16Array(SAMPLE_RATE * 30);
  length = 0;
  ensure(n: number) {
    if (n <= this.buf.length) return;
    let size = this.buf.length;
    while (size < n) size *= 2;
    const next = new Int16Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  append(samples: Int16Array) {
    this.ensure(this.length + samples.length);
    this.buf.set(samples, this.length);
    this.length += samples.length;
  }
  view(): Int16Array {
    return this.buf.subarray(0, this.length);
  }
}

class LineInput extends voice.AudioInput {
  private controller!: ReadableStreamDefaultController<AudioFrame>;
  constructor() {
    super();
    this.multiStream.addInputStream(
      new ReadableStream<AudioFrame>({
        start: (c) => {
          this.controller = c;
        },
      }),
    );
  }
  push(frame: AudioFrame) {
    try {
      this.controller.enqueue(frame);
    } catch {
      // the session closed its input
    }
  }
  end() {
    try {
      this.controller.close();
    } catch {
      // already closed
    }
  }
}

class LineOutput extends voice.AudioOutput {
  queue: Int16Array[] = [];
  queued = 0;
  /** Samples of the current segment played so far; null when no segment is open. */
  segmentPlayed: number | null = null;
  segmentOpen = false;
  flushed = false;
  /** Paused by the framework: nothing plays and capture waits, as ParticipantAudioOutput's gate does. */
  paused = false;
  /** Audio of this output is on the line right now. */
  private playing = false;
  private drained: (() => void) | null = null;
  constructor(private readonly line: AudioLine) {
    super(SAMPLE_RATE, undefined, { pause: true });
  }
  override async captureFrame(frame: AudioFrame): Promise<void> {
    await super.captureFrame(frame);
    if (!this.segmentOpen) {
      this.segmentOpen = true;
      this.flushed = false;
      this.segmentPlayed = 0;
    }
    const samples = new Int16Array(frame.data);
    this.queue.push(samples);
    this.queued += samples.length;
    // About 200 ms buffered at most: the producer waits for playout, as a real track does (and while paused).
    while ((this.queued > SAMPLE_RATE / 5 || this.paused) && this.segmentOpen) {
      await new Promise<void>((r) => (this.drained = r));
    }
  }
  override pause(): void {
    super.pause();
    if (this.paused) return;
    this.paused = true;
    // ParticipantAudioOutput drops what its source still holds: that audio never plays.
    this.queue = [];
    this.queued = 0;
    this.stopPlaying(true, true);
  }
  override resume(): void {
    super.resume();
    if (!this.paused) return;
    this.paused = false;
    this.wake();
  }
  override flush(): void {
    super.flush();
    if (this.segmentOpen) this.flushed = true;
  }
  override clearBuffer(): void {
    if (!this.segmentOpen) return;
    this.queue = [];
    this.queued = 0;
    this.finishSegment(true);
  }
  /** Takes up to n samples to play now. */
  take(n: number): Int16Array | null {
    if (this.paused) return null;
    if (this.queued === 0) {
      if (this.segmentOpen && this.flushed) this.finishSegment(false);
      return null;
    }
    const out = new Int16Array(n);
    let filled = 0;
    while (filled < n && this.queue.length > 0) {
      const head = this.queue[0] as Int16Array;
      const k = Math.min(n - filled, head.length);
      out.set(head.subarray(0, k), filled);
      filled += k;
      if (k === head.length) this.queue.shift();
      else this.queue[0] = head.subarray(k);
    }
    this.queued -= filled;
    if (filled > 0 && !this.playing) {
      this.playing = true;
      this.line.agentStarted();
      // Once per segment: a resumed reply is the same playback.
      if (this.segmentPlayed === 0) this.onPlaybackStarted(Date.now());
    }
    this.segmentPlayed = (this.segmentPlayed ?? 0) + filled;
    if (this.queued <= SAMPLE_RATE / 5) this.wake();
    return out;
  }
  private stopPlaying(interrupted: boolean, paused = false) {
    if (!this.playing) return;
    this.playing = false;
    this.line.agentStopped(interrupted, paused);
  }
  private finishSegment(interrupted: boolean) {
    const position = (this.segmentPlayed ?? 0) / SAMPLE_RATE;
    this.segmentOpen = false;
    this.flushed = false;
    this.segmentPlayed = null;
    this.stopPlaying(interrupted);
    this.wake();
    this.onPlaybackFinished({ playbackPosition: position, interrupted });
  }
  private wake() {
    const d = this.drained;
    this.drained = null;
    d?.();
  }
}

interface Waiter {
  test: () => boolean;
  resolve: () => void;
}

export class AudioLine {
  readonly input = new LineInput();
  readonly output = new LineOutput(this);
  readonly callerSpans: CallerSpan[] = [];
  readonly agentSpans: AgentSpan[] = [];
  private readonly left = new GrowableInt16();
  private readonly right = new GrowableInt16();
  private readonly noise = lineNoise(7);
  private t0 = 0;
  private timer: NodeJS.Timeout | null = null;
  private speaking: { samples: Int16Array; pos: number; span: CallerSpan; done: () => void } | null = null;
  private waiters: Waiter[] = [];
  private agentSpeakingSince: number | null = null;
  private hungUp = false;
  /** Largest gap between ticks (event-loop lag), ms. */
  maxTickGapMs = 0;
  private lastTick = 0;

  /** Samples produced so far: the call clock. */
  get now(): number {
    return this.left.length;
  }
  get agentSpeaking(): boolean {
    return this.agentSpeakingSince !== null;
  }
  get callerSpeaking(): boolean {
    return this.speaking !== null;
  }

  /** The call-clock sample at a performance.now() instant. */
  sampleAt(perfNow: number): number {
    return Math.round(((perfNow - this.t0) * SAMPLE_RATE) / 1000);
  }

  start(): void {
    this.t0 = performance.now();
    this.lastTick = this.t0;
    this.timer = setInterval(() => this.tick(), 5);
  }

  /** Stops the clock (the call is over). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.input.end();
    if (this.agentSpeakingSince !== null) this.agentStopped(false);
  }

  /** The caller hangs up: their audio stops at once (mid-word if need be). */
  hangUp(): void {
    this.hungUp = true;
    if (this.speaking) {
      this.speaking.span.cutAt = this.now;
      this.speaking.span.end = this.now;
      this.speaking.span.lastVoiced = Math.min(this.speaking.span.lastVoiced, this.now);
      this.speaking.done();
      this.speaking = null;
    }
  }

  /** Plays a clip as the caller; resolves when it has been played in full (or the caller hung up). */
  say(text: string, samples: Int16Array, heardAs?: string): Promise<CallerSpan> {
    if (this.speaking) throw new Error("the caller is already speaking");
    const start = this.now;
    const span: CallerSpan = {
      text,
      start: start + firstVoicedSample(samples),
      lastVoiced: start + lastVoicedSample(samples),
      end: start + samples.length,
      ...(heardAs === undefined ? {} : { heardAs }),
    };
    this.callerSpans.push(span);
    return new Promise((resolve) => {
      this.speaking = { samples, pos: 0, span, done: () => resolve(span) };
    });
  }

  /** Resolves when the test holds, checked every tick (call-clock time, not a sleep). */
  until(test: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const waiter: Waiter = {
        test,
        resolve: () => {
          clearTimeout(t);
          resolve();
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Waits for this much call time to pass. */
  wait(ms: number): Promise<void> {
    const at = this.now + Math.round((ms * SAMPLE_RATE) / 1000);
    return this.until(() => this.now >= at, ms + 30_000, `${ms} ms of call time`);
  }

  /** Waits until the agent has started and then stayed silent for quietMs. */
  async agentFinished(quietMs = 700, timeoutMs = 30_000): Promise<void> {
    const spansBefore = this.agentSpans.length;
    await this.until(() => this.agentSpans.length > spansBefore || this.agentSpeaking, timeoutMs, "the agent to speak");
    const quiet = Math.round((quietMs * SAMPLE_RATE) / 1000);
    await this.until(
      () => !this.agentSpeaking && this.now - (this.agentSpans.at(-1)?.end ?? 0) >= quiet,
      timeoutMs,
      "the agent to finish",
    );
  }

  /** The agent's first audio after a call-clock position, or null. */
  agentAudioAfter(sample: number): AgentSpan | null {
    return this.agentSpans.find((s) => s.start >= sample) ?? null;
  }

  agentStarted(): void {
    this.agentSpeakingSince = this.now;
  }
  agentStopped(interrupted: boolean, paused = false): void {
    if (this.agentSpeakingSince === null) return;
    this.agentSpans.push({ start: this.agentSpeakingSince, end: this.now, interrupted, ...(paused ? { paused } : {}) });
    this.agentSpeakingSince = null;
  }

  recording(): { left: Int16Array; right: Int16Array } {
    return { left: this.left.view(), right: this.right.view() };
  }

  private tick(): void {
    const nowMs = performance.now();
    this.maxTickGapMs = Math.max(this.maxTickGapMs, nowMs - this.lastTick);
    this.lastTick = nowMs;
    const due = Math.floor(((nowMs - this.t0) * SAMPLE_RATE) / 1000);
    while (this.left.length + FRAME_SAMPLES <= due) this.produceFrame();
    if (this.waiters.length > 0) {
      const ready = this.waiters.filter((w) => w.test());
      this.waiters = this.waiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve();
    }
  }

  private produceFrame(): void {
    const frame = new Int16Array(FRAME_SAMPLES);
    for (let i = 0; i < FRAME_SAMPLES; i++) frame[i] = this.noise();
    const s = this.speaking;
    if (s) {
      const k = Math.min(FRAME_SAMPLES, s.samples.length - s.pos);
      for (let i = 0; i < k; i++) frame[i] = clamp((frame[i] ?? 0) + (s.samples[s.pos + i] ?? 0));
      s.pos += k;
      if (s.pos >= s.samples.length) {
        this.speaking = null;
        // Resolve after this frame is on the line.
        queueMicrotask(s.done);
      }
    }
    this.left.append(frame);
    if (!this.hungUp) this.input.push(new AudioFrame(frame, SAMPLE_RATE, 1, FRAME_SAMPLES));
    const played = this.output.take(FRAME_SAMPLES);
    this.right.append(played ?? new Int16Array(FRAME_SAMPLES));
  }
}

const clamp = (v: number) => Math.max(-32768, Math.min(32767, v));
