// Digests across DST (exactly once, two planners at once), unsubscribe links,
// preference validation, and the digest's grouping — real PostgreSQL.
import crypto from "node:crypto";
import { platformDb } from "@articulate/db";
import { describe, expect, it } from "vitest";
import {
  applyUnsubscribe,
  connectSmsAccount,
  digestData,
  getPreferences,
  getSmsAccount,
  NotificationInputError,
  planDigests,
  removeSmsAccount,
  renderDigestEmail,
  savePreferences,
  unsubscribeToken,
} from "../src/index";

const SECRET = "unsubscribe-test-secret-0123456789abcdef";

async function tenantWithOwner(label: string) {
  const suffix = crypto.randomBytes(4).toString("hex");
  const tenant = await platformDb().tenant.create({
    data: { slug: `${label}-${suffix}`, name: `${label} ${suffix}`, timezone: "Australia/Sydney" },
  });
  const owner = await platformDb().user.create({ data: { email: `owner-${suffix}@example.test` } });
  await platformDb().membership.create({ data: { tenantId: tenant.id, userId: owner.id, role: "OWNER" } });
  return { tenant, owner };
}

async function digestDates(tenantId: string): Promise<string[]> {
  const rows = await platformDb().notificationDelivery.findMany({
    where: { tenantId, kind: "DIGEST" },
    orderBy: { digestDate: "asc" },
  });
  return rows.map((r) => r.digestDate ?? "");
}

describe("daily digest planning", () => {
  it("fires at 18:00 Australia/Sydney on both sides of the October DST change, once per day with two planners", async () => {
    const { tenant } = await tenantWithOwner("dst-oct");
    const at = (iso: string) => ({ now: new Date(iso) });
    // Sat 3 Oct 2026 is AEST (+10): 18:00 local = 08:00 UTC.
    await Promise.all([planDigests(at("2026-10-03T07:59:00Z")), planDigests(at("2026-10-03T07:59:00Z"))]);
    expect(await digestDates(tenant.id)).toEqual([]);
    await Promise.all([planDigests(at("2026-10-03T08:00:00Z")), planDigests(at("2026-10-03T08:00:30Z"))]);
    await planDigests(at("2026-10-03T09:30:00Z"));
    expect(await digestDates(tenant.id)).toEqual(["2026-10-03"]);
    // Sun 4 Oct 2026 clocks went forward (AEDT, +11): 18:00 local = 07:00 UTC.
    await planDigests(at("2026-10-04T06:59:00Z"));
    expect(await digestDates(tenant.id)).toEqual(["2026-10-03"]);
    await Promise.all([planDigests(at("2026-10-04T07:00:00Z")), planDigests(at("2026-10-04T07:00:00Z"))]);
    expect(await digestDates(tenant.id)).toEqual(["2026-10-03", "2026-10-04"]);
  });

  it("fires once on the April change back (AEDT → AEST) and respects a member's own time and opt-out", async () => {
    const { tenant, owner } = await tenantWithOwner("dst-apr");
    // Sun 5 Apr 2026 03:00 AEDT → 02:00 AEST: 18:00 local that day = 08:00 UTC.
    await planDigests({ now: new Date("2026-04-05T07:30:00Z") });
    expect(await digestDates(tenant.id)).toEqual([]);
    await Promise.all([
      planDigests({ now: new Date("2026-04-05T08:00:00Z") }),
      planDigests({ now: new Date("2026-04-05T08:05:00Z") }),
    ]);
    expect(await digestDates(tenant.id)).toEqual(["2026-04-05"]);

    await savePreferences(tenant.id, owner.id, {
      emailMode: "ALL_MESSAGES",
      smsMode: "NONE",
      digestEnabled: true,
      digestTime: "07:30",
    });
    await planDigests({ now: new Date("2026-04-05T21:29:00Z") }); // 07:29 Mon 6 Apr AEST
    expect(await digestDates(tenant.id)).toEqual(["2026-04-05"]);
    await planDigests({ now: new Date("2026-04-05T21:30:00Z") });
    expect(await digestDates(tenant.id)).toEqual(["2026-04-05", "2026-04-06"]);

    // The unsubscribe link in a digest turns only the digest off, without signing in.
    const token = unsubscribeToken(SECRET, tenant.id, owner.id, "digest");
    expect(await applyUnsubscribe(SECRET, `${token}x`)).toEqual({ ok: false });
    expect(await applyUnsubscribe("another-secret-0123456789abcdefghij", token)).toEqual({ ok: false });
    expect(await applyUnsubscribe(SECRET, token)).toMatchObject({ ok: true, topic: "digest" });
    const prefs = await getPreferences(tenant.id, owner.id, "OWNER");
    expect(prefs).toMatchObject({ digestEnabled: false, emailMode: "ALL_MESSAGES" });
    await planDigests({ now: new Date("2026-04-06T21:30:00Z") });
    expect(await digestDates(tenant.id)).toEqual(["2026-04-05", "2026-04-06"]);
    expect(
      await platformDb().auditLog.count({ where: { tenantId: tenant.id, action: "notification.unsubscribed" } }),
    ).toBe(1);
  });

  it("a new owner defaults to every message plus the digest; other members to nothing", async () => {
    const { tenant, owner } = await tenantWithOwner("defaults");
    expect(await getPreferences(tenant.id, owner.id, "OWNER")).toMatchObject({
      emailMode: "ALL_MESSAGES",
      digestEnabled: true,
      digestTime: "18:00",
    });
    expect(await getPreferences(tenant.id, owner.id, "MEMBER")).toMatchObject({
      emailMode: "NONE",
      digestEnabled: false,
    });
  });
});

