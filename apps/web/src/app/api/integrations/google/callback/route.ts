// Google sends the owner back here after the consent page. The state must be
// ours, fresh, for this signed-in user and this browser (the nonce cookie), and
// the user must still be an admin of that business; then the code is exchanged
// and the connection stored (tokens encrypted). Every outcome lands back on the
// bookings page with a message in the owner's words.
import { CalendarConnectError, completeGoogleConnect, verifyConnectState } from "@articulate/booking";
import { platformDb, writeAudit } from "@articulate/db";
import { type NextRequest, NextResponse } from "next/server";
import { z } from "zod";
import { appUrl } from "@/env";
import { getSessionUser } from "@/lib/authz/session";
import { authorizeTenantAccess } from "@/lib/authz/tenant-access";
import { webLogger } from "@/lib/log";
import {
  GOOGLE_CALLBACK_PATH,
  GOOGLE_NONCE_COOKIE,
  type GoogleOutcome,
  googleCalendarConfig,
  googleRedirectUri,
} from "@/modules/bookings/google";

// Google adds its own parameters (scope, authuser, prompt, hd, iss): only ours are read.
const query = z.object({
  state: z.string().min(1).max(4096),
  code: z.string().min(1).max(2048).optional(),
  error: z.string().max(200).optional(),
});

export async function GET(req: NextRequest) {
  const url = new URL(req.url);
  const user = await getSessionUser();
  const nonce = req.cookies.get(GOOGLE_NONCE_COOKIE)?.value ?? null;
  const finish = (path: string) => {
    const res = NextResponse.redirect(new URL(path, appUrl()), 303);
    res.cookies.set(GOOGLE_NONCE_COOKIE, "", { path: GOOGLE_CALLBACK_PATH, maxAge: 0 });
    return res;
  };
  if (!user) return finish("/login");
  const parsed = query.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) return finish("/");

  let tenantId: string;
  try {
    ({ tenantId } = verifyConnectState(parsed.data.state, { userId: user.id, nonce }));
  } catch {
    return finish("/?google=expired");
  }
  // platformDb(): The Tenant row itself is not tenant-owned; the signed state names it and access is checked next.
  const tenant = await platformDb().tenant.findUnique({ where: { id: tenantId }, select: { slug: true } });
  const access = await authorizeTenantAccess(user, tenant?.slug, { role: "ADMIN" });
  if (!access.ok) return finish("/");
  const back = (outcome: GoogleOutcome) => finish(`/t/${access.ctx.tenant.slug}/bookings?google=${outcome}`);

  const cfg = googleCalendarConfig();
  if (!cfg) return back("unavailable");
  if (parsed.data.error || !parsed.data.code) return back("denied");
  try {
    const { email } = await completeGoogleConnect(cfg, {
      tenantId,
      code: parsed.data.code,
      redirectUri: googleRedirectUri(),
    });
    await writeAudit(access.ctx.db, {
      tenantId,
      actorType: "user",
      actorId: user.id,
      action: "booking.calendar_connected",
      targetType: "BookingCalendar",
      targetId: tenantId,
      data: { provider: "GOOGLE", account: email },
    });
    return back("connected");
  } catch (err) {
    if (!(err instanceof CalendarConnectError)) webLogger().error({ err, tenantId }, "google calendar connect failed");
    return back("failed");
  }
}
