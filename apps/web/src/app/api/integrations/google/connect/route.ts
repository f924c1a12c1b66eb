// Starts connecting the business's Google Calendar: an admin of the business
// (the `slug` in the query) is sent to Google's consent page with a sealed
// state; the nonce inside it is also set in this browser (httpOnly cookie), so
// only this browser can finish the round trip.
import { googleConsentUrl } from "@articulate/booking";
import { NextResponse } from "next/server";
import { z } from "zod";
import { appUrl, env } from "@/env";
import { getSessionUser } from "@/lib/authz/session";
import { authorizeTenantAccess } from "@/lib/authz/tenant-access";
import {
  GOOGLE_CALLBACK_PATH,
  GOOGLE_NONCE_COOKIE,
  googleCalendarConfig,
  googleRedirectUri,
} from "@/modules/bookings/google";

const query = z.strictObject({ slug: z.string().min(1).max(64) });

export async function GET(req: Request) {
  const url = new URL(req.url);
  const parsed = query.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success)
    return NextResponse.json({ error: { status: 400, message: "slug is required" } }, { status: 400 });
  const access = await authorizeTenantAccess(await getSessionUser(), parsed.data.slug, { role: "ADMIN" });
  if (!access.ok)
    return NextResponse.json({ error: { status: access.status, message: access.reason } }, { status: access.status });
  const back = (outcome: string) =>
    NextResponse.redirect(new URL(`/t/${access.ctx.tenant.slug}/bookings?google=${outcome}`, appUrl()), 303);
  const cfg = googleCalendarConfig();
  if (!cfg) return back("unavailable");
  const { url: consent, nonce } = googleConsentUrl(cfg, {
    tenantId: access.ctx.tenant.id,
    userId: access.ctx.user.id,
    redirectUri: googleRedirectUri(),
  });
  const res = NextResponse.redirect(consent, 303);
  res.cookies.set(GOOGLE_NONCE_COOKIE, nonce, {
    httpOnly: true,
    sameSite: "lax",
    secure: env().NODE_ENV === "production",
    path: GOOGLE_CALLBACK_PATH,
    maxAge: 600,
  });
  return res;
}
