// Session revocation for JWT sessions: each token carries the user's
// sessionVersion from when it was issued; bumping the version (password reset
// or change) makes getSessionUser refuse every older token, on every device.
import { db } from "@articulate/db";

/** The user's current session version, stamped into each new session token. */
export async function sessionVersionOf(userId: string): Promise<number> {
  const row = await db().user.findUnique({ where: { id: userId }, select: { sessionVersion: true } });
  return row?.sessionVersion ?? -1;
}

/** Ends every session of this user on every device. */
export async function revokeAllSessions(userId: string): Promise<void> {
  await db().user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}
