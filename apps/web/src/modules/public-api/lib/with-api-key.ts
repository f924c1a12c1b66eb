// Authorising wrapper for the public REST API (/api/v1). The tenant comes only
// from the presented API key (Authorization: Bearer art_live_…), never from
// the request; each key is rate limited; every failure is the API's one JSON
// error shape, and an unexpected one is logged and answered as a plain 500.
import { forTenant, platformDb, type TenantDb, type TenantModel } from "@articulate/db";
import { requestLogged, requestLogger } from "@/lib/log";
import { authenticateApiKey } from "@/modules/api-keys/keys";
import { consumeApiRateLimit } from "@/modules/api-keys/rate-limit";
import { ApiError, apiErrorResponse, toApiError } from "@/modules/public-api/errors";

type Params = Record<string, string | string[] | undefined>;

export interface ApiKeyContext {
  tenant: TenantModel;
  apiKey: { id: string; name: string };
  /** Tenant-scoped client: every query filtered to the key's tenant. */
  db: TenantDb;
}

export type ApiRouteHandler<P extends Params> = (req: Request, ctx: ApiKeyContext & { params: P }) => Promise<Response>;

const unauthorized = (message: string) =>
  new ApiError(401, "unauthorized", message, undefined, { "www-authenticate": 'Bearer realm="articulate"' });

export function withApiKey<P extends Params = Params>(
  handler: ApiRouteHandler<P>,
): (request: Request, context: { params: Promise<P> }) => Promise<Response> {
  return async (request, context) => {
    const startedAt = performance.now();
    const { log, requestId } = requestLogger(request);
    const done = (response: Response) =>
      requestLogged(tenantId ? log.child({ tenantId }) : log, requestId, response, startedAt);
    let tenantId: string | undefined;
    try {
      const header = request.headers.get("authorization") ?? "";
      const presented = /^Bearer\s+(\S+)$/i.exec(header.trim())?.[1];
      if (!presented) throw unauthorized("Send your API key as: Authorization: Bearer <key>");
      const auth = await authenticateApiKey(presented);
      if (!auth.ok) throw unauthorized(auth.reason === "revoked" ? "This API key has been revoked" : "Invalid API key");
      tenantId = auth.key.tenantId;

      const limit = await consumeApiRateLimit(auth.key.id);
      const rateHeaders = {
        "x-ratelimit-limit": String(limit.limit),
        "x-ratelimit-remaining": String(limit.remaining),
      };
      if (!limit.allowed) {
        throw new ApiError(
          429,
          "rate_limited",
          `Too many requests for this API key; retry in ${limit.retryAfterSeconds}s`,
          undefined,
          {
            ...rateHeaders,
            "retry-after": String(limit.retryAfterSeconds),
          },
        );
      }
      // The key was just resolved to this tenant; the tenant row itself is not tenant-owned.
      const tenant = await platformDb().tenant.findUniqueOrThrow({ where: { id: auth.key.tenantId } });
      const params = (await context.params) ?? ({} as P);
      const response = await handler(request, {
        tenant,
        apiKey: { id: auth.key.id, name: auth.key.name },
        db: forTenant(tenant.id),
        params,
      });
      for (const [k, v] of Object.entries(rateHeaders)) response.headers.set(k, v);
      response.headers.set("cache-control", "no-store");
      return done(response);
    } catch (err) {
      const apiError = toApiError(err);
      if (apiError) return done(apiErrorResponse(apiError));
      log.error({ tenantId, err }, "api handler failed");
      return done(
        apiErrorResponse(
          new ApiError(500, "internal_error", "Something went wrong on our side. Nothing was changed; try again."),
        ),
      );
    }
  };
}
