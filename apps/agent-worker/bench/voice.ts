// pnpm --filter @articulate/agent-worker bench:voice
// Voice-to-voice latency and turn-taking on the audio harness's 8 kHz corpus
// (test/audio/corpus.ts), through the real pipeline (Silero VAD, local
// end-of-turn model, receptionist, tools, database) with provider stand-ins:
//   run 1: stand-ins with zero delay (the platform's own overhead);
//   run 2: realistic provider delays (STT final 150 ms, LLM first token 400 ms, TTS first byte 150 ms).
// Per turn: caller's last voiced sample → agent's first audio frame. Also:
// end-of-turn probabilities, share of turns at the maximum endpointing delay,
// split sentences, discarded (preemptive) LLM requests, answer → greeting
// audio, barge-in → agent silent, memory, job-process start.
// BENCH_CALLS=n (default 10), BENCH_RUNS=zero,realistic, BENCH_TURN='{"minEndpointingDelayMs":900}' to try settings,
// BENCH_MEMORY=0 to skip the job-process memory samples, BENCH_JOB_CALLS=n (default 3) job processes to sample.
import os from "node:os";
import { disconnectDb } from "@articulate/db";
import { createTestDatabase } from "@articulate/db/testing";
import { initializeLogger, voice } from "@livekit/agents";
import { TURN_TAKING, type TurnTaking } from "../src/voice-session";
import { loadModels, ms, prepareCallerSpeech, startAudioCall } from "../test/audio/audio-call";
import { BARGE_IN, CORPUS } from "../test/audio/corpus";
import { AFTER_TOOL, RECEPTIONIST_RULES } from "../test/audio/receptionist-script";
import { NO_DELAYS, type ProviderDelays, REALISTIC_DELAYS } from "../test/audio/stand-ins";
import { createReceptionTenant, OPEN_TUESDAY } from "../test/fixtures";
import { runBundled } from "./bundled-process";

initializeLogger({ pretty: false, level: "error" });

const CALLS = Number(process.env.BENCH_CALLS ?? CORPUS.length);
const RUNS = (process.env.BENCH_RUNS ?? "zero,realistic").split(",").filter(Boolean);
const TURN: Partial<TurnTaking> = process.env.BENCH_TURN ? JSON.parse(process.env.BENCH_TURN) : {};
const settings = { ...TURN_TAKING, ...TURN };
/** A reply later than this after the caller's last word counts as lost (the silence prompt comes at 12 s). */
const LOST_AFTER_MS = 5_000;
/** Turns slower than this are printed with their conversation items, to read why. */
const SLOW_MS = 3_000;
const slow: string[] = [];

const pct = (v: number[], p: number) => {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? Number.NaN;
};
const summary = (label: string, v: number[], unit = "ms") =>
  `${label.padEnd(40)} n=${v.length} p50=${pct(v, 50)} ${unit} p95=${pct(v, 95)} ${unit} max=${Math.max(...v)} ${unit}`;

interface RunResult {
  turnLatency: number[];
  /** The framework's transcriptionDelay per committed caller turn: end of speech → final transcript. */
  transcription: number[];
  greeting: number[];
  bargeIn: number[];
  eot: number[];
  eotThreshold: number;
  atMax: number;
  turns: number;
  splits: number;
  /** Turns with no agent audio within LOST_AFTER_MS of the caller's last word (a lost or very late reply). */
  lost: number;
  llmRequests: number;
  /** Sentences synthesized (greeting and scripted lines included); the excess over those played is preemptive work discarded. */
  ttsRequests: number;
  ttsPlayed: number;
  callerTurns: number;
  jobStart: number[];
  peakRssMb: number;
  maxTickGapMs: number;
}

