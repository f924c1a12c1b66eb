// Google/GitHub sign-in never joins an existing account on its own. A provider
// account already connected signs in to its user; a signed-in user connects a
// provider from account settings (a one-time LINK_ACCOUNT token in a cookie);
// an e-mail that already has an account is told to sign in with its password
// first; otherwise a new user is created with the provider connected.
import { db } from "@articulate/db";
import { authTokenTtlMs, consumeAuthToken, issueAuthToken } from "./auth-tokens";

export const LINK_COOKIE = "articulate.link-account";

export interface OAuthIdentity {
  provider: string;
  providerAccountId: string;
  type: string;
  email: string | null;
  name: string | null;
  image: string | null;
}

export type OAuthDecision =
  | { ok: true; userId: string; linked: boolean }
  | { ok: false; reason: "use_password" | "no_email" | "link_expired" };

/** Starts a connect-a-provider flow for a signed-in user; the token goes in LINK_COOKIE. */
export async function issueLinkToken(userId: string): Promise<{ token: string; maxAgeSeconds: number }> {
  const token = await issueAuthToken(userId, "LINK_ACCOUNT");
  return { token, maxAgeSeconds: authTokenTtlMs("LINK_ACCOUNT") / 1000 };
}

export async function resolveOAuthSignIn(identity: OAuthIdentity, linkToken: string | null): Promise<OAuthDecision> {
  const where = {
    provider_providerAccountId: { provider: identity.provider, providerAccountId: identity.providerAccountId },
  };
  const connected = await db().account.findUnique({ where, select: { userId: true } });
  if (connected) return { ok: true, userId: connected.userId, linked: false };

  if (linkToken) {
    const userId = await consumeAuthToken(linkToken, "LINK_ACCOUNT");
    if (!userId) return { ok: false, reason: "link_expired" };
    await db().account.create({
      data: {
        userId,
        type: identity.type,
        provider: identity.provider,
        providerAccountId: identity.providerAccountId,
      },
    });
    return { ok: true, userId, linked: true };
  }

  const email = identity.email?.trim().toLowerCase();
  if (!email) return { ok: false, reason: "no_email" };
  const existing = await db().user.findUnique({ where: { email }, select: { id: true } });
  if (existing) return { ok: false, reason: "use_password" };
  const user = await db().user.create({
    data: {
      email,
      name: identity.name,
      image: identity.image,
      emailVerified: new Date(),
      accounts: {
        create: { type: identity.type, provider: identity.provider, providerAccountId: identity.providerAccountId },
      },
    },
  });
  return { ok: true, userId: user.id, linked: false };
}
