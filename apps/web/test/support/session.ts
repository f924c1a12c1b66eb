// Stand-in for @/lib/authz/session: tests set `session.user` to act as someone.
import type { SessionUser } from "@/lib/authz/session";

export const session: { user: SessionUser | null } = { user: null };

export async function getSessionUser(): Promise<SessionUser | null> {
  return session.user;
}