async function runCorpus(name: string, delays: ProviderDelays): Promise<RunResult> {
  const r: RunResult = {
    turnLatency: [],
    transcription: [],
    greeting: [],
    bargeIn: [],
    eot: [],
    eotThreshold: settings.eotUnlikelyThreshold,
    atMax: 0,
    turns: 0,
    splits: 0,
    lost: 0,
    llmRequests: 0,
    ttsRequests: 0,
    ttsPlayed: 0,
    callerTurns: 0,
    jobStart: [],
    peakRssMb: 0,
    maxTickGapMs: 0,
  };
  const rss = setInterval(() => (r.peakRssMb = Math.max(r.peakRssMb, process.memoryUsage().rss / 2 ** 20)), 50);
  for (let i = 0; i < CALLS; i++) {
    const script = CORPUS[i % CORPUS.length]!;
    const fixture = await createReceptionTenant(`bench-voice-${name}-${i}`);
    const call = await startAudioCall({
      fixture,
      at: OPEN_TUESDAY,
      rules: RECEPTIONIST_RULES,
      afterTool: AFTER_TOOL,
      delays,
      turnTaking: TURN,
      name: `bench-${name}-${i}`,
    });
    r.jobStart.push(Math.round(call.jobStartMs));
    // Committed caller turns (a sentence split by a hesitation commits twice).
    let userTurns = 0;
    call.session.on(voice.AgentSessionEventTypes.ConversationItemAdded, (ev) => {
      if (ev.item.type === "message" && ev.item.role === "user") userTurns++;
    });
    const log: string[] = [];
    call.session.on(voice.AgentSessionEventTypes.ConversationItemAdded, (ev) => {
      if (ev.item.type === "message")
        log.push(
          `${ms(call.line.now)} ${ev.item.role}${ev.item.interrupted ? " (interrupted)" : ""}: ${ev.item.textContent}`,
        );
    });
    let played = 0;
    call.session.on(voice.AgentSessionEventTypes.ConversationItemAdded, (ev) => {
      if (ev.item.type !== "message") return;
      if (ev.item.role === "assistant") played += 1;
      // The framework puts it on the caller's committed message: final transcript time − end of speech.
      const t = ev.item.role === "user" ? ev.item.metrics?.transcriptionDelay : undefined;
      if (t !== undefined) r.transcription.push(Math.round(t * 1000));
    });
    await call.line.agentFinished(500, 60_000);
    r.greeting.push(ms(call.line.agentSpans[0]!.start - call.greetingRequestedSample));
    for (const turn of script) {
      await call.line.wait(300); // the caller's reaction time
      const turnsBefore = userTurns;
      const first = await call.say(turn.parts[0]);
      let last = first;
      if (turn.parts[1]) {
        await call.line.wait(400); // with the clips' own edges: a hesitation of about 0.75 s
        last = await call.say(turn.parts[1]);
      }
      await call.line.agentFinished(500, 60_000);
      // Split: the sentence was committed as more than one caller turn (the agent took the turn inside it).
      if (userTurns - turnsBefore > 1) r.splits++;
      const reply = call.line.agentAudioAfter(last.lastVoiced);
      if (reply) r.turnLatency.push(ms(reply.start - last.lastVoiced));
      if (!reply || ms(reply.start - last.lastVoiced) > LOST_AFTER_MS) r.lost++;
      if (!reply || ms(reply.start - last.lastVoiced) > SLOW_MS)
        slow.push(
          `call ${name}-${i} "${turn.parts.join(" … ")}": ${reply ? ms(reply.start - last.lastVoiced) : "no reply"} ms ` +
            `(caller ${turn.parts.length > 1 ? `${ms(first.lastVoiced)}→${ms(last.start)} hesitation, ` : ""}last voiced ${ms(last.lastVoiced)})\n    ${log.slice(-6).join("\n    ")}`,
        );
      r.turns++;
    }
    // Barge-in: the caller talks over a long answer.
    await call.line.wait(300);
    await call.say(BARGE_IN.question);
    await call.line.until(() => call.line.agentSpeaking, 30_000, "the long answer");
    await call.line.wait(1_000);
    const over = await call.say(BARGE_IN.over);
    await call.line.agentFinished(500, 60_000);
    const cut = call.line.agentSpans.find((s) => s.start < over.start && s.end > over.start && s.interrupted);
    if (cut) r.bargeIn.push(ms(cut.end - over.start));
    call.hangUp();
    await call.finish();
    const maxDelay = settings.maxEndpointingDelayMs;
    r.atMax += call.eouDelaysMs.filter((d) => d >= maxDelay - 100).length;
    r.eot.push(...call.eot.map((e) => Math.round(e.probability * 100) / 100));
    r.llmRequests += call.llm.requests.length;
    r.ttsRequests += call.tts.texts.length;
    r.ttsPlayed += played;
    r.callerTurns += script.length + 2;
    r.maxTickGapMs = Math.max(r.maxTickGapMs, call.line.maxTickGapMs);
    process.stdout.write(".");
  }
  clearInterval(rss);
  process.stdout.write("\n");
  return r;
}

