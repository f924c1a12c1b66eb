// What the caller's audio itself says about the phone path. LiveKit does not
// report the codec a SIP call negotiated (no participant attribute, no webhook
// field), but the audio shows the difference an owner cares about: G.711
// ("narrowband", the PSTN's 8 kHz) carries nothing above 4 kHz, while G.722
// ("HD voice", 16 kHz) carries speech up to 7 kHz. The probe measures the
// share of the caller's speech energy above 4.5 kHz over their first seconds
// of speech. A wideband codec on a leg that was narrowband earlier (a mobile
// network, a PBX transcoding to G.711) measures narrowband: what the caller's
// voice sounds like is what is measured, not the codec name.
import type { AudioFrame } from "@livekit/rtc-node";

export type AudioBandwidth = "NARROWBAND" | "WIDEBAND";

export interface BandwidthReading {
  bandwidth: AudioBandwidth;
  /** Share of the speech energy above the split frequency (0–1). */
  highBandShare: number;
  /** Caller speech analysed, ms. */
  speechMs: number;
}

/** Above this share of energy above 4.5 kHz the audio is wideband (measured on the harness corpus: docs/telephony.md). */
export const WIDEBAND_SHARE = 0.0003;
const SPLIT_HZ = 4_500;
const BUTTERWORTH_8_Q = [0.5098, 0.6013, 0.9, 2.5629];
/** Frames quieter than this (int16 RMS, about −36 dBFS) are line noise or silence, not speech. */
const SPEECH_RMS = 500;

/** One RBJ biquad high-pass section. */
class HighPass {
  private x1 = 0;
  private x2 = 0;
  private y1 = 0;
  private y2 = 0;
  private readonly b0: number;
  private readonly b1: number;
  private readonly b2: number;
  private readonly a1: number;
  private readonly a2: number;
  constructor(sampleRate: number, hz: number, q: number) {
    const w0 = (2 * Math.PI * hz) / sampleRate;
    const cos = Math.cos(w0);
    const alpha = Math.sin(w0) / (2 * q);
    const a0 = 1 + alpha;
    this.b0 = (1 + cos) / 2 / a0;
    this.b1 = -(1 + cos) / a0;
    this.b2 = (1 + cos) / 2 / a0;
    this.a1 = (-2 * cos) / a0;
    this.a2 = (1 - alpha) / a0;
  }
  step(x: number): number {
    const y = this.b0 * x + this.b1 * this.x1 + this.b2 * this.x2 - this.a1 * this.y1 - this.a2 * this.y2;
    this.x2 = this.x1;
    this.x1 = x;
    this.y2 = this.y1;
    this.y1 = y;
    return y;
  }
}

/**
 * Feed it the caller's audio frames; it decides once it has heard `speechMs`
 * of speech (frames above the speech level), then ignores further audio.
 */
export class AudioBandwidthProbe {
  private filters: HighPass[] | null = null;
  private rate = 0;
  private total = 0;
  private high = 0;
  private speechSamples = 0;
  private reading: BandwidthReading | null = null;

  constructor(private readonly opts: { speechMs?: number; onReading?: (r: BandwidthReading) => void } = {}) {}

  get result(): BandwidthReading | null {
    return this.reading;
  }

  push(frame: Pick<AudioFrame, "data" | "sampleRate" | "channels" | "samplesPerChannel">): void {
    if (this.reading) return;
    if (frame.sampleRate !== this.rate) {
      this.rate = frame.sampleRate;
      // 8th-order Butterworth (four sections), steep enough that G.711's strong 3–3.4 kHz band does not leak
      // through; nothing to split at or below 9 kHz sampling.
      this.filters = this.rate > 2 * SPLIT_HZ ? BUTTERWORTH_8_Q.map((q) => new HighPass(this.rate, SPLIT_HZ, q)) : null;
    }
    const ch = frame.channels;
    let energy = 0;
    let highEnergy = 0;
    for (let i = 0; i < frame.samplesPerChannel; i++) {
      const x = frame.data[i * ch] ?? 0;
      energy += x * x;
      if (this.filters) {
        let y = x;
        for (const f of this.filters) y = f.step(y);
        highEnergy += y * y;
      }
    }
    if (Math.sqrt(energy / Math.max(1, frame.samplesPerChannel)) < SPEECH_RMS) return;
    this.total += energy;
    this.high += highEnergy;
    this.speechSamples += frame.samplesPerChannel;
    if (this.speechMsSoFar() >= (this.opts.speechMs ?? 1_500)) this.decide();
  }

  /** The call is ending: decide on what was heard if it is enough (a short call), else leave it unmeasured. */
  finish(minSpeechMs = 500): void {
    if (!this.reading && this.speechMsSoFar() >= minSpeechMs) this.decide();
  }

  private speechMsSoFar(): number {
    return this.rate > 0 ? (this.speechSamples * 1000) / this.rate : 0;
  }

  private decide(): void {
    const share = this.total > 0 ? this.high / this.total : 0;
    this.reading = {
      bandwidth: share >= WIDEBAND_SHARE ? "WIDEBAND" : "NARROWBAND",
      highBandShare: share,
      speechMs: Math.round(this.speechMsSoFar()),
    };
    this.opts.onReading?.(this.reading);
  }
}
