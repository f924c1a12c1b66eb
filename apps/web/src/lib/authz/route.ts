// Authorising wrapper for route handlers under /t/[slug]/… (exports, tokens, polling).
import { getSessionUser } from "./session";
import { type AccessRequirement, authorizeTenantAccess, type TenantContext } from "./tenant-access";

type Params = Record<string, string | string[] | undefined>;

export type TenantRouteHandler<P extends Params> = (
  req: Request,
  ctx: TenantContext & { params: P },
) => Promise<Response> | Response;

/** Plain JSON error in the shape every handler uses. */
export function jsonError(status: number, message: string): Response {
  return Response.json({ error: { status, message } }, { status, headers: { "cache-control": "no-store" } });
}

export class RouteNotFound extends Error {}

export function withTenantRoute<P extends Params & { slug: string }>(
  handler: TenantRouteHandler<P>,
  req: AccessRequirement = {},
): (request: Request, context: { params: Promise<P> }) => Promise<Response> {
  return async (request, context) => {
    const params = await context.params;
    const access = await authorizeTenantAccess(await getSessionUser(), params.slug, req);
    if (!access.ok) return jsonError(access.status, access.reason);
    try {
      return await handler(request, { ...access.ctx, params });
    } catch (err) {
      if (err instanceof RouteNotFound) return jsonError(404, "Not found");
      console.error("[route] unhandled error", { tenantId: access.ctx.tenant.id, err });
      return jsonError(500, "Something went wrong on our side. Try again in a moment.");
    }
  };
}
