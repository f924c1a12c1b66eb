import crypto from "node:crypto";
import { db } from "@articulate/db";

export function slugify(name: string): string {
  const s = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  return s.length >= 2 ? s : "business";
}

/** The business name as a URL slug; a short random suffix when taken. */
export async function uniqueTenantSlug(name: string): Promise<string> {
  const base = slugify(name);
  let candidate = base;
  for (let i = 0; i < 5; i++) {
    const taken = await db().tenant.findUnique({ where: { slug: candidate }, select: { id: true } });
    if (!taken) return candidate;
    candidate = `${base}-${crypto.randomBytes(2).toString("hex")}`;
  }
  return `${base}-${crypto.randomBytes(4).toString("hex")}`;
}
