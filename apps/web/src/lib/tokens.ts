// One-time tokens sent by e-mail (verification, password reset, invitations):
// random 32 bytes for the link, only the SHA-256 stored, so a database leak
// cannot be replayed as working links.
import crypto from "node:crypto";

export function newOneTimeToken(): { token: string; hash: string } {
  const token = crypto.randomBytes(32).toString("base64url");
  return { token, hash: hashOneTimeToken(token) };
}

export function hashOneTimeToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}
