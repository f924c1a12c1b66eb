// Password sign-in, rate limiting, one-time tokens and invitations against real PostgreSQL.
import crypto from "node:crypto";
import { forTenant, hashPassword, platformDb } from "@articulate/db";
import { beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("@/lib/mail", () => ({ sendMail: vi.fn(async () => undefined) }));
const { checkPasswordSignIn } = await import("@/lib/sign-in/password-sign-in");
const { consumeAuthToken } = await import("@/lib/sign-in/auth-tokens");
const { safeNextPath } = await import("@/modules/auth/lib/safe-next");
const { backoffMs } = await import("@/lib/sign-in/rate-limit");
const { parseTrustedProxies } = await import("@articulate/config");
const { resolveClientAddress } = await import("@/lib/http/client-address");
const { acceptInvitation, findOpenInvitation } = await import("@/modules/team/lib/accept-invitation");
const { newOneTimeToken } = await import("@/lib/tokens");

const suffix = crypto.randomBytes(4).toString("hex");
const email = `signin-${suffix}@test.local`;
let userId: string;

beforeAll(async () => {
  userId = (await platformDb().user.create({ data: { email, passwordHash: await hashPassword("right-password-1") } }))
    .id;
});

describe("password sign-in", () => {
  it("accepts the right password (case-insensitive e-mail) and refuses a wrong one", async () => {
    expect(
      await checkPasswordSignIn({ email: email.toUpperCase(), password: "right-password-1" }, "10.0.0.1"),
    ).toMatchObject({ ok: true, user: { id: userId } });
    expect(await checkPasswordSignIn({ email, password: "nope" }, "10.0.0.1")).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await checkPasswordSignIn({ email: `nobody-${suffix}@test.local`, password: "x" }, "10.0.0.1")).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await checkPasswordSignIn({ email: "not an email", password: "x" }, null)).toEqual({
      ok: false,
      reason: "invalid",
    });
  });
  it("slows an e-mail down after 10 failures, even with the right password, and lets it in after the wait", async () => {
    const target = `locked-${suffix}@test.local`;
    await platformDb().user.create({ data: { email: target, passwordHash: await hashPassword("right-password-2") } });
    await platformDb().signInAttempt.createMany({
      data: Array.from({ length: 10 }, () => ({ key: `email:${target}`, succeeded: false })),
    });
    expect(await checkPasswordSignIn({ email: target, password: "right-password-2" }, "10.0.0.2")).toEqual({
      ok: false,
      reason: "rate_limited",
    });
    // Backoff, not lockout: once the wait after the last failure has passed, the owner gets in.
    await platformDb().signInAttempt.updateMany({
      where: { key: `email:${target}` },
      data: { createdAt: new Date(Date.now() - 5_000) },
    });
    expect(await checkPasswordSignIn({ email: target, password: "right-password-2" }, "10.0.0.2")).toMatchObject({
      ok: true,
    });
  });
  it("waits twice as long after each further failure, capped at five minutes", () => {
    expect([9, 10, 11, 12, 30].map((n) => backoffMs(n, 10))).toEqual([0, 1_000, 2_000, 4_000, 300_000]);
  });
  it("limits an address that guesses across many e-mails on its own allowance", async () => {
    const ip = `10.9.${crypto.randomInt(255)}.${crypto.randomInt(255)}`;
    await platformDb().signInAttempt.createMany({
      data: Array.from({ length: 10 }, () => ({ key: `ip:${ip}`, succeeded: false })),
    });
    // Ten failures from one address are within its allowance (30)…
    expect(await checkPasswordSignIn({ email, password: "right-password-1" }, ip)).toMatchObject({ ok: true });
    await platformDb().signInAttempt.createMany({
      data: Array.from({ length: 30 }, () => ({ key: `ip:${ip}`, succeeded: false })),
    });
    // …thirty more (after that success) are not, whichever account is tried.
    expect(await checkPasswordSignIn({ email, password: "right-password-1" }, ip)).toEqual({
      ok: false,
      reason: "rate_limited",
    });
  });
  it("decides the client address from the socket, believing X-Forwarded-For only from trusted proxies", () => {
    const none = parseTrustedProxies(undefined);
    // A client claiming another address cannot skip its own limit or lock out someone else's.
    expect(resolveClientAddress("203.0.113.9", "198.51.100.1", none)).toBe("203.0.113.9");
    expect(resolveClientAddress("::ffff:203.0.113.9", undefined, none)).toBe("203.0.113.9");
    const proxies = parseTrustedProxies("10.0.0.0/8, 192.168.1.7");
    expect(resolveClientAddress("10.1.2.3", "198.51.100.1, 203.0.113.5, 192.168.1.7", proxies)).toBe("203.0.113.5");
    expect(resolveClientAddress("10.1.2.3", "10.4.4.4", proxies)).toBe("10.4.4.4");
    expect(() => parseTrustedProxies("10.0.0.0/40")).toThrow(/prefix/);
    expect(() => parseTrustedProxies("proxy.local")).toThrow(/not an IP/);
  });
  it("only follows same-site paths after sign-in", () => {
    expect(safeNextPath("/t/x/calls")).toBe("/t/x/calls");
    expect(safeNextPath("//evil.example")).toBe("/app");
    expect(safeNextPath("https://evil.example")).toBe("/app");
    expect(safeNextPath(undefined)).toBe("/app");
  });
});

