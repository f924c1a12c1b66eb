// next-auth (Auth.js v5): e-mail + password (scrypt via @articulate/db) with JWT
// sessions; Google/GitHub only when their env is configured.
import { cookies } from "next/headers";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import { env } from "@/env";
import { authCookieOptions } from "@/lib/auth-cookies";
import { LINK_COOKIE, resolveOAuthSignIn } from "@/lib/sign-in/oauth-sign-in";
import { checkPasswordSignIn } from "@/lib/sign-in/password-sign-in";
import { clientIp } from "@/lib/sign-in/rate-limit";
import { sessionVersionOf } from "@/lib/sign-in/sessions";

declare module "next-auth" {
  interface Session {
    /** The user's sessionVersion when this session was issued (revocation check). */
    sessionVersion?: number;
  }
}

class RateLimitedSignIn extends CredentialsSignin {
  override code = "rate_limited";
}

function providers(): NextAuthConfig["providers"] {
  const e = env();
  const list: NextAuthConfig["providers"] = [
    Credentials({
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials, request) {
        const result = await checkPasswordSignIn(credentials, clientIp(request.headers));
        if (result.ok) return result.user;
        if (result.reason === "rate_limited") throw new RateLimitedSignIn();
        return null;
      },
    }),
  ];
  if (e.AUTH_GOOGLE_ID && e.AUTH_GOOGLE_SECRET)
    list.push(Google({ clientId: e.AUTH_GOOGLE_ID, clientSecret: e.AUTH_GOOGLE_SECRET }));
  if (e.AUTH_GITHUB_ID && e.AUTH_GITHUB_SECRET)
    list.push(GitHub({ clientId: e.AUTH_GITHUB_ID, clientSecret: e.AUTH_GITHUB_SECRET }));
  return list;
}

export function oauthProviders(): { id: string; name: string }[] {
  const e = env();
  const out: { id: string; name: string }[] = [];
  if (e.AUTH_GOOGLE_ID && e.AUTH_GOOGLE_SECRET) out.push({ id: "google", name: "Google" });
  if (e.AUTH_GITHUB_ID && e.AUTH_GITHUB_SECRET) out.push({ id: "github", name: "GitHub" });
  return out;
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: env().AUTH_SECRET,
  trustHost: true,
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/login", error: "/login" },
  providers: providers(),
  useSecureCookies: env().NODE_ENV === "production",
  cookies: authCookieOptions(env().NODE_ENV === "production"),
  callbacks: {
    // OAuth: never joins an existing account by e-mail (see oauth-sign-in.ts).
    async signIn({ user, account, profile }) {
      if (!account || account.provider === "credentials") return true;
      const jar = await cookies();
      const linkToken = jar.get(LINK_COOKIE)?.value ?? null;
      if (linkToken) jar.delete(LINK_COOKIE);
      const decision = await resolveOAuthSignIn(
        {
          provider: account.provider,
          providerAccountId: account.providerAccountId,
          type: account.type,
          email: (profile?.email ?? user.email ?? null) as string | null,
          name: user.name ?? null,
          image: user.image ?? null,
        },
        linkToken,
      );
      if (!decision.ok) return `/login?error=${decision.reason}`;
      // The jwt callback receives this same user object: carry our user id to it.
      user.id = decision.userId;
      return decision.linked ? "/account?connected=1" : true;
    },
    async jwt({ token, user }) {
      if (user?.id) {
        token.sub = user.id;
        token.sv = await sessionVersionOf(user.id);
      }
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      session.sessionVersion = typeof token.sv === "number" ? token.sv : 0;
      return session;
    },
  },
}));
