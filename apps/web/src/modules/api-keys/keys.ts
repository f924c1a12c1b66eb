// Tenant API keys: `art_live_<12 hex>_<43 chars>`. Only the prefix (public
// lookup part) and sha256 of the whole key are stored; the key is shown once.
import crypto from "node:crypto";
import { forTenant, platformDb, writeAudit } from "@articulate/db";
import { z } from "zod";

const KEY_PATTERN = /^(art_live_[0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
export const MAX_ACTIVE_KEYS_PER_TENANT = 20;

export const apiKeyNameSchema = z
  .string()
  .trim()
  .min(1, "Give the key a name")
  .max(80, "must be at most 80 characters");

function sha256(value: string): string {
  return crypto.createHash("sha256").update(value, "utf8").digest("hex");
}

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const viewSelect = { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

export class ApiKeyLimitError extends Error {
  constructor() {
    super(`A business can have at most ${MAX_ACTIVE_KEYS_PER_TENANT} active API keys; revoke one first`);
    this.name = "ApiKeyLimitError";
  }
}

/** Creates a key; `secret` is the full key, returned only here. */
export async function createApiKey(
  tenantId: string,
  input: { name: string; createdById: string | null },
): Promise<{ key: ApiKeyView; secret: string }> {
  const name = apiKeyNameSchema.parse(input.name);
  const prefix = `art_live_${crypto.randomBytes(6).toString("hex")}`;
  const secret = `${prefix}_${crypto.randomBytes(32).toString("base64url")}`;
  const tdb = forTenant(tenantId);
  const key = await tdb.$transaction(async (tx) => {
    const active = await tx.apiKey.count({ where: { revokedAt: null } });
    if (active >= MAX_ACTIVE_KEYS_PER_TENANT) throw new ApiKeyLimitError();
    const created = await tx.apiKey.create({
      data: { tenantId, name, prefix, hash: sha256(secret), createdById: input.createdById },
      select: viewSelect,
    });
    await writeAudit(tx, {
      tenantId,
      actorType: "user",
      actorId: input.createdById,
      action: "api_key.created",
      targetType: "ApiKey",
      targetId: created.id,
      data: { name, prefix },
    });
    return created;
  });
  return { key, secret };
}

export async function listApiKeys(tenantId: string): Promise<ApiKeyView[]> {
  return forTenant(tenantId).apiKey.findMany({
    where: {},
    select: viewSelect,
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
  });
}

/** Revokes a key of this tenant; false when there is no such (active) key. */
export async function revokeApiKey(tenantId: string, keyId: string, actorId: string | null): Promise<boolean> {
  const tdb = forTenant(tenantId);
  return tdb.$transaction(async (tx) => {
    const { count } = await tx.apiKey.updateMany({
      where: { id: keyId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0) return false;
    await writeAudit(tx, {
      tenantId,
      actorType: "user",
      actorId,
      action: "api_key.revoked",
      targetType: "ApiKey",
      targetId: keyId,
    });
    return true;
  });
}

export type ApiKeyAuthentication =
  | { ok: true; key: { id: string; tenantId: string; name: string } }
  | { ok: false; reason: "malformed" | "unknown" | "revoked" };

/** Resolves a presented key to its tenant (a cross-tenant lookup by nature: the key names the tenant). */
export async function authenticateApiKey(presented: string): Promise<ApiKeyAuthentication> {
  const match = KEY_PATTERN.exec(presented);
  if (!match) return { ok: false, reason: "malformed" };
  // platformDb(): Key → tenant is cross-tenant by nature: the presented key is what tells us the tenant.
  const row = await platformDb().apiKey.findUnique({
    where: { prefix: match[1] },
    select: { id: true, tenantId: true, name: true, hash: true, revokedAt: true },
  });
  // Hash compare even when the prefix is unknown, so timing does not reveal valid prefixes.
  const expected = Buffer.from(row?.hash ?? sha256("no-such-key"), "hex");
  const equal = crypto.timingSafeEqual(Buffer.from(sha256(presented), "hex"), expected);
  if (!row || !equal) return { ok: false, reason: "unknown" };
  if (row.revokedAt) return { ok: false, reason: "revoked" };
  return { ok: true, key: { id: row.id, tenantId: row.tenantId, name: row.name } };
}
