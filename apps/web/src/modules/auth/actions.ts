"use server";
// Sign-up, sign-in, sign-out, password reset. Public forms: validated with zod,
// failures come back as field errors; passwords never echoed.
import { db, hashPassword, verifyPassword } from "@articulate/db";
import { cookies, headers } from "next/headers";
import { AuthError } from "next-auth";
import { z } from "zod";
import { env } from "@/env";
import { oauthProviders, signIn, signOut } from "@/lib/auth";
import { ActionError, withPublicAction, withUserAction } from "@/lib/authz/action";
import {
  consumeAuthToken,
  sendExistingAccountEmail,
  sendPasswordResetEmail,
  sendVerificationEmail,
} from "@/lib/sign-in/auth-tokens";
import { issueLinkToken, LINK_COOKIE } from "@/lib/sign-in/oauth-sign-in";
import { clientIp, signInRetryAfterMs } from "@/lib/sign-in/rate-limit";
import { revokeAllSessions } from "@/lib/sign-in/sessions";
import { safeNextPath } from "./lib/safe-next";

const email = z.string().trim().toLowerCase().email("Enter a valid e-mail address");
const newPassword = z.string().min(10, "Use at least 10 characters").max(200, "Use at most 200 characters");

const signUpSchema = z.object({
  name: z.string().trim().min(1, "Enter your name").max(100, "Use at most 100 characters"),
  email,
  password: newPassword,
  next: z.string().optional(),
});

/**
 * Answers the same whether or not the e-mail has an account, so the form cannot
 * be used to find out who is a customer: a new address gets its account and a
 * confirmation link; an existing owner gets an e-mail saying someone tried to
 * sign up with it. Both then sign in with their password.
 */
export const signUpAction = withPublicAction(signUpSchema, async (input) => {
  const existing = await db().user.findUnique({ where: { email: input.email }, select: { id: true, email: true } });
  // Hash either way: the two branches take the same time.
  const passwordHash = await hashPassword(input.password);
  if (existing) {
    await sendExistingAccountEmail(existing.email);
  } else {
    const user = await db()
      .user.create({ data: { email: input.email, name: input.name, passwordHash } })
      .catch((err: unknown) => {
        // A concurrent sign-up of the same address: answer the same way.
        if ((err as { code?: string }).code === "P2002") return null;
        throw err;
      });
    if (user) await sendVerificationEmail(user);
  }
  return { email: input.email, next: safeNextPath(input.next, "/onboarding") };
});

const signInFormSchema = z.object({
  email,
  password: z.string().min(1, "Enter your password"),
  next: z.string().optional(),
});

export const signInAction = withPublicAction(signInFormSchema, async (input) => {
  const waitMs = await signInRetryAfterMs(input.email, clientIp(await headers()));
  if (waitMs > 0) throw new ActionError(tooManyAttempts(waitMs), { code: 403 });
  await signInWithPassword(input.email, input.password, safeNextPath(input.next));
  return null;
});

function tooManyAttempts(waitMs: number): string {
  const wait = waitMs < 60_000 ? `${Math.ceil(waitMs / 1000)} seconds` : `${Math.ceil(waitMs / 60_000)} minutes`;
  return `Too many sign-in attempts. Try again in ${wait}, or reset your password.`;
}

async function signInWithPassword(emailAddress: string, password: string, redirectTo: string): Promise<void> {
  try {
    await signIn("credentials", { email: emailAddress, password, redirectTo });
  } catch (err) {
    if (err instanceof AuthError) {
      const code = (err as AuthError & { code?: string }).code;
      if (code === "rate_limited") throw new ActionError(tooManyAttempts(60_000), { code: 403 });
      throw new ActionError("That e-mail and password do not match an account.");
    }
    throw err; // includes Next's redirect on success
  }
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}

export const requestPasswordResetAction = withPublicAction(z.object({ email }), async (input) => {
  const user = await db().user.findUnique({ where: { email: input.email }, select: { id: true, email: true } });
  if (user) await sendPasswordResetEmail(user);
  // Same answer either way: the form must not reveal which e-mails have accounts.
  return { sent: true };
});

export const resetPasswordAction = withPublicAction(
  z
    .object({ token: z.string().min(10, "This reset link is incomplete"), password: newPassword, confirm: z.string() })
    .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The passwords do not match" }),
  async (input) => {
    const userId = await consumeAuthToken(input.token, "RESET_PASSWORD");
    if (!userId)
      throw new ActionError("This reset link has expired or was already used. Ask for a new one.", { field: "token" });
    await db().user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(input.password) } });
    // Whoever held a session (perhaps the reason for the reset) is signed out everywhere.
    await revokeAllSessions(userId);
    // Clear the sign-in lockout for this account so the new password works at once.
    const user = await db().user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
    await db().signInAttempt.deleteMany({ where: { key: `email:${user.email}`, succeeded: false } });
    return { reset: true };
  },
);

export const resendVerificationAction = withUserAction(z.object({}), async (_input, user) => {
  if (user.emailVerified) return { alreadyVerified: true };
  await sendVerificationEmail(user);
  return { alreadyVerified: false };
});

export const changePasswordAction = withUserAction(
  z
    .object({ current: z.string().min(1, "Enter your current password"), password: newPassword, confirm: z.string() })
    .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The passwords do not match" }),
  async (input, user) => {
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
    if (!row.passwordHash || !(await verifyPassword(input.current, row.passwordHash)))
      throw new ActionError("That is not your current password", { field: "current" });
    await db().user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(input.password) } });
    // Every session on every device ends, this one included; this device signs straight back in.
    await revokeAllSessions(user.id);
    await signInWithPassword(user.email, input.password, "/account?password=changed");
    return null;
  },
);

const PROVIDERS = ["google", "github"] as const;

/** Connects Google/GitHub to the signed-in account: a one-time link token travels in a cookie. */
export const connectProviderAction = withUserAction(
  z.object({ provider: z.enum(PROVIDERS, "Choose Google or GitHub") }),
  async (input, user) => {
    if (!oauthProviders().some((p) => p.id === input.provider))
      throw new ActionError("That sign-in provider is not set up on this server", { field: "provider" });
    const { token, maxAgeSeconds } = await issueLinkToken(user.id);
    (await cookies()).set(LINK_COOKIE, token, {
      httpOnly: true,
      sameSite: "lax",
      secure: env().NODE_ENV === "production",
      path: "/",
      maxAge: maxAgeSeconds,
    });
    await signIn(input.provider, { redirectTo: "/account?connected=1" });
    return null;
  },
);
