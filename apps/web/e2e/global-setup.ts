// Starts everything the dashboard talks to, then the production server:
// a fresh migrated PostgreSQL database, the LiveKit, Stripe and Telnyx fakes
// (real wire protocols), the Stripe catalogue, and the production server (server.ts) pointed at them.
// Tests read the addresses from process.env (E2E_*); teardown stops it all.
import { type ChildProcess, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { createTestDatabase } from "@articulate/db/testing";
import { startTelnyxFake } from "@articulate/testing/carriers";
import { startGoogleFake } from "@articulate/testing/google";
import { startLiveKitFake } from "@articulate/testing/livekit";
import { type ChatRequest, type FakeAnswer, startFakeOpenAI } from "@articulate/testing/openai";
import { startS3Fake } from "@articulate/testing/s3";
import { startStripeFake } from "@articulate/testing/stripe";

const webDir = path.resolve(import.meta.dirname, "..");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * The model behind the no-LiveKit server's "Talk to your agent" chat (and its call
 * analysis): it reacts to what it is sent, like a real model, through the real wire format.
 */
function scriptedModel(req: ChatRequest): FakeAnswer {
  if (req.response_format?.type === "json_schema")
    return {
      content: JSON.stringify({
        summary: "The caller left a message about moving an appointment.",
        outcome: "MESSAGE_TAKEN",
      }),
    };
  const last = req.messages.at(-1);
  if (last?.role === "tool") {
    // Booking tools' answers are said to the caller (a real model would phrase them); anything else is a message taken.
    if (/^(Free for|Read back|Booked:|Nothing is free)/.test(last.content)) return { content: last.content };
    return { content: "Thanks, I've passed that on. Is there anything else?" };
  }
  const said = last?.role === "user" ? last.content : "";
  // Booking (e2e/chat-booking.spec.ts): the caller names the type and a concrete date; the model
  // takes the first time it offered (from its earlier answer) and books after the caller's yes.
  const ask = /book an? (.+?) on (\d{4}-\d{2}-\d{2})/i.exec(said);
  if (ask)
    return { toolCalls: [{ name: "check_availability", arguments: { appointmentType: ask[1], fromDate: ask[2] } }] };
  const offered = req.messages
    .map((m) => (typeof m.content === "string" ? /Exact start times: (\S+?Z)/.exec(m.content)?.[1] : undefined))
    .filter(Boolean)
    .at(-1);
  const type = req.messages
    .map((m) => (typeof m.content === "string" ? /^Free for (.+?) \(/.exec(m.content)?.[1] : undefined))
    .filter(Boolean)
    .at(-1);
  const who = /first time, I'm ([A-Za-z ]+)/i.exec(said)?.[1] ?? (/^yes, book it/i.test(said) ? "" : null);
  if (offered && type && who !== null) {
    const named = [...req.messages]
      .reverse()
      .map((m) => (m.role === "user" ? /first time, I'm ([A-Za-z ]+)/i.exec(m.content)?.[1] : undefined))
      .find(Boolean);
    return {
      toolCalls: [
        {
          name: "book_appointment",
          arguments: {
            appointmentType: type,
            start: offered,
            callerName: (who || named || "Caller").trim(),
            confirmedWithCaller: who === "",
          },
        },
      ],
    };
  }
  if (/message/i.test(said)) return { content: "Of course. What's your name and the best number to call you back on?" };
  if (/\d{4}/.test(said))
    return {
      toolCalls: [
        {
          name: "take_message",
          arguments: { callerName: "Sam Taylor", callbackNumber: "0412 345 678", reason: "Move Friday's appointment" },
        },
      ],
    };
  if (/bye/i.test(said)) return { toolCalls: [{ name: "end_call", arguments: { reason: "Caller said goodbye" } }] };
  return { content: "How can I help you today?" };
}

async function startServer(
  name: string,
  env: Record<string, string>,
  artifacts: string,
  port: number,
): Promise<{ server: ChildProcess; baseUrl: string; logPath: string }> {
  const baseUrl = `http://127.0.0.1:${port}`;
  const logPath = path.join(artifacts, `${name}.log`);
  const log = fs.openSync(logPath, "w");
  // The production entry (server.ts: Next behind the client-address resolver), as `pnpm start` runs it.
  const server = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: webDir,
    env: {
      ...process.env,
      ...env,
      APP_URL: baseUrl,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      HOST: "127.0.0.1",
    },
    stdio: ["ignore", log, log],
  });
  await waitForHealth(`${baseUrl}/api/health`, server, logPath);
  return { server, baseUrl, logPath };
}

async function waitForHealth(url: string, server: ChildProcess, logPath: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the web server exited with ${server.exitCode}; see ${logPath}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`server did not become healthy at ${url}`);
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!fs.existsSync(path.join(webDir, ".next/BUILD_ID"))) {
    throw new Error(
      "No production build: run `pnpm --filter @articulate/web run test:e2e` (it builds first) or `next build`.",
    );
  }
  const testDb = await createTestDatabase();
  const livekit = await startLiveKitFake();
  const stripe = await startStripeFake();
  const telnyx = await startTelnyxFake();
  const s3 = await startS3Fake();
  const google = await startGoogleFake({ email: "frontdesk@bookings.example" });

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    DATABASE_URL: testDb.url,
    AUTH_SECRET: crypto.randomBytes(32).toString("base64"),
    ENCRYPTION_KEY: crypto.randomBytes(32).toString("hex"),
    APP_URL: baseUrl,
    LIVEKIT_URL: livekit.url,
    LIVEKIT_API_KEY: livekit.apiKey,
    LIVEKIT_API_SECRET: livekit.apiSecret,
    LIVEKIT_SIP_ENDPOINT: "sip.e2e.articulate.test",
    STRIPE_SECRET_KEY: stripe.secretKey,
    STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
    STRIPE_API_BASE: stripe.url,
    TELNYX_API_KEY: telnyx.credentials.apiKey,
    TELNYX_API_BASE: telnyx.url,
    TELNYX_CONNECTION_ID: telnyx.credentials.connectionId,
    TELNYX_REQUIREMENT_GROUP_ID: telnyx.credentials.requirementGroupId,
    TELNYX_PUBLIC_KEY: telnyx.credentials.publicKey,
    // Tenant webhooks: the api spec's receiver listens on plain http://127.0.0.1.
    WEBHOOKS_ALLOW_HTTP: "1",
    WEBHOOKS_ALLOW_PRIVATE: "1",
    WEBHOOK_DELIVERY_INTERVAL_MS: "300",
    // Call recordings (#15): the local S3 server; the browser reaches it at the same address.
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: s3.bucket,
    S3_REGION: s3.region,
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    // Google Calendar for bookings (#17): the official client pointed at the local Google fake.
    GOOGLE_CALENDAR_CLIENT_ID: google.clientId,
    GOOGLE_CALENDAR_CLIENT_SECRET: google.clientSecret,
    GOOGLE_API_BASE_URL: google.url,
  };

  // The Stripe catalogue (meter, products, prices) the Checkout flow needs, created like in production.
  Object.assign(process.env, env);
  const { setupStripeCatalog, stripeClient } = await import("@articulate/billing");
  const stripeApi = stripeClient();
  if (!stripeApi) throw new Error("Stripe client not configured from the fake's settings");
  await setupStripeCatalog(stripeApi);

  const artifacts = path.join(webDir, "e2e/artifacts");
  fs.mkdirSync(artifacts, { recursive: true });
  const main = await startServer("server", env, artifacts, port);
  // A second installation on the same build and database without LiveKit (no phone calls, no voice
  // test calls), with a model provider: the "Talk to your agent" journey of a brand-new business.
  const openai = await startFakeOpenAI();
  openai.answer = scriptedModel;
  const {
    LIVEKIT_URL: _u,
    LIVEKIT_API_KEY: _k,
    LIVEKIT_API_SECRET: _s,
    LIVEKIT_SIP_ENDPOINT: _e,
    ...withoutLiveKit
  } = env;
  for (const v of ["LIVEKIT_URL", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET", "LIVEKIT_SIP_ENDPOINT"])
    delete process.env[v];
  const noLiveKit = await startServer(
    "server-no-livekit",
    { ...withoutLiveKit, OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.baseUrl },
    artifacts,
    await freePort(),
  );
  Object.assign(process.env, env);

  process.env.E2E_BASE_URL = baseUrl;
  process.env.E2E_DATABASE_URL = testDb.url;
  process.env.E2E_LIVEKIT_URL = livekit.url;
  process.env.E2E_LIVEKIT_API_KEY = livekit.apiKey;
  process.env.E2E_LIVEKIT_API_SECRET = livekit.apiSecret;
  process.env.E2E_SERVER_LOG = main.logPath;
  process.env.E2E_NO_LIVEKIT_BASE_URL = noLiveKit.baseUrl;
  // A business's own Telnyx account (its key and sender) for the SMS sender settings.
  const ownSms = telnyx.addAccount({ smsSenders: ["+61485550888"] });
  process.env.E2E_OWN_TELNYX_API_KEY = ownSms.apiKey;

  return async () => {
    for (const { server } of [main, noLiveKit]) {
      server.kill("SIGTERM");
      await new Promise((r) => (server.exitCode !== null ? r(null) : server.once("exit", r)));
    }
    const { disconnectDb } = await import("@articulate/db");
    await disconnectDb();
    await Promise.allSettled([
      livekit.close(),
      stripe.close(),
      telnyx.close(),
      s3.close(),
      openai.close(),
      google.close(),
    ]);
    await testDb.drop();
  };
}
