"use server";
// Sign-up, sign-in, sign-out, password reset. Public forms: validated with zod,
// failures come back as field errors; passwords never echoed.
import { db, hashPassword } from "@articulate/db";
import { headers } from "next/headers";
import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn, signOut } from "@/lib/auth";
import { ActionError, withPublicAction, withUserAction } from "@/lib/authz/action";
import { clientIp, isSignInRateLimited } from "@/lib/sign-in/rate-limit";
import { consumeAuthToken, sendPasswordResetEmail, sendVerificationEmail } from "./lib/auth-tokens";
import { safeNextPath } from "./lib/safe-next";

const email = z.string().trim().toLowerCase().email("Enter a valid e-mail address");
const newPassword = z.string().min(10, "Use at least 10 characters").max(200, "Use at most 200 characters");

const signUpSchema = z.object({
  name: z.string().trim().min(1, "Enter your name").max(100, "Use at most 100 characters"),
  email,
  password: newPassword,
  next: z.string().optional(),
});

export const signUpAction = withPublicAction(signUpSchema, async (input) => {
  const existing = await db().user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing)
    throw new ActionError("An account with this e-mail already exists. Sign in instead.", {
      field: "email",
      code: 409,
    });
  const user = await db().user.create({
    data: { email: input.email, name: input.name, passwordHash: await hashPassword(input.password) },
  });
  await sendVerificationEmail(user);
  // An invitation link brings the new user straight back to accept it.
  await signInWithPassword(input.email, input.password, safeNextPath(input.next, "/onboarding"));
  return null;
});

const signInFormSchema = z.object({
  email,
  password: z.string().min(1, "Enter your password"),
  next: z.string().optional(),
});

export const signInAction = withPublicAction(signInFormSchema, async (input) => {
  if (await isSignInRateLimited(input.email, clientIp(await headers()))) {
    throw new ActionError("Too many sign-in attempts. Wait 15 minutes, or reset your password.", { code: 403 });
  }
  await signInWithPassword(input.email, input.password, safeNextPath(input.next));
  return null;
});

async function signInWithPassword(emailAddress: string, password: string, redirectTo: string): Promise<void> {
  try {
    await signIn("credentials", { email: emailAddress, password, redirectTo });
  } catch (err) {
    if (err instanceof AuthError) {
      const code = (err as AuthError & { code?: string }).code;
      if (code === "rate_limited")
        throw new ActionError("Too many sign-in attempts. Wait 15 minutes, or reset your password.", { code: 403 });
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
