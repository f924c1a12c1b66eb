// Cookie settings of next-auth (kept apart from its configuration so they can be tested alone).
/**
 * Session, CSRF and callback cookies: httpOnly, SameSite=Lax (OAuth callbacks are
 * top-level cross-site GETs) and, in production, Secure with the __Secure-/__Host- prefixes.
 */
export function authCookieOptions(production: boolean) {
  const secure = production;
  const prefix = secure ? "__Secure-" : "";
  const options = { httpOnly: true, sameSite: "lax" as const, path: "/", secure };
  return {
    sessionToken: { name: `${prefix}authjs.session-token`, options },
    callbackUrl: { name: `${prefix}authjs.callback-url`, options },
    csrfToken: { name: `${secure ? "__Host-" : ""}authjs.csrf-token`, options },
    pkceCodeVerifier: { name: `${prefix}authjs.pkce.code_verifier`, options: { ...options, maxAge: 900 } },
    state: { name: `${prefix}authjs.state`, options: { ...options, maxAge: 900 } },
    nonce: { name: `${prefix}authjs.nonce`, options },
  };
}