function report(name: string, delays: ProviderDelays, r: RunResult) {
  const below = r.eot.filter((p) => p < r.eotThreshold).length;
  console.log(
    `\n## ${name} (STT ${delays.sttFinalMs} ms, LLM ${delays.llmFirstTokenMs} ms, TTS ${delays.ttsFirstByteMs} ms)`,
  );
  console.log(summary("voice-to-voice per turn", r.turnLatency));
  console.log(summary("transcription delay (end of speech → final)", r.transcription));
  console.log(summary("answer → first greeting audio", r.greeting));
  console.log(summary("barge-in → agent silent", r.bargeIn));
  console.log(summary("job received → greeting requested", r.jobStart));
  console.log(
    `turns at max endpointing delay            ${r.atMax}/${r.turns} (${((100 * r.atMax) / r.turns).toFixed(1)} %)`,
  );
  console.log(`split sentences (committed as 2 turns)    ${r.splits}/${CALLS}`);
  console.log(`turns with no reply within ${LOST_AFTER_MS} ms         ${r.lost}/${r.turns}`);
  console.log(
    `end-of-turn probabilities                 n=${r.eot.length} min=${Math.min(...r.eot)} p50=${pct(r.eot, 50)} max=${Math.max(...r.eot)}; below ${r.eotThreshold}: ${below}`,
  );
  console.log(
    `LLM requests                              ${r.llmRequests} for ${r.callerTurns} caller turns (${(r.llmRequests / r.callerTurns).toFixed(2)} per turn; the excess is preemptive generations discarded)`,
  );
  for (const line of slow.splice(0)) console.log(`slow turn: ${line}`);
  console.log(
    `TTS requests                              ${r.ttsRequests} sentences synthesized for ${r.ttsPlayed} agent messages (preemptive synthesis included)`,
  );
  console.log(
    `peak RSS (harness process, incl. EOT model) ${Math.round(r.peakRssMb)} MB; max event-loop gap ${Math.round(r.maxTickGapMs)} ms`,
  );
}

/** A fresh job process (production build, plain node): import the job module and run its prewarm (Silero VAD). */
function jobProcessStart(): Promise<{ ms: number; rssMb: number }> {
  return runBundled("job-start");
}

/**
 * One job process (production build) on one audio call (realistic delays), its end-of-turn model in a separate
 * inference process as in a worker: idle RSS after prewarm, peak RSS while the call runs, and the inference
 * process's RSS.
 */
function jobProcessOnACall(databaseUrl: string, callIndex: number): Promise<Record<string, number | number[]>> {
  return runBundled("voice-job-process", {
    env: { ...process.env, DATABASE_URL: databaseUrl, BENCH_CALL_INDEX: String(callIndex) },
  });
}

async function main() {
  const db = await createTestDatabase();
  process.env.DATABASE_URL = db.url;
  console.log(
    `bench:voice — ${new Date().toISOString()} — ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  console.log(`turn-taking: ${JSON.stringify(settings)}`);
  const starts = [];
  for (let i = 0; i < 3; i++) starts.push(await jobProcessStart());
  console.log(
    summary(
      "job process start (import + prewarm)",
      starts.map((s) => s.ms),
    ),
  );
  console.log(`idle job process RSS after prewarm: ${starts.map((s) => s.rssMb).join(", ")} MB`);
  const raw: number[] = [];
  for (let i = 0; i < 3; i++) raw.push((await runBundled<{ rssMb: number }>("raw-job-process")).rssMb);
  const median = (v: number[]) => pct(v, 50);
  console.log(
    `raw baseline (@livekit/agents + Silero VAD only): ${raw.join(", ")} MB; idle job process / raw = ${(
      median(starts.map((s) => s.rssMb)) / median(raw)
    ).toFixed(2)}×`,
  );
  await loadModels();
  await prepareCallerSpeech([...CORPUS.flat().flatMap((t) => t.parts), BARGE_IN.question, BARGE_IN.over]);
  const runs: Record<string, ProviderDelays> = { zero: NO_DELAYS, realistic: REALISTIC_DELAYS };
  for (const name of RUNS) {
    const delays = runs[name];
    if (!delays) throw new Error(`BENCH_RUNS: unknown run ${name}`);
    report(name, delays, await runCorpus(name, delays));
  }
  if (process.env.BENCH_MEMORY !== "0") {
    // Production runs one call per job process: a fresh process per sample, each on another corpus call.
    const samples = Number(process.env.BENCH_JOB_CALLS ?? 3);
    console.log(
      `\n## job process on one audio call (production build, plain node, the job-process environment; realistic delays; end-of-turn model in a separate inference process)`,
    );
    const peaks: number[] = [];
    for (let i = 0; i < samples; i++) {
      const m = await jobProcessOnACall(db.url, i);
      peaks.push(Number(m.peakMb));
      console.log(
        `call ${i + 1}: RSS idle after prewarm ${m.idleMb} MB, before the call ${m.beforeCallMb} MB, ` +
          `peak during the call ${m.peakMb} MB (V8 heap ${m.peakHeapUsedMb}/${m.peakHeapTotalMb} MB used/total, ` +
          `external ${m.peakExternalMb} MB), after it ${m.afterCallMb} MB; inference process ${m.inferenceMb} MB; ` +
          `CPU during the call ${m.cpuMs} ms; turn latency ${JSON.stringify(m.turnLatencyMs)} ms`,
      );
    }
    console.log(summary("job process peak RSS during a call", peaks, "MB"));
  }
  console.log(
    `\nload average after: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  await disconnectDb();
  await db.drop();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
