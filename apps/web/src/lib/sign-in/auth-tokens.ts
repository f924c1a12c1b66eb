// E-mail verification and password reset tokens (AuthToken rows, hashed).
import { type AuthTokenPurpose, db } from "@articulate/db";
import { appUrl } from "@/env";
import { sendMail } from "@/lib/mail";
import { hashOneTimeToken, newOneTimeToken } from "@/lib/tokens";

const TTL_MS: Record<AuthTokenPurpose, number> = {
  VERIFY_EMAIL: 48 * 60 * 60 * 1000,
  RESET_PASSWORD: 60 * 60 * 1000,
  LINK_ACCOUNT: 10 * 60 * 1000,
};

export function authTokenTtlMs(purpose: AuthTokenPurpose): number {
  return TTL_MS[purpose];
}

export async function issueAuthToken(userId: string, purpose: AuthTokenPurpose): Promise<string> {
  const { token, hash } = newOneTimeToken();
  await db().authToken.create({
    data: { userId, purpose, tokenHash: hash, expiresAt: new Date(Date.now() + TTL_MS[purpose]) },
  });
  return token;
}

/** Marks the token used and returns its user, or null if unknown, used or expired. */
export async function consumeAuthToken(token: string, purpose: AuthTokenPurpose): Promise<string | null> {
  const row = await db().authToken.findUnique({ where: { tokenHash: hashOneTimeToken(token) } });
  if (!row || row.purpose !== purpose || row.usedAt || row.expiresAt < new Date()) return null;
  // Conditional update: two concurrent uses of one token cannot both succeed.
  const used = await db().authToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: new Date() } });
  return used.count === 1 ? row.userId : null;
}

export async function sendVerificationEmail(user: { id: string; email: string }): Promise<void> {
  const token = await issueAuthToken(user.id, "VERIFY_EMAIL");
  await sendMail({
    to: user.email,
    subject: "Confirm your e-mail for Articulate",
    text: `Confirm your e-mail address by opening this link (valid for 48 hours):\n\n${appUrl()}/verify-email?token=${token}\n`,
  });
}

export async function sendPasswordResetEmail(user: { id: string; email: string }): Promise<void> {
  const token = await issueAuthToken(user.id, "RESET_PASSWORD");
  await sendMail({
    to: user.email,
    subject: "Reset your Articulate password",
    text: `Someone asked to reset the password for this e-mail. If it was you, open this link within an hour:\n\n${appUrl()}/reset-password?token=${token}\n\nIf it was not you, ignore this message; your password is unchanged.\n`,
  });
}

/** Sent instead of an error when someone signs up with an address that already has an account. */
export async function sendExistingAccountEmail(email: string): Promise<void> {
  await sendMail({
    to: email,
    subject: "Someone tried to create an Articulate account with your e-mail",
    text: `Someone (perhaps you) tried to sign up to Articulate with this e-mail, but you already have an account.\n\nSign in: ${appUrl()}/login\nForgot your password? ${appUrl()}/forgot-password\n\nIf it was not you, no action is needed; nothing was changed.\n`,
  });
}
