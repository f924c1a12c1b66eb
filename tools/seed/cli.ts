// `pnpm db:seed` (or with --if-empty from `pnpm dev`): loads the demo data.
// Idempotent either way; --if-empty leaves a database that already has tenants alone.
import { disconnectDb, platformDb } from "@articulate/db";
import { devDatabaseUrl } from "@articulate/db/embedded";
import { DEMO_ADMIN, DEMO_OWNER, DEMO_TENANT_SLUG, seedDemo } from "./index";

if (!process.env.DATABASE_URL) {
  // The embedded PostgreSQL that `pnpm dev` runs (it records its address when it starts).
  process.env.DATABASE_URL = devDatabaseUrl();
  console.log("[seed] using the `pnpm dev` database (set DATABASE_URL to use another)");
}

const ifEmpty = process.argv.includes("--if-empty");
if (ifEmpty && (await platformDb().tenant.count()) > 0) {
  console.log("[seed] database already has data; not seeding (pnpm db:seed adds the demo tenant)");
  if (await platformDb().tenant.findUnique({ where: { slug: DEMO_TENANT_SLUG } })) {
    console.log(`[seed] owner login:  ${DEMO_OWNER.email} / ${DEMO_OWNER.password}`);
    console.log(`[seed] admin login:  ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}`);
  }
} else {
  const result = await seedDemo();
  console.log(result.summary);
}
await disconnectDb();
