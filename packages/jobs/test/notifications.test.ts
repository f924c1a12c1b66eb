// Notifications end to end on the real job system: real PostgreSQL, a real SMTP
// server and the Twilio messaging fake, driven through the catalog's own jobs.
import crypto from "node:crypto";
import { saveMessage } from "@articulate/calls";
import { platformDb } from "@articulate/db";
import { createMailer } from "@articulate/mail";
import {
  connectSmsAccount,
  createSmsSender,
  SmsTestError,
  savePreferences,
  sendTestSms,
  unsubscribeToken,
  verifyUnsubscribeToken,
} from "@articulate/notifications";
import { startTelnyxFake, startTwilioFake, type TelnyxFake, type TwilioFake } from "@articulate/testing/carriers";
import { type SmtpTestServer, startSmtpTestServer } from "@articulate/testing/smtp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type JobRunner, jobCatalog, startJobRunner } from "../src/index";

const databaseUrl = process.env.DATABASE_URL as string;
const SECRET = "test-unsubscribe-secret-0123456789abcdef";
let smtp: SmtpTestServer;
let twilio: TwilioFake;
let telnyx: TelnyxFake;
let runner: JobRunner;

async function tenantWithOwner(label: string) {
  const suffix = crypto.randomBytes(4).toString("hex");
  const tenant = await platformDb().tenant.create({
    data: { slug: `${label}-${suffix}`, name: `${label} ${suffix}`, timezone: "Australia/Sydney" },
  });
  const owner = await platformDb().user.create({ data: { email: `owner-${suffix}@example.test`, name: "Olive" } });
  await platformDb().membership.create({ data: { tenantId: tenant.id, userId: owner.id, role: "OWNER" } });
  return { tenant, owner };
}

beforeAll(async () => {
  smtp = await startSmtpTestServer();
  twilio = await startTwilioFake();
  telnyx = await startTelnyxFake();
  const mailer = createMailer({ smtpUrl: smtp.url, from: "Articulate <no-reply@articulate.test>", pool: false });
  const sms = createSmsSender({
    provider: "twilio",
    accountSid: twilio.credentials.accountSid,
    authToken: twilio.credentials.authToken,
    from: "+61485550199",
    apiBase: twilio.url,
  });
  runner = await startJobRunner({
    databaseUrl,
    // Only the notification jobs; short retries so an outage test runs in seconds.
    jobs: jobCatalog(
      {
        sendMail: (m) => mailer.send(m),
        notifier: {
          appUrl: "https://app.articulate.test",
          unsubscribeSecret: SECRET,
          mailer,
          sms,
          smsApiBases: { twilio: twilio.url, telnyx: telnyx.url },
        },
      },
      { notificationRetry: { limit: 4, delaySeconds: 1, backoff: false } },
    ).filter((j) => j.name.startsWith("notifications.") && j.name !== "notifications.plan-digests"),
    pollingIntervalSeconds: 0.5,
    log: () => {},
  });
});

afterAll(async () => {
  await runner?.stop();
  await smtp?.close();
  await twilio?.close();
  await telnyx?.close();
});

