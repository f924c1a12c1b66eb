/** Only same-site paths are followed after sign-in (no open redirects). */
export function safeNextPath(next: unknown, fallback = "/app"): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\"))
    return fallback;
  return next;
}