describe("preferences", () => {
  it("refuses a landline or nonsense for SMS and an SMS mode without a number, naming the field", async () => {
    const { tenant, owner } = await tenantWithOwner("prefs");
    const base = { emailMode: "ALL_MESSAGES", digestEnabled: true, digestTime: "18:00" } as const;
    for (const smsNumber of ["02 5550 1234", "hello", "+1 202"]) {
      const err = await savePreferences(tenant.id, owner.id, { ...base, smsMode: "URGENT_MESSAGES", smsNumber }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(NotificationInputError);
      expect((err as NotificationInputError).field).toBe("smsNumber");
    }
    await expect(savePreferences(tenant.id, owner.id, { ...base, smsMode: "ALL_MESSAGES" })).rejects.toMatchObject({
      field: "smsNumber",
    });
    await expect(
      savePreferences(tenant.id, owner.id, { ...base, smsMode: "NONE", digestTime: "25:00" }),
    ).rejects.toMatchObject({ field: "digestTime" });
    expect(await platformDb().notificationPreference.count({ where: { tenantId: tenant.id } })).toBe(0);
    await savePreferences(tenant.id, owner.id, { ...base, smsMode: "URGENT_MESSAGES", smsNumber: "0412 345 678" });
    expect(await getPreferences(tenant.id, owner.id, "OWNER")).toMatchObject({ smsNumber: "+61412345678" });
  });
});

describe("notification e-mail address", () => {
  it("refuses an invalid address on the email field, writes nothing, and stores a valid one lower-cased", async () => {
    const { tenant, owner } = await tenantWithOwner("email-override");
    const base = { emailMode: "ALL_MESSAGES", smsMode: "NONE", digestEnabled: true, digestTime: "18:00" } as const;
    for (const email of ["not-an-email", "a@b", "front desk@example.test", `${"x".repeat(250)}@example.test`]) {
      await expect(savePreferences(tenant.id, owner.id, { ...base, email })).rejects.toMatchObject({ field: "email" });
    }
    expect(await platformDb().notificationPreference.count({ where: { tenantId: tenant.id } })).toBe(0);
    await savePreferences(tenant.id, owner.id, { ...base, email: " Office@Example.Test " });
    expect(await getPreferences(tenant.id, owner.id, "OWNER")).toMatchObject({ email: "office@example.test" });
    await savePreferences(tenant.id, owner.id, { ...base, email: "" });
    expect(await getPreferences(tenant.id, owner.id, "OWNER")).toMatchObject({ email: null });
  });
});

describe("a business's own SMS account", () => {
  const sid = `AC${"a1".repeat(16)}`;
  const token = "0123456789abcdef0123456789abcdef";
  it("validates each field in the owner's words and never stores or shows the secret in clear", async () => {
    const { tenant, owner } = await tenantWithOwner("sms-account");
    const actor = { type: "user" as const, id: owner.id };
    const cases: [Record<string, string>, string][] = [
      [{ provider: "TWILIO", accountSid: "AC123", secret: token, sender: "+61485550777" }, "accountSid"],
      [{ provider: "TWILIO", accountSid: sid, secret: "short", sender: "+61485550777" }, "secret"],
      [{ provider: "TWILIO", accountSid: sid, secret: token, sender: "a very long sender name" }, "sender"],
      [{ provider: "TWILIO", accountSid: sid, secret: token, sender: "" }, "sender"],
      [{ provider: "TELNYX", secret: "nope", sender: "Plumbers" }, "secret"],
      [
        { provider: "TELNYX", secret: `KEY${"b".repeat(20)}`, sender: "Plumbers", messagingProfileId: "x" },
        "messagingProfileId",
      ],
      [{ provider: "SINCH", secret: token, sender: "Plumbers" }, "provider"],
    ];
    for (const [input, field] of cases) {
      await expect(
        connectSmsAccount(tenant.id, actor, input as unknown as Parameters<typeof connectSmsAccount>[2]),
      ).rejects.toMatchObject({ field });
    }
    expect(await getSmsAccount(tenant.id)).toBeNull();

    await connectSmsAccount(tenant.id, actor, {
      provider: "TWILIO",
      accountSid: sid,
      secret: token,
      sender: "Plumbers",
    });
    const view = await getSmsAccount(tenant.id);
    expect(view).toMatchObject({ provider: "TWILIO", accountSid: sid, sender: "Plumbers", secretHint: "cdef" });
    expect(JSON.stringify(view)).not.toContain(token);
    const row = await platformDb().tenantSmsAccount.findUniqueOrThrow({ where: { tenantId: tenant.id } });
    expect(row.secretEncrypted.startsWith("v1.")).toBe(true);
    // Editing the sender without re-entering the token keeps the token.
    await connectSmsAccount(tenant.id, actor, {
      provider: "TWILIO",
      accountSid: sid,
      secret: "",
      sender: "0485 550 777",
    });
    expect(await getSmsAccount(tenant.id)).toMatchObject({ sender: "+61485550777", secretHint: "cdef" });
    const audits = await platformDb().auditLog.findMany({
      where: { tenantId: tenant.id, action: "sms_account.connected" },
    });
    expect(audits).toHaveLength(2);
    expect(JSON.stringify(audits)).not.toContain(token);
    expect(await removeSmsAccount(tenant.id, actor)).toBe(true);
    expect(await getSmsAccount(tenant.id)).toBeNull();
    expect(await removeSmsAccount(tenant.id, actor)).toBe(false);
  });
});

describe("digest content", () => {
  it("says so on a day with no calls, and groups urgent / normal / spam / other", async () => {
    const { tenant } = await tenantWithOwner("digest");
    const quiet = await digestData(tenant.id, "2026-06-01");
    const mail = renderDigestEmail({
      data: quiet,
      timeZone: "Australia/Sydney",
      inboxUrl: "https://app/inbox",
      messageUrl: (id) => `https://app/m/${id}`,
      unsubscribeUrl: "https://app/u",
    });
    expect(mail.subject).toContain("no calls on 01/06/2026");
    expect(mail.text).toContain("No calls today.");

    // 10:00 AEST on 2 Jun 2026 = 00:00 UTC.
    const day = new Date("2026-06-02T00:00:00Z");
    const mk = (outcome: "SPAM" | "RESOLVED" | "MESSAGE_TAKEN", isTest = false) =>
      platformDb().call.create({
        data: {
          tenantId: tenant.id,
          direction: "INBOUND",
          fromNumber: "+61412345678",
          toNumber: "+61255501234",
          roomName: `call-${crypto.randomBytes(4).toString("hex")}`,
          startedAt: day,
          outcome,
          isTest,
        },
      });
    await mk("SPAM");
    await mk("RESOLVED");
    const withMessage = await mk("MESSAGE_TAKEN");
    await mk("RESOLVED", true); // a browser test call: not in the digest
    await platformDb().message.create({
      data: {
        tenantId: tenant.id,
        callId: withMessage.id,
        callerName: "Urgent Ursula",
        callbackNumber: "0412000999",
        reason: "Leak",
        urgency: "URGENT",
        createdAt: day,
      },
    });
    const data = await digestData(tenant.id, "2026-06-02");
    expect({
      urgent: data.urgent.length,
      normal: data.normal.length,
      spam: data.spamOrBlocked.length,
      other: data.otherCalls.length,
      total: data.totalCalls,
    }).toEqual({ urgent: 1, normal: 0, spam: 1, other: 1, total: 3 });
  });
});
