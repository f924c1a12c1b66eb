import { EnvError } from "@articulate/config";
import { describe, expect, it, vi } from "vitest";
import { parseWebEnv } from "../src/env";

const base = { DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/articulate" };

describe("web env", () => {
  it("starts with only DATABASE_URL, every optional integration reported disabled", () => {
    const { env, features } = parseWebEnv(base);
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.NODE_ENV).toBe("development");
    expect(env.AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(features.livekit).toEqual({
      label: expect.stringContaining("LiveKit"),
      enabled: false,
      missing: ["LIVEKIT_URL", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET"],
      message: expect.stringMatching(/^LiveKit .*disabled: set LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET$/),
    });
    expect(features.stripe.message).toBe("Billing (Stripe) disabled: set STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET");
    for (const f of Object.values(features)) expect(f.enabled).toBe(false);
  });

  it("enables a feature only when its whole group is set, naming what is missing", () => {
    const { features } = parseWebEnv({ ...base, LIVEKIT_URL: "ws://localhost:7880", LIVEKIT_API_KEY: "devkey" });
    expect(features.livekit.enabled).toBe(false);
    expect(features.livekit.missing).toEqual(["LIVEKIT_API_SECRET"]);
    const on = parseWebEnv({
      ...base,
      LIVEKIT_URL: "wss://x.livekit.cloud",
      LIVEKIT_API_KEY: "k",
      LIVEKIT_API_SECRET: "s",
    });
    expect(on.features.livekit).toMatchObject({ enabled: true, missing: [], message: null });
  });

  it("treats blank values as unset", () => {
    const { features } = parseWebEnv({ ...base, STRIPE_SECRET_KEY: "", STRIPE_WEBHOOK_SECRET: "  " });
    expect(features.stripe.missing).toEqual(["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"]);
  });

  it("fails on a malformed value with a message naming the variable", () => {
    const bad: [Record<string, string>, string][] = [
      [{ LIVEKIT_URL: "localhost:7880" }, "LIVEKIT_URL"],
      [{ STRIPE_SECRET_KEY: "pk_test_123" }, "STRIPE_SECRET_KEY"],
      [{ STRIPE_WEBHOOK_SECRET: "secret" }, "STRIPE_WEBHOOK_SECRET"],
      [{ TWILIO_ACCOUNT_SID: "AC123" }, "TWILIO_ACCOUNT_SID"],
      [{ SMTP_URL: "mail.example.com" }, "SMTP_URL"],
      [{ ENCRYPTION_KEY: "too-short" }, "ENCRYPTION_KEY"],
      [{ APP_URL: "not a url" }, "APP_URL"],
      [{ AUTH_SECRET: "short" }, "AUTH_SECRET"],
      [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    ];
    for (const [vars, name] of bad) {
      let err: unknown;
      try {
        parseWebEnv({ ...base, ...vars });
      } catch (e) {
        err = e;
      }
      expect(err, name).toBeInstanceOf(EnvError);
      expect((err as EnvError).issues.map((i) => i.variable)).toEqual([name]);
      expect((err as Error).message).toContain(name);
    }
  });

  it("requires DATABASE_URL, and AUTH_SECRET in production", () => {
    expect(() => parseWebEnv({})).toThrow(/DATABASE_URL: is required/);
    expect(() => parseWebEnv({ ...base, NODE_ENV: "production" })).toThrow(/AUTH_SECRET: is required in production/);
    const prod = parseWebEnv({ ...base, NODE_ENV: "production", AUTH_SECRET: "x".repeat(40) });
    expect(prod.env.AUTH_SECRET).toBe("x".repeat(40));
  });

  it("accepts the documented encryption key formats", () => {
    const hex = "ab".repeat(32);
    const b64 = Buffer.alloc(32, 7).toString("base64");
    expect(parseWebEnv({ ...base, ENCRYPTION_KEY: hex }).features.credentialEncryption.enabled).toBe(true);
    expect(parseWebEnv({ ...base, ENCRYPTION_KEY: b64 }).features.credentialEncryption.enabled).toBe(true);
  });

  it("reports disabled features once per process", async () => {
    vi.resetModules();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const saved = { ...process.env };
    try {
      for (const k of [
        "LIVEKIT_URL",
        "LIVEKIT_API_KEY",
        "LIVEKIT_API_SECRET",
        "STRIPE_SECRET_KEY",
        "STRIPE_WEBHOOK_SECRET",
      ])
        delete process.env[k];
      process.env.DATABASE_URL ??= base.DATABASE_URL;
      const mod = await import("../src/env");
      mod.env();
      mod.env();
      expect(mod.featureFlags().livekit.enabled).toBe(false);
      const lines = warn.mock.calls.map((c) => String(c[0]));
      expect(lines.filter((l) => l.includes("LiveKit")).length).toBe(1);
      expect(
        lines.some((l) => l === "[web] Billing (Stripe) disabled: set STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET"),
      ).toBe(true);
    } finally {
      process.env = saved;
      warn.mockRestore();
    }
  });
});
