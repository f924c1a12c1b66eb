// pnpm --filter @articulate/agent-worker bench:tts-rate
// What the TTS output rate costs in the worker (#18 item 6). The framework (agents 1.9
// generation.js) resamples TTS audio to the room output's rate (RoomIO audioSampleRate,
// 24 kHz) with rtc-node's AudioResampler whenever the rates differ; the room track is
// then Opus 48 kHz and livekit-sip transcodes it to the carrier codec whatever the TTS
// rate was. This measures that one resampler's CPU per second of speech for the rates
// the TTS plugins offer (OpenAI: 24 kHz fixed; ElevenLabs: pcm_16000/22050/44100),
// against no resampling (24 kHz), in 20 ms frames.
import os from "node:os";
import { AudioFrame, AudioResampler } from "@livekit/rtc-node";

const OUT = 24_000;
const SECONDS = 60;
const ROUNDS = 5;

function cpuMsPerAudioSecond(inRate: number): number {
  const frameSamples = inRate / 50; // 20 ms (441 samples at 22.05 kHz)
  const frames: AudioFrame[] = [];
  for (let f = 0; f < SECONDS * 50; f++) {
    const pcm = new Int16Array(frameSamples);
    for (let i = 0; i < frameSamples; i++) {
      const t = (f * frameSamples + i) / inRate;
      pcm[i] = Math.round(6000 * Math.sin(2 * Math.PI * 180 * t) + 2000 * Math.sin(2 * Math.PI * 2300 * t));
    }
    frames.push(new AudioFrame(pcm, inRate, 1, frameSamples));
  }
  const runs: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.cpuUsage();
    if (inRate !== OUT) {
      const rs = new AudioResampler(inRate, OUT, 1);
      let out = 0;
      for (const fr of frames) for (const o of rs.push(fr)) out += o.samplesPerChannel;
      for (const o of rs.flush()) out += o.samplesPerChannel;
      rs.close();
      if (Math.abs(out - SECONDS * OUT) > OUT / 10) throw new Error(`resampler output ${out} samples`);
    }
    const used = process.cpuUsage(start);
    runs.push((used.user + used.system) / 1000 / SECONDS);
  }
  runs.sort((a, b) => a - b);
  return runs[Math.floor(ROUNDS / 2)]!;
}

console.log(
  `tts-resample — ${new Date().toISOString()} — ${os.cpus().length} CPUs, load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
for (const [label, rate] of [
  ["OpenAI TTS / 24 kHz (no resampler)", 24_000],
  ["ElevenLabs pcm_22050 (plugin default)", 22_050],
  ["ElevenLabs pcm_16000 (G.722's rate)", 16_000],
  ["8 kHz (G.711's rate; no plugin offers it)", 8_000],
  ["ElevenLabs pcm_44100", 44_100],
] as const) {
  console.log(
    `${label.padEnd(44)} resamplers=${rate === OUT ? 0 : 1}  CPU ${cpuMsPerAudioSecond(rate).toFixed(3)} ms per second of speech (median of ${ROUNDS})`,
  );
}
console.log(
  `load average after: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
