import { EnvError } from "@articulate/config";
import { describe, expect, it } from "vitest";
import { parseWorkerEnv } from "../src/env";
import { serverOptionsFor } from "../src/worker-options";

const base = { DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/articulate" };

describe("agent-worker env", () => {
  it("starts without credentials and says which features are off", () => {
    const { env, features } = parseWorkerEnv(base);
    expect(env.LIVEKIT_AGENT_NAME).toBe("receptionist");
    expect(features.livekit.message).toBe(
      "LiveKit (the worker cannot take calls) disabled: set LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET",
    );
    expect(features.openai.message).toBe("OpenAI (LLM) disabled: set OPENAI_API_KEY");
    expect(features.deepgram.enabled).toBe(false);
    expect(features.elevenlabs.enabled).toBe(false);
  });

  it("enables what is configured", () => {
    const { features } = parseWorkerEnv({
      ...base,
      LIVEKIT_URL: "ws://localhost:7880",
      LIVEKIT_API_KEY: "devkey",
      LIVEKIT_API_SECRET: "secret",
      OPENAI_API_KEY: "sk-test",
      DEEPGRAM_API_KEY: "dg",
    });
    expect(features.livekit.enabled).toBe(true);
    expect(features.openai.enabled).toBe(true);
    expect(features.deepgram.enabled).toBe(true);
  });

  it("names the variable when a value is malformed", () => {
    for (const [vars, name] of [
      [{ LIVEKIT_URL: "not-a-url" }, "LIVEKIT_URL"],
      [{ LIVEKIT_URL: "ftp://x" }, "LIVEKIT_URL"],
      [{ LIVEKIT_AGENT_NAME: "two words" }, "LIVEKIT_AGENT_NAME"],
      [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    ] as const) {
      let err: unknown;
      try {
        parseWorkerEnv({ ...base, ...vars });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(EnvError);
      expect((err as EnvError).issues[0]?.variable).toBe(name);
    }
  });
});

describe("agents server options", () => {
  it("AGENT_IDLE_PROCESSES=0 keeps no warm job process (the SDK reads 0 as unset)", () => {
    const { env } = parseWorkerEnv({ ...base, AGENT_IDLE_PROCESSES: "0" });
    expect(serverOptionsFor(env, "/x/job.ts").numIdleProcesses).toBe(0);
    const { env: three } = parseWorkerEnv({ ...base, AGENT_IDLE_PROCESSES: "3" });
    expect(serverOptionsFor(three, "/x/job.ts").numIdleProcesses).toBe(3);
  });
});
