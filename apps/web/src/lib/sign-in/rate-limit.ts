// Sign-in limiting on SignInAttempt rows, keyed separately on the account
// (e-mail) and on the client address, each with its own allowance. Past the
// allowance a key is slowed down, not locked: each further failure doubles the
// wait before the next attempt (capped), and a success clears the key. An
// attacker therefore gets a handful of guesses an hour, while the owner who
// waits the (short) delay can still sign in.
import { db } from "@articulate/db";
import { env } from "@/env";

const WINDOW_MS = 15 * 60 * 1000;
const BASE_DELAY_MS = 1_000;
const MAX_DELAY_MS = 5 * 60 * 1000;

interface LimitKey {
  key: string;
  /** Failures allowed in the window before backoff starts. */
  allowance: number;
}

function keys(email: string, ip: string | null): LimitKey[] {
  const e = env();
  const k: LimitKey[] = [{ key: `email:${email.toLowerCase()}`, allowance: e.SIGNIN_MAX_ATTEMPTS }];
  if (ip) k.push({ key: `ip:${ip}`, allowance: e.SIGNIN_MAX_ATTEMPTS_PER_ADDRESS });
  return k;
}

/** Wait required after `failures` failures with this allowance (0 while within it). */
export function backoffMs(failures: number, allowance: number): number {
  if (failures < allowance) return 0;
  return Math.min(BASE_DELAY_MS * 2 ** Math.min(failures - allowance, 20), MAX_DELAY_MS);
}

async function retryAfterMs({ key, allowance }: LimitKey, now: number): Promise<number> {
  const lastSuccess = await db().signInAttempt.findFirst({
    where: { key, succeeded: true, createdAt: { gte: new Date(now - WINDOW_MS) } },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  const since = lastSuccess?.createdAt ?? new Date(now - WINDOW_MS);
  const failures = await db().signInAttempt.aggregate({
    where: { key, succeeded: false, createdAt: { gt: since } },
    _count: { _all: true },
    _max: { createdAt: true },
  });
  const delay = backoffMs(failures._count._all, allowance);
  const last = failures._max.createdAt?.getTime();
  if (delay === 0 || last === undefined) return 0;
  return Math.max(0, last + delay - now);
}

/** Milliseconds to wait before the next attempt for this e-mail or address (0 = go ahead). */
export async function signInRetryAfterMs(email: string, ip: string | null): Promise<number> {
  const now = Date.now();
  let wait = 0;
  for (const k of keys(email, ip)) wait = Math.max(wait, await retryAfterMs(k, now));
  return wait;
}

export async function isSignInRateLimited(email: string, ip: string | null): Promise<boolean> {
  return (await signInRetryAfterMs(email, ip)) > 0;
}

export async function recordSignInAttempt(email: string, ip: string | null, succeeded: boolean): Promise<void> {
  await db().signInAttempt.createMany({ data: keys(email, ip).map(({ key }) => ({ key, succeeded })) });
}

/**
 * The client address as decided by the production server (server.ts), which
 * replaces X-Forwarded-For with the one address it trusts (TRUSTED_PROXIES).
 */
export function clientIp(headers: Headers): string | null {
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || null;
}
