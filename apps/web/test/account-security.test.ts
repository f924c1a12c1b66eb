// Account security against real PostgreSQL: sessions revoked by password reset
// and change, sign-up that does not reveal existing e-mails, social sign-in that
// never joins an existing account by itself, and the auth cookie settings.
import crypto from "node:crypto";
import { hashPassword, platformDb } from "@articulate/db";
import { beforeEach, describe, expect, it, vi } from "vitest";

const current = vi.hoisted(() => ({ session: null as null | { user: { id: string }; sessionVersion?: number } }));
const mail = vi.hoisted(() => ({ sent: [] as { to: string; subject: string }[] }));
vi.mock("@/lib/mail", () => ({
  sendMail: vi.fn(async (m: { to: string; subject: string }) => {
    mail.sent.push(m);
  }),
}));
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers(),
  cookies: async () => ({ set: vi.fn(), get: vi.fn(), delete: vi.fn() }),
}));
vi.mock("@/lib/auth", async () => ({
  auth: vi.fn(async () => current.session),
  signIn: vi.fn(async () => undefined),
  signOut: vi.fn(),
  oauthProviders: () => [],
}));

const { getSessionUser } = await import("@/lib/authz/session");
const { signUpAction, resetPasswordAction, changePasswordAction } = await import("@/modules/auth/actions");
const { resolveOAuthSignIn, issueLinkToken } = await import("@/lib/sign-in/oauth-sign-in");
const { newOneTimeToken } = await import("@/lib/tokens");
const { authCookieOptions } = await import("@/lib/auth-cookies");
const { signIn } = await import("@/lib/auth");

const idle = { status: "idle" } as const;
const unique = () => crypto.randomBytes(4).toString("hex");

async function userWithPassword(password: string) {
  return platformDb().user.create({
    data: { email: `u-${unique()}@test.local`, passwordHash: await hashPassword(password) },
  });
}

beforeEach(() => {
  mail.sent.length = 0;
  current.session = null;
});

describe("sessions", () => {
  it("a password reset revokes every existing session of the user", async () => {
    const user = await userWithPassword("old-password-1");
    current.session = { user: { id: user.id }, sessionVersion: 0 };
    expect(await getSessionUser()).toMatchObject({ id: user.id });
    const { token, hash } = newOneTimeToken();
    await platformDb().authToken.create({
      data: { userId: user.id, purpose: "RESET_PASSWORD", tokenHash: hash, expiresAt: new Date(Date.now() + 60_000) },
    });
    const reset = await resetPasswordAction(idle, { token, password: "new-password-22", confirm: "new-password-22" });
    expect(reset.status).toBe("success");
    expect(await getSessionUser()).toBeNull();
    // A session issued after the reset carries the new version and works.
    current.session = { user: { id: user.id }, sessionVersion: 1 };
    expect(await getSessionUser()).toMatchObject({ id: user.id });
  });

  it("a password change checks the current password, revokes all sessions and signs this device back in", async () => {
    const user = await userWithPassword("old-password-1");
    current.session = { user: { id: user.id }, sessionVersion: 0 };
    const wrong = await changePasswordAction(idle, {
      current: "nope",
      password: "new-password-22",
      confirm: "new-password-22",
    });
    expect(wrong).toMatchObject({ status: "error", fieldErrors: { current: expect.any(String) } });
    const ok = await changePasswordAction(idle, {
      current: "old-password-1",
      password: "new-password-22",
      confirm: "new-password-22",
    });
    expect(ok.status).toBe("success");
    expect(signIn).toHaveBeenCalledWith("credentials", expect.objectContaining({ password: "new-password-22" }));
    expect(await getSessionUser()).toBeNull();
  });
});

describe("sign-up", () => {
  it("answers the same for a new and an existing e-mail; the existing owner is e-mailed instead", async () => {
    const existing = await userWithPassword("their-password-1");
    const fresh = `new-${unique()}@test.local`;
    const a = await signUpAction(idle, { name: "A", email: fresh, password: "some-password-1" });
    const b = await signUpAction(idle, { name: "B", email: existing.email, password: "some-password-1" });
    expect(a).toEqual({ status: "success", data: { email: fresh, next: "/onboarding" } });
    expect(b).toEqual({ status: "success", data: { email: existing.email, next: "/onboarding" } });
    expect(mail.sent.map((m) => m.to)).toEqual([fresh, existing.email]);
    expect(mail.sent[1]?.subject).toMatch(/tried to create/);
    // The existing account is untouched.
    const after = await platformDb().user.findUniqueOrThrow({ where: { id: existing.id } });
    expect(after.passwordHash).toBe(existing.passwordHash);
    expect(after.name).toBeNull();
  });
});

describe("social sign-in", () => {
  const identity = (email: string) => ({
    provider: "google",
    providerAccountId: `g-${unique()}`,
    type: "oidc",
    email,
    name: "G",
    image: null,
  });

  it("never lands in an existing account with the same e-mail", async () => {
    const victim = await userWithPassword("victim-password-1");
    const decision = await resolveOAuthSignIn(identity(victim.email.toUpperCase()), null);
    expect(decision).toEqual({ ok: false, reason: "use_password" });
    expect(await platformDb().account.count({ where: { userId: victim.id } })).toBe(0);
  });

  it("creates a new user for a new e-mail and signs the same provider account in again later", async () => {
    const id = identity(`social-${unique()}@test.local`);
    const first = await resolveOAuthSignIn(id, null);
    expect(first).toMatchObject({ ok: true, linked: false });
    expect(await resolveOAuthSignIn(id, null)).toEqual(first);
  });

  it("connects a provider to the signed-in user through a one-time link token", async () => {
    const user = await userWithPassword("owner-password-1");
    const { token } = await issueLinkToken(user.id);
    const id = identity(`other-${unique()}@test.local`);
    expect(await resolveOAuthSignIn(id, token)).toEqual({ ok: true, userId: user.id, linked: true });
    expect(await resolveOAuthSignIn(identity(`x-${unique()}@test.local`), token)).toEqual({
      ok: false,
      reason: "link_expired",
    });
    expect(await resolveOAuthSignIn(id, null)).toMatchObject({ ok: true, userId: user.id });
  });
});

describe("auth cookies", () => {
  it("are httpOnly and SameSite=Lax always, Secure with __Secure-/__Host- names in production", () => {
    const prod = authCookieOptions(true);
    for (const c of Object.values(prod)) {
      expect(c.options).toMatchObject({ httpOnly: true, sameSite: "lax", secure: true, path: "/" });
      expect(c.name).toMatch(/^__(Secure|Host)-/);
    }
    expect(authCookieOptions(false).sessionToken.options.secure).toBe(false);
  });
});
