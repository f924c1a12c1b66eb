// E-mail + password check used by the next-auth Credentials provider.
import { db, verifyPassword } from "@articulate/db";
import { z } from "zod";
import { isSignInRateLimited, recordSignInAttempt } from "./rate-limit";

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid e-mail address"),
  password: z.string().min(1, "Enter your password"),
});

export type PasswordSignInResult =
  | { ok: true; user: { id: string; email: string; name: string | null } }
  | { ok: false; reason: "invalid" | "rate_limited" };

export async function checkPasswordSignIn(input: unknown, ip: string | null): Promise<PasswordSignInResult> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;
  if (await isSignInRateLimited(email, ip)) return { ok: false, reason: "rate_limited" };
  const user = await db().user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
  // Verify against a dummy hash when the user is unknown so timing does not reveal which e-mails exist.
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  await recordSignInAttempt(email, ip, ok && !!user);
  if (!ok || !user) return { ok: false, reason: "invalid" };
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}

// scrypt hash of a random string, same parameters as hashPassword.
const DUMMY_HASH = "scrypt$32768$8$1$c2FsdHNhbHRzYWx0c2FsdA==$0pH2cJ2hUq3Y1m0r3QfQ0m6b2m1f5p0b8mJcS1m2x0M=";
