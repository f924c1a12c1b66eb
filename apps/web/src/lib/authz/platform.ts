// Platform-admin gate for /admin: everyone else gets a plain 404 (the console's
// existence is not advertised).
import { notFound } from "next/navigation";
import { getSessionUser, type SessionUser } from "./session";

export async function getPlatformAdmin(): Promise<SessionUser | null> {
  const user = await getSessionUser();
  return user?.isPlatformAdmin ? user : null;
}

/** For pages and server actions: returns the admin or throws Next's 404. */
export async function requirePlatformAdmin(): Promise<SessionUser> {
  const user = await getPlatformAdmin();
  if (!user) notFound();
  return user;
}
