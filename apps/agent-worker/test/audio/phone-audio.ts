// Speech for the audio harness, made with Debian espeak-ng and sox the way a
// phone line shapes it: the caller's voice is band-limited to 300–3400 Hz,
// encoded as 8 kHz G.711 μ-law and decoded again, then resampled to the
// 24 kHz mono 16-bit the room input delivers, with faint line noise. The
// agent's voice (the TTS stand-in) is plain espeak at 24 kHz. Clips are cached
// on disk by content, so repeated runs spend no CPU on synthesis.
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export const SAMPLE_RATE = 24_000;
/** Samples in one 10 ms frame at SAMPLE_RATE. */
export const FRAME_SAMPLES = SAMPLE_RATE / 100;

const CACHE_DIR = path.join(os.tmpdir(), "articulate-voice-cache");

export interface Voice {
  /** espeak-ng voice, e.g. "en-us" or "en-gb+f3". */
  name: string;
  /** Words per minute. */
  wpm: number;
  /**
   * Through the phone network: true = 8 kHz G.711 (narrowband), "hd" = 16 kHz G.722-like (HD voice: 50–7000 Hz);
   * false = wideband as a TTS would produce.
   */
  phoneLine: boolean | "hd";
}

export const CALLER_VOICE: Voice = { name: "en-us", wpm: 165, phoneLine: true };
/** The same caller on an HD voice (G.722) path. */
export const HD_CALLER_VOICE: Voice = { ...CALLER_VOICE, phoneLine: "hd" };
export const AGENT_VOICE: Voice = { name: "en-gb+f3", wpm: 185, phoneLine: false };

/** Whether espeak-ng and sox are installed (the harness needs both). */
export async function speechToolsAvailable(): Promise<boolean> {
  try {
    await run("espeak-ng", ["--version"]);
    await run("sox", ["--version"]);
    return true;
  } catch {
    return false;
  }
}

/** Text → 24 kHz mono 16-bit samples, through the phone line when the voice says so. */
export async function synthesize(text: string, voice: Voice): Promise<Int16Array> {
  const key = crypto
    .createHash("sha256")
    .update(JSON.stringify([text, voice, 2]))
    .digest("hex")
    .slice(0, 24);
  const cached = path.join(CACHE_DIR, `${key}.s16`);
  try {
    return toSamples(await fs.readFile(cached));
  } catch {
    // not cached yet
  }
  await fs.mkdir(CACHE_DIR, { recursive: true });
  const tmp = path.join(CACHE_DIR, `${key}.${process.pid}.${crypto.randomBytes(3).toString("hex")}`);
  const wav = `${tmp}.wav`;
  // -w writes a complete WAV header (espeak's --stdout header carries a placeholder length).
  await run("espeak-ng", ["-v", voice.name, "-s", String(voice.wpm), "-w", wav, text]);
  const rawOut = `${tmp}.raw`;
  const to24k = ["-t", "raw", "-r", String(SAMPLE_RATE), "-e", "signed", "-b", "16", "-c", "1", rawOut];
  if (voice.phoneLine === "hd") {
    // HD voice: G.722 carries 50–7000 Hz at 16 kHz.
    const wide = `${tmp}.16k.wav`;
    await run("sox", [wav, "-r", "16000", wide, "sinc", "50-7000"]);
    await run("sox", [wide, ...to24k]);
    await fs.rm(wide, { force: true });
  } else if (voice.phoneLine) {
    const ulaw = `${tmp}.ul`;
    // Phone network: 300–3400 Hz band, 8 kHz, 8-bit μ-law (G.711)…
    await run("sox", [wav, "-t", "raw", "-r", "8000", "-e", "u-law", "-b", "8", "-c", "1", ulaw, "sinc", "300-3400"]);
    // …decoded back to linear PCM at the room's rate.
    await run("sox", ["-t", "raw", "-r", "8000", "-e", "u-law", "-b", "8", "-c", "1", ulaw, ...to24k]);
    await fs.rm(ulaw, { force: true });
  } else {
    await run("sox", [wav, ...to24k]);
  }
  const bytes = await fs.readFile(rawOut);
  await Promise.all([fs.rm(wav, { force: true }), fs.rm(rawOut, { force: true })]);
  // Rename is atomic: parallel test files never read a half-written clip.
  await fs.writeFile(`${tmp}.done`, bytes);
  await fs.rename(`${tmp}.done`, cached);
  return toSamples(bytes);
}

function toSamples(buf: Buffer): Int16Array {
  const copy = new Int16Array(buf.byteLength / 2);
  for (let i = 0; i < copy.length; i++) copy[i] = buf.readInt16LE(i * 2);
  return copy;
}

/** Index just past the last sample louder than the threshold (the clip's last voiced sample). */
export function lastVoicedSample(samples: Int16Array, threshold = 500): number {
  for (let i = samples.length - 1; i >= 0; i--) if (Math.abs(samples[i] ?? 0) > threshold) return i + 1;
  return 0;
}

/** Index of the first sample louder than the threshold. */
export function firstVoicedSample(samples: Int16Array, threshold = 500): number {
  for (let i = 0; i < samples.length; i++) if (Math.abs(samples[i] ?? 0) > threshold) return i;
  return samples.length;
}

/** Line noise about −60 dBFS (deterministic per call so runs compare). */
export function lineNoise(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    // Sum of two uniforms: a cheap, roughly bell-shaped amplitude of ±32.
    return ((s >>> 0) % 33) - 16 + ((((s >>> 8) >>> 0) % 33) - 16);
  };
}

/** Writes a 16-bit PCM WAV; two channels interleave left (caller) and right (agent). */
export async function writeStereoWav(file: string, left: Int16Array, right: Int16Array): Promise<void> {
  const frames = Math.max(left.length, right.length);
  const data = Buffer.alloc(frames * 4);
  for (let i = 0; i < frames; i++) {
    data.writeInt16LE(left[i] ?? 0, i * 4);
    data.writeInt16LE(right[i] ?? 0, i * 4 + 2);
  }
  const header = Buffer.alloc(44);
  header.write("RIFF", 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write("WAVE", 8);
  header.write("fmt ", 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(2, 22);
  header.writeUInt32LE(SAMPLE_RATE, 24);
  header.writeUInt32LE(SAMPLE_RATE * 4, 28);
  header.writeUInt16LE(4, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36);
  header.writeUInt32LE(data.length, 40);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, Buffer.concat([header, data]));
}
