// The signed-in user, loaded fresh from the database once per request (a JWT for
// a deleted user, a demoted admin, or a session revoked by a password change
// takes effect immediately).
import { db } from "@articulate/db";
import { cache } from "react";
import { auth } from "@/lib/auth";

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  emailVerified: Date | null;
  isPlatformAdmin: boolean;
}

export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const user = await db().user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, emailVerified: true, isPlatformAdmin: true, sessionVersion: true },
  });
  // A session issued before the last password reset/change is revoked.
  if (!user || user.sessionVersion !== (session?.sessionVersion ?? 0)) return null;
  const { sessionVersion: _v, ...rest } = user;
  return rest;
});
