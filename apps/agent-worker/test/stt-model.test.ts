// Phone-tuned speech-to-text (#18 item 6): the call's leg picks the model, and
// the real Deepgram plugin sends it (the `model=` of its WebSocket URL) to a
// local Deepgram that speaks the streaming protocol.
import { callLegOf, encodeJobMetadata, parseJobMetadata } from "@articulate/telephony";
import { type FakeDeepgram, startDeepgramFake } from "@articulate/testing/deepgram";
import { initializeLogger, stt } from "@livekit/agents";
import { AudioFrame } from "@livekit/rtc-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseWorkerEnv } from "../src/env";
import { chooseSttModel, chooseVoicePipeline, RECOMMENDED_STT_MODEL } from "../src/voice-pipeline";

initializeLogger({ pretty: false, level: "error" });

const agent = (sttModel: string, language = "en-AU") => ({
  sttModel,
  language,
  llmModel: "openai/gpt-4.1-mini",
  ttsModel: "deepgram/aura-2",
  voice: "alloy",
});

describe("call leg from the job metadata", () => {
  const inbound = parseJobMetadata(
    encodeJobMetadata({ kind: "inbound", tenantId: "t1", agentId: "a1", phoneNumberId: "p1" }),
  );
  const outbound = parseJobMetadata(
    encodeJobMetadata({
      kind: "outbound",
      tenantId: "t1",
      agentId: "a1",
      phoneNumberId: "p1",
      callId: "c1",
      to: "+61255501234",
      participantIdentity: "sip_out_c1",
    }),
  );
  const test = parseJobMetadata(encodeJobMetadata({ kind: "test", tenantId: "t1", agentId: "a1" }));

  it("inbound and outbound SIP calls are phone legs, the browser test call is not", () => {
    expect(callLegOf(inbound, true)).toBe("phone");
    expect(callLegOf(outbound, true)).toBe("phone");
    expect(callLegOf(test, false)).toBe("browser");
  });

  it("without metadata, a SIP participant is a phone leg", () => {
    expect(callLegOf(null, true)).toBe("phone");
    expect(callLegOf(null, false)).toBe("browser");
  });
});

describe("speech-to-text model per leg", () => {
  it("the recommended model becomes Deepgram's phone-call model on a phone leg", () => {
    expect(chooseSttModel(agent(RECOMMENDED_STT_MODEL), "phone")).toEqual({
      model: "deepgram/nova-2-phonecall",
      language: "en",
      why: "telephony",
    });
  });

  it("the browser test call keeps the wideband model", () => {
    expect(chooseSttModel(agent(RECOMMENDED_STT_MODEL), "browser")).toEqual({
      model: RECOMMENDED_STT_MODEL,
      language: "en-AU",
      why: "configured",
    });
  });

  it("an owner's explicit model wins on every leg", () => {
    for (const m of ["deepgram/nova-2", "deepgram/nova-3-medical", "assemblyai/universal-streaming"]) {
      expect(chooseSttModel(agent(m), "phone")).toEqual({ model: m, language: "en-AU", why: "configured" });
    }
  });

  it("a non-English agent keeps its model (the phone-call model is English-only)", () => {
    expect(chooseSttModel(agent(RECOMMENDED_STT_MODEL, "fr-FR"), "phone").model).toBe(RECOMMENDED_STT_MODEL);
  });

  it("LiveKit Inference gets the phone model string on a phone leg, and describes it", async () => {
    const { env } = parseWorkerEnv({
      DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/x",
      LIVEKIT_URL: "wss://acme.livekit.cloud",
    });
    const phone = await chooseVoicePipeline(agent(RECOMMENDED_STT_MODEL), env, "phone");
    expect(phone.stt).toBe("deepgram/nova-2-phonecall:en");
    expect(phone.describe.stt).toBe("deepgram/nova-2-phonecall:en");
    const browser = await chooseVoicePipeline(agent(RECOMMENDED_STT_MODEL), env, "browser");
    expect(browser.stt).toBe("deepgram/nova-3:en");
  });
});

describe("the Deepgram plugin streams with the chosen model", () => {
  let deepgram: FakeDeepgram;
  beforeAll(async () => {
    deepgram = await startDeepgramFake({ apiKey: "dg-test", transcript: () => "I would like to book a check-up" });
  });
  afterAll(() => deepgram.close());

  const env = () =>
    parseWorkerEnv({
      DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/x",
      OPENAI_API_KEY: "sk-test",
      DEEPGRAM_API_KEY: "dg-test",
      DEEPGRAM_BASE_URL: deepgram.url,
    }).env;

  /** 0.5 s of a 16 kHz tone (loud enough for the plugin's energy filter), then a flush; returns the final text. */
  async function transcribeOnce(recogniser: stt.STT): Promise<string> {
    const stream = recogniser.stream();
    const rate = 16_000;
    for (let f = 0; f < 5; f++) {
      const pcm = new Int16Array(rate / 10);
      for (let i = 0; i < pcm.length; i++)
        pcm[i] = Math.round(8000 * Math.sin((2 * Math.PI * 220 * (f * pcm.length + i)) / rate));
      stream.pushFrame(new AudioFrame(pcm, rate, 1, pcm.length));
    }
    stream.flush();
    try {
      for await (const ev of stream) {
        if (ev.type === stt.SpeechEventType.FINAL_TRANSCRIPT) return ev.alternatives?.[0]?.text ?? "";
      }
      return "";
    } finally {
      stream.close();
    }
  }

  it("a phone leg connects with model=nova-2-phonecall, a browser leg with nova-3", async () => {
    const phone = await chooseVoicePipeline(agent(RECOMMENDED_STT_MODEL), env(), "phone");
    expect(phone.describe.stt).toBe("deepgram/nova-2-phonecall");
    expect(await transcribeOnce(phone.stt as stt.STT)).toBe("I would like to book a check-up");
    const browser = await chooseVoicePipeline(agent(RECOMMENDED_STT_MODEL), env(), "browser");
    expect(browser.describe.stt).toBe("deepgram/nova-3");
    expect(await transcribeOnce(browser.stt as stt.STT)).toBe("I would like to book a check-up");

    const [p, b] = deepgram.connections;
    expect(p?.params).toMatchObject({ model: "nova-2-phonecall", language: "en", encoding: "linear16" });
    expect(b?.params).toMatchObject({ model: "nova-3", language: "en-AU" });
    expect(p!.audioBytes).toBeGreaterThan(0);
    expect(deepgram.refused).toEqual([]);
  });
});
