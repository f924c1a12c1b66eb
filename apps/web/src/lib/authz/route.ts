// Authorising wrapper for route handlers under /t/[slug]/… (exports, tokens, polling).
import { DomainError } from "@articulate/core";
import { domainErrorStatus } from "../domain-errors";
import { requestLogged, requestLogger } from "../log";
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
    const startedAt = performance.now();
    const { log: requestLog, requestId } = requestLogger(request);
    const params = await context.params;
    const access = await authorizeTenantAccess(await getSessionUser(), params.slug, req);
    if (!access.ok) return requestLogged(requestLog, requestId, jsonError(access.status, access.reason), startedAt);
    const log = requestLog.child({ tenantId: access.ctx.tenant.id });
    const answer = (response: Response) => requestLogged(log, requestId, response, startedAt);
    try {
      return answer(await handler(request, { ...access.ctx, params }));
    } catch (err) {
      if (err instanceof RouteNotFound) return answer(jsonError(404, "Not found"));
      // The one place route handlers turn a domain refusal into a status.
      if (err instanceof DomainError) return answer(jsonError(domainErrorStatus(err), err.message));
      log.error({ err }, "route handler failed");
      return answer(jsonError(500, "Something went wrong on our side. Try again in a moment."));
    }
  };
}
