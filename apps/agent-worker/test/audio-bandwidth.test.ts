// The audio bandwidth probe on real speech: espeak-ng through an 8 kHz G.711
// line (narrowband) and through a 16 kHz G.722-like path (HD voice), with
// the harness's line noise, as 10 ms frames at the room's 24 kHz.
import { describe, expect, it } from "vitest";
import { AudioBandwidthProbe } from "../src/audio-bandwidth";
import {
  CALLER_VOICE,
  FRAME_SAMPLES,
  HD_CALLER_VOICE,
  lineNoise,
  SAMPLE_RATE,
  synthesize,
  type Voice,
} from "./audio/phone-audio";

const LINES = [
  "What are your opening hours?",
  "My name is Sarah and I need to change my appointment.",
  "Can you tell me about a check-up?",
];

async function measure(text: string, voice: Voice) {
  const samples = await synthesize(text, voice);
  const noise = lineNoise(11);
  const probe = new AudioBandwidthProbe({ speechMs: 800 });
  for (let i = 0; i + FRAME_SAMPLES <= samples.length; i += FRAME_SAMPLES) {
    const data = new Int16Array(FRAME_SAMPLES);
    for (let k = 0; k < FRAME_SAMPLES; k++)
      data[k] = Math.max(-32768, Math.min(32767, (samples[i + k] ?? 0) + noise()));
    probe.push({ data, sampleRate: SAMPLE_RATE, channels: 1, samplesPerChannel: FRAME_SAMPLES });
  }
  return probe.result;
}

describe("AudioBandwidthProbe", () => {
  it.each(LINES)("a G.711 line is narrowband: %s", async (text) => {
    expect((await measure(text, CALLER_VOICE))?.bandwidth).toBe("NARROWBAND");
  });

  it.each(LINES)("an HD voice (G.722) path is wideband: %s", async (text) => {
    expect((await measure(text, HD_CALLER_VOICE))?.bandwidth).toBe("WIDEBAND");
  });

  it("decides once, after enough speech, and ignores silence and line noise", () => {
    const readings: unknown[] = [];
    const probe = new AudioBandwidthProbe({ speechMs: 100, onReading: (r) => readings.push(r) });
    const noise = lineNoise(5);
    const quiet = new Int16Array(FRAME_SAMPLES).map(() => noise());
    for (let i = 0; i < 100; i++)
      probe.push({ data: quiet, sampleRate: SAMPLE_RATE, channels: 1, samplesPerChannel: FRAME_SAMPLES });
    expect(probe.result).toBeNull();
    // A loud 1 kHz tone: all its energy below the split.
    const tone = new Int16Array(FRAME_SAMPLES).map((_, k) =>
      Math.round(8000 * Math.sin((2 * Math.PI * 1000 * k) / SAMPLE_RATE)),
    );
    for (let i = 0; i < 20; i++)
      probe.push({ data: tone, sampleRate: SAMPLE_RATE, channels: 1, samplesPerChannel: FRAME_SAMPLES });
    expect(readings).toHaveLength(1);
    expect(probe.result).toMatchObject({ bandwidth: "NARROWBAND", speechMs: 100 });
  });

  it("at the end of a short call it decides on what it heard if that is enough, else stays unmeasured", () => {
    const tone = new Int16Array(FRAME_SAMPLES).map((_, k) =>
      Math.round(8000 * Math.sin((2 * Math.PI * 1000 * k) / SAMPLE_RATE)),
    );
    const push = (p: AudioBandwidthProbe, frames: number) => {
      for (let i = 0; i < frames; i++)
        p.push({ data: tone, sampleRate: SAMPLE_RATE, channels: 1, samplesPerChannel: FRAME_SAMPLES });
    };
    const short = new AudioBandwidthProbe();
    push(short, 10);
    short.finish();
    expect(short.result).toBeNull();
    const enough = new AudioBandwidthProbe();
    push(enough, 60);
    expect(enough.result).toBeNull();
    enough.finish();
    expect(enough.result).toMatchObject({ bandwidth: "NARROWBAND", speechMs: 600 });
  });

  it("audio sampled at 8 kHz cannot carry anything above 4 kHz", () => {
    const probe = new AudioBandwidthProbe({ speechMs: 50 });
    const loud = new Int16Array(80).map((_, k) => (k % 2 ? 9000 : -9000));
    for (let i = 0; i < 10; i++) probe.push({ data: loud, sampleRate: 8000, channels: 1, samplesPerChannel: 80 });
    expect(probe.result?.bandwidth).toBe("NARROWBAND");
  });
});
