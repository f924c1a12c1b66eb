import { platformDb } from "@articulate/db";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    // platformDb(): Liveness probe: touches no tenant data.
    await platformDb().$queryRaw`SELECT 1`;
    return Response.json({ ok: true, db: "up" });
  } catch {
    return Response.json({ ok: false, db: "down" }, { status: 503 });
  }
}
