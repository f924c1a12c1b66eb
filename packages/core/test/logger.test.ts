import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, REDACTED } from "../src/logger";

function collectingLogger(base?: Record<string, unknown>) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  const log = createLogger({ name: "test", level: "debug", base, destination });
  return { log, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const SECRETS = {
  password: "hunter2-password-value",
  stripeKey: "sk_live_51AbCdEfGhIjKlMnOp",
  webhookSecret: "whsec_Zm9vYmFyYmF6cXV4",
  dbPassword: "db-pass-9f8e7d",
  sipPassword: "sip-secret-777",
  bearer: "eyJhbGciOiJIUzI1NiJ9.payload.sig",
  apiKey: "art_0123456789abcdefghijkl",
  livekitSecret: "lk-api-secret-xyz",
};

describe("createLogger redaction", () => {
  it("never writes a secret, whether under a secret key, nested, in a child binding, a message or an error", () => {
    const { log, lines } = collectingLogger({ service: "web" });
    log.info({ password: SECRETS.password, user: { email: "a@b.c", passwordHash: SECRETS.password } }, "sign in");
    log.info({ headers: { Authorization: `Bearer ${SECRETS.bearer}`, cookie: "session=abc" } }, "request");
    log.info({ config: { stripe: { secretKey: SECRETS.stripeKey, webhook_secret: SECRETS.webhookSecret } } });
    log.warn(`could not connect to postgresql://app:${SECRETS.dbPassword}@db.internal:5432/articulate`);
    log.error({ err: new Error(`Stripe refused key ${SECRETS.stripeKey}`) }, "stripe failed");
    log.child({ tenantId: "t1", apiKey: SECRETS.apiKey }).info({ trunk: { sipPassword: SECRETS.sipPassword } }, "x");
    log.info({ livekit: { apiSecret: SECRETS.livekitSecret } }, `key ${SECRETS.apiKey} used`);
    log.debug({ list: [{ token: SECRETS.bearer }], whsec: `got ${SECRETS.webhookSecret}` });

    expect(lines).toHaveLength(8);
    const all = lines.join("\n");
    for (const [name, secret] of Object.entries(SECRETS)) {
      expect(all.includes(secret), `${name} leaked`).toBe(false);
    }
    expect(all).toContain(REDACTED);
  });

  it("keeps what is not secret: message, context ids, error message and non-secret fields", () => {
    const { log, parsed } = collectingLogger();
    log
      .child({ tenantId: "tenant_1", requestId: "req_1" })
      .error({ callId: "call_1", err: new Error("dial failed"), to: "+61255501234" }, "outbound failed");
    const [line] = parsed();
    expect(line).toMatchObject({
      level: "error",
      msg: "outbound failed",
      tenantId: "tenant_1",
      requestId: "req_1",
      callId: "call_1",
      to: "+61255501234",
      err: { type: "Error", message: "dial failed" },
    });
    expect(typeof line?.time).toBe("string");
  });
});
