// Sign-in rate limiting on SignInAttempt rows: a window of failed attempts per
// e-mail and per client IP, so a guessing attack is slowed from either side.
import { db } from "@articulate/db";
import { env } from "@/env";

const WINDOW_MS = 15 * 60 * 1000;

function keys(email: string, ip: string | null): string[] {
  const k = [`email:${email.toLowerCase()}`];
  if (ip) k.push(`ip:${ip}`);
  return k;
}

/** True when the e-mail or the IP has used up its failed attempts in the window. */
export async function isSignInRateLimited(email: string, ip: string | null): Promise<boolean> {
  const since = new Date(Date.now() - WINDOW_MS);
  const max = env().SIGNIN_MAX_ATTEMPTS;
  for (const key of keys(email, ip)) {
    const failures = await db().signInAttempt.count({ where: { key, succeeded: false, createdAt: { gte: since } } });
    if (failures >= max) return true;
  }
  return false;
}

export async function recordSignInAttempt(email: string, ip: string | null, succeeded: boolean): Promise<void> {
  await db().signInAttempt.createMany({ data: keys(email, ip).map((key) => ({ key, succeeded })) });
}

export function clientIp(headers: Headers): string | null {
  const fwd = headers.get("x-forwarded-for");
  if (fwd) return fwd.split(",")[0]?.trim() || null;
  return headers.get("x-real-ip");
}