describe("one-time tokens", () => {
  it("stores only the hash and can be used once, for its purpose, before expiry", async () => {
    const { token, hash } = newOneTimeToken();
    await platformDb().authToken.create({
      data: { userId, purpose: "RESET_PASSWORD", tokenHash: hash, expiresAt: new Date(Date.now() + 60_000) },
    });
    expect(await platformDb().authToken.count({ where: { tokenHash: token } })).toBe(0);
    expect(await consumeAuthToken(token, "VERIFY_EMAIL")).toBeNull();
    const [a, b] = await Promise.all([
      consumeAuthToken(token, "RESET_PASSWORD"),
      consumeAuthToken(token, "RESET_PASSWORD"),
    ]);
    expect([a, b].filter(Boolean)).toEqual([userId]);
    const expired = newOneTimeToken();
    await platformDb().authToken.create({
      data: { userId, purpose: "VERIFY_EMAIL", tokenHash: expired.hash, expiresAt: new Date(Date.now() - 1) },
    });
    expect(await consumeAuthToken(expired.token, "VERIFY_EMAIL")).toBeNull();
  });
});

describe("invitations", () => {
  it("joins the invited e-mail once, with the invited role; other e-mails are refused", async () => {
    const tenant = await platformDb().tenant.create({ data: { slug: `inv-${suffix}`, name: "Inv" } });
    const invitee = await platformDb().user.create({ data: { email: `invitee-${suffix}@test.local` } });
    const other = await platformDb().user.create({ data: { email: `other-${suffix}@test.local` } });
    const { token, hash } = newOneTimeToken();
    await forTenant(tenant.id).invitation.create({
      data: {
        tenantId: tenant.id,
        email: invitee.email,
        role: "ADMIN",
        tokenHash: hash,
        expiresAt: new Date(Date.now() + 60_000),
      },
    });
    expect(await findOpenInvitation(token)).toMatchObject({
      ok: true,
      invitation: { tenantSlug: tenant.slug, role: "ADMIN" },
    });
    expect(await acceptInvitation(token, other)).toMatchObject({ ok: false });
    expect(await acceptInvitation(token, invitee)).toEqual({ ok: true, slug: tenant.slug });
    expect(await acceptInvitation(token, invitee)).toMatchObject({
      ok: false,
      reason: "This invitation was already accepted.",
    });
    const members = await forTenant(tenant.id).membership.findMany({ where: {} });
    expect(members.map((m) => [m.userId, m.role])).toEqual([[invitee.id, "ADMIN"]]);
    expect(await findOpenInvitation("forged-token")).toMatchObject({ ok: false });
  });
});
