// The one keyset cursor of the list read models (calls, messages): the last
// row's (timestamp, id), opaque to clients (base64url JSON) and validated on
// the way back in. Each list names its own timestamp column; the cursor only
// carries the value.
import { z } from "zod";

const cursorSchema = z.object({ s: z.iso.datetime({ offset: true }), i: z.string().min(1).max(64) });
type CursorJson = z.infer<typeof cursorSchema>;

export interface KeysetCursor {
  at: Date;
  id: string;
}

/** The opaque cursor for "after this row". */
export function encodeKeysetCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify({ s: at.toISOString(), i: id } satisfies CursorJson)).toString("base64url");
}

/** The row a cursor points after, or null when it is not one of ours (callers answer 400 naming the field). */
export function decodeKeysetCursor(raw: string): KeysetCursor | null {
  if (raw.length > 256 || !/^[A-Za-z0-9_-]+$/.test(raw)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = cursorSchema.safeParse(json);
  return parsed.success ? { at: new Date(parsed.data.s), id: parsed.data.i } : null;
}

/**
 * One page of a keyset list from rows read with `LIMIT limit + 1`, newest first: the extra row only says that
 * there is more, and the cursor points after the page's last row (`keyOf` names the list's timestamp column).
 */
export function keysetPage<T extends { id: string }>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => Date,
): { items: T[]; nextCursor: string | null } {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  const last = items.at(-1);
  return { items, nextCursor: hasMore && last ? encodeKeysetCursor(keyOf(last), last.id) : null };
}