describe("notifications on the job system", () => {
  it("an urgent message reaches the owner by e-mail and SMS within one job cycle", async () => {
    const { tenant, owner } = await tenantWithOwner("notify");
    await platformDb().notificationPreference.create({
      data: {
        tenantId: tenant.id,
        userId: owner.id,
        emailMode: "ALL_MESSAGES",
        smsMode: "URGENT_MESSAGES",
        smsNumber: "+61412345678",
      },
    });
    const message = await saveMessage({
      tenantId: tenant.id,
      callerName: "Jo Citizen",
      callbackNumber: "0412 000 111",
      reason: "Burst pipe flooding the kitchen",
      urgency: "urgent",
    });
    const started = Date.now();
    const mail = await smtp.waitFor((m) => m.to.includes(owner.email));
    expect(mail.subject).toContain("URGENT");
    expect(mail.subject).toContain("Jo Citizen");
    expect(mail.text).toContain("Burst pipe flooding the kitchen");
    expect(mail.text).toContain(`https://app.articulate.test/t/${tenant.slug}/messages/${message.id}`);
    expect(mail.html).toContain('href="tel:0412000111"');
    // The unsubscribe link is signed for this member, business and topic.
    const link = /https:\/\/app\.articulate\.test\/unsubscribe\?t=(\S+)/.exec(mail.text)?.[1] ?? "";
    expect(verifyUnsubscribeToken(SECRET, link)).toEqual({ tenantId: tenant.id, userId: owner.id, topic: "instant" });
    expect(mail.parsed.headerLines.find((h) => h.key === "list-unsubscribe")?.line).toContain("/unsubscribe?t=");

    const deadline = Date.now() + 20_000;
    while (!twilio.state.messages.some((m) => m.to === "+61412345678") && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const text = twilio.state.messages.find((m) => m.to === "+61412345678");
    expect(text?.body).toContain("URGENT");
    expect(text?.from).toBe("+61485550199");
    expect(Date.now() - started).toBeLessThan(20_000);
    let log = await platformDb().notificationDelivery.findMany({ where: { tenantId: tenant.id } });
    while (log.some((d) => d.status !== "SENT") && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      log = await platformDb().notificationDelivery.findMany({ where: { tenantId: tenant.id } });
    }
    expect(log.map((d) => [d.channel, d.status]).sort()).toEqual([
      ["EMAIL", "SENT"],
      ["SMS", "SENT"],
    ]);
  });

  it("an SMTP outage leaves the e-mail queued and retried; it arrives once the server recovers", async () => {
    const { tenant, owner } = await tenantWithOwner("outage");
    smtp.refuse(true);
    const refusedBefore = smtp.refusedCount();
    await saveMessage({ tenantId: tenant.id, callerName: "Ray", callbackNumber: "0412 000 222", reason: "Quote" });
    const deadline = Date.now() + 20_000;
    while (smtp.refusedCount() < refusedBefore + 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const retrying = await platformDb().notificationDelivery.findFirstOrThrow({ where: { tenantId: tenant.id } });
    expect(retrying.status).toBe("PENDING");
    expect(retrying.attempts).toBeGreaterThanOrEqual(1);
    expect(retrying.lastError).toMatch(/451/);
    // The inbox is unaffected.
    expect(await platformDb().message.count({ where: { tenantId: tenant.id } })).toBe(1);
    smtp.refuse(false);
    const mail = await smtp.waitFor((m) => m.to.includes(owner.email));
    expect(mail.text).toContain("Ray");
    let sent = await platformDb().notificationDelivery.findFirstOrThrow({ where: { tenantId: tenant.id } });
    for (let i = 0; i < 200 && sent.status !== "SENT"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      sent = await platformDb().notificationDelivery.findFirstOrThrow({ where: { tenantId: tenant.id } });
    }
    expect(sent.status).toBe("SENT");
    expect(smtp.received.filter((m) => m.to.includes(owner.email))).toHaveLength(1);
  });

  it("a removed member gets nothing, and test calls notify nobody", async () => {
    const { tenant, owner } = await tenantWithOwner("removed");
    await platformDb().membership.deleteMany({ where: { tenantId: tenant.id, userId: owner.id } });
    await saveMessage({ tenantId: tenant.id, callerName: "Gone", callbackNumber: "0412 000 333", reason: "x" });
    const other = await tenantWithOwner("testcall");
    const call = await platformDb().call.create({
      data: {
        tenantId: other.tenant.id,
        direction: "INBOUND",
        fromNumber: "browser",
        toNumber: "browser",
        roomName: `test-agent-${crypto.randomBytes(4).toString("hex")}`,
        isTest: true,
      },
    });
    await saveMessage({
      tenantId: other.tenant.id,
      callId: call.id,
      callerName: "Tester",
      callbackNumber: "0412 000 444",
      reason: "test",
    });
    // Both messages get fanned out (notifiedAt set) without a single delivery.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const pending = await platformDb().message.count({
        where: { tenantId: { in: [tenant.id, other.tenant.id] }, notifiedAt: null },
      });
      if (pending === 0 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(
      await platformDb().notificationDelivery.count({ where: { tenantId: { in: [tenant.id, other.tenant.id] } } }),
    ).toBe(0);
    expect(unsubscribeToken(SECRET, tenant.id, owner.id, "digest")).not.toBe("");
  });

  it("e-mails go to the member's chosen notification address, not their sign-in address", async () => {
    const { tenant, owner } = await tenantWithOwner("override");
    await savePreferences(tenant.id, owner.id, {
      emailMode: "ALL_MESSAGES",
      smsMode: "NONE",
      email: "  Front-Desk@Override.Test ",
      digestEnabled: false,
      digestTime: "18:00",
    });
    await saveMessage({ tenantId: tenant.id, callerName: "Ada", callbackNumber: "0412 000 555", reason: "Quote" });
    const mail = await smtp.waitFor((m) => m.to.includes("front-desk@override.test"));
    expect(mail.text).toContain("Ada");
    expect(smtp.received.some((m) => m.to.includes(owner.email))).toBe(false);
    const deadline = Date.now() + 20_000;
    let d = await platformDb().notificationDelivery.findFirstOrThrow({ where: { tenantId: tenant.id } });
    while (d.status !== "SENT" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      d = await platformDb().notificationDelivery.findFirstOrThrow({ where: { tenantId: tenant.id } });
    }
    expect(d).toMatchObject({ status: "SENT", destination: "front-desk@override.test" });
  });

  it("a business's own Twilio account sends its texts (not the platform's); its token is stored encrypted", async () => {
    const { tenant, owner } = await tenantWithOwner("own-sms");
    const own = twilio.addAccount({ smsSenders: ["+61485550777"] });
    await connectSmsAccount(
      tenant.id,
      { type: "user", id: owner.id },
      { provider: "TWILIO", accountSid: own.accountSid, secret: own.authToken, sender: "0485 550 777" },
    );
    const row = await platformDb().tenantSmsAccount.findUniqueOrThrow({ where: { tenantId: tenant.id } });
    expect(row.secretEncrypted).not.toContain(own.authToken);
    expect(row.sender).toBe("+61485550777");
    await savePreferences(tenant.id, owner.id, {
      emailMode: "NONE",
      smsMode: "ALL_MESSAGES",
      smsNumber: "0412 777 001",
      digestEnabled: false,
      digestTime: "18:00",
    });
    await saveMessage({ tenantId: tenant.id, callerName: "Bo", callbackNumber: "0412 000 666", reason: "Leak" });
    const deadline = Date.now() + 20_000;
    while (!twilio.state.messages.some((m) => m.to === "+61412777001") && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const text = twilio.state.messages.find((m) => m.to === "+61412777001");
    expect(text).toMatchObject({ account: own.accountSid, from: "+61485550777" });
    expect(text?.body).toContain("Bo");
  });

  it("send test SMS through a business's Telnyx account: works, then names the field for a wrong key or sender", async () => {
    const { tenant, owner } = await tenantWithOwner("test-sms");
    const actor = { type: "user" as const, id: owner.id };
    const own = telnyx.addAccount({ smsSenders: ["+61485550888"] });
    const bases = { twilio: twilio.url, telnyx: telnyx.url };
    await connectSmsAccount(tenant.id, actor, { provider: "TELNYX", secret: own.apiKey, sender: "+61485550888" });
    const sent = await sendTestSms(tenant.id, actor, "0412 888 001", bases);
    expect(sent.to).toBe("+61412888001");
    expect(telnyx.state.messages.find((m) => m.id === sent.providerRef)).toMatchObject({
      account: own.accountId,
      from: "+61485550888",
      to: "+61412888001",
    });
    expect(
      (await platformDb().tenantSmsAccount.findUniqueOrThrow({ where: { tenantId: tenant.id } })).verifiedAt,
    ).not.toBeNull();

    // A key Telnyx does not know: the real 401, in the owner's words, on the key field.
    await connectSmsAccount(tenant.id, actor, {
      provider: "TELNYX",
      secret: `KEY${"0".repeat(32)}`,
      sender: "+61485550888",
    });
    const wrongKey = await sendTestSms(tenant.id, actor, "0412 888 001", bases).catch((e: unknown) => e);
    expect(wrongKey).toBeInstanceOf(SmsTestError);
    expect(wrongKey).toMatchObject({
      field: "secret",
      message: expect.stringContaining("did not accept this API key"),
    });

    // The right key but a sender that is not on the account.
    await connectSmsAccount(tenant.id, actor, { provider: "TELNYX", secret: own.apiKey, sender: "+61485550999" });
    await expect(sendTestSms(tenant.id, actor, "0412 888 001", bases)).rejects.toMatchObject({ field: "sender" });
    await expect(sendTestSms(tenant.id, actor, "02 5550 1234", bases)).rejects.toMatchObject({ field: "to" });
    expect(await platformDb().auditLog.count({ where: { tenantId: tenant.id, action: "sms_account.tested" } })).toBe(1);
  });
});
