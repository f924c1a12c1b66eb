// Per-key token bucket kept in PostgreSQL (ApiKey.rateTokensMilli/rateRefilledAt).
// Why the database and not memory: web instances are stateless behind a load
// balancer, so an in-memory bucket would allow N× the limit with N instances and
// reset on every deploy. One UPDATE per request (row-locked, so concurrent
// requests on one key are serialised correctly) also records lastUsedAt.
import { sharedSettings } from "@articulate/config";
import { platformDb } from "@articulate/db";

export interface RateLimitConfig {
  /** Sustained requests per minute per key. */
  perMinute: number;
  /** Bucket size: requests allowed in a burst. */
  burst: number;
}

export function rateLimitConfig(): RateLimitConfig {
  const s = sharedSettings();
  return {
    perMinute: s.API_RATE_LIMIT_PER_MINUTE,
    burst: s.API_RATE_LIMIT_BURST,
  };
}

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until one request is available again (0 when allowed). */
  retryAfterSeconds: number;
}

export async function consumeApiRateLimit(
  keyId: string,
  config: RateLimitConfig = rateLimitConfig(),
  now: Date = new Date(),
): Promise<RateLimitDecision> {
  const capMilli = config.burst * 1000;
  // Tokens accrue at perMinute/60 per second = perMinute/60 thousandths per millisecond.
  const rows = await platformDb().$queryRaw<{ avail: bigint }[]>`
    WITH cur AS (
      SELECT id, LEAST(
        ${capMilli}::bigint,
        "rateTokensMilli" + FLOOR(GREATEST(0, EXTRACT(EPOCH FROM (${now}::timestamptz - "rateRefilledAt")) * 1000) * ${config.perMinute}::numeric / 60)
      )::bigint AS avail
      FROM "ApiKey" WHERE id = ${keyId} FOR UPDATE
    ), upd AS (
      UPDATE "ApiKey" k SET
        "rateTokensMilli" = (CASE WHEN cur.avail >= 1000 THEN cur.avail - 1000 ELSE cur.avail END)::int,
        "rateRefilledAt" = GREATEST(${now}::timestamptz, k."rateRefilledAt"),
        "lastUsedAt" = CASE WHEN cur.avail >= 1000 THEN ${now}::timestamptz ELSE k."lastUsedAt" END
      FROM cur WHERE k.id = cur.id
      RETURNING k.id
    )
    SELECT avail FROM cur`;
  const avail = Number(rows[0]?.avail ?? 0);
  if (avail >= 1000) {
    return { allowed: true, limit: config.burst, remaining: Math.floor((avail - 1000) / 1000), retryAfterSeconds: 0 };
  }
  const perMs = config.perMinute / 60_000; // requests per millisecond
  return {
    allowed: false,
    limit: config.burst,
    remaining: 0,
    retryAfterSeconds: Math.max(1, Math.ceil((1000 - avail) / 1000 / perMs / 1000)),
  };
}
