// Fails when prisma/schema.prisma and prisma/migrations disagree: builds one
// scratch database from the committed migrations and one from the schema
// (Prisma's from-empty SQL), then compares their catalogs.
import pg from "pg";
import { applyMigrationSql } from "../src/migrations";
import { createTestDatabase } from "../src/testing/index";
import { schemaToSql } from "./prisma-cli";

const CATALOG_QUERIES: Record<string, string> = {
  columns: `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default,
              character_maximum_length, numeric_precision, numeric_scale
            FROM information_schema.columns WHERE table_schema = 'public'
              AND table_name <> '_prisma_migrations' ORDER BY 1, 2`,
  indexes: `SELECT tablename, indexname, indexdef FROM pg_indexes
            WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1, 2`,
  constraints: `SELECT c.conrelid::regclass::text AS tbl, c.conname, pg_get_constraintdef(c.oid) AS def
                FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
                WHERE n.nspname = 'public' AND c.conrelid::regclass::text <> '"_prisma_migrations"'
                ORDER BY 1, 2`,
  enums: `SELECT t.typname, e.enumlabel, e.enumsortorder FROM pg_type t
          JOIN pg_enum e ON e.enumtypid = t.oid ORDER BY 1, 3`,
};

async function snapshot(url: string): Promise<Map<string, string>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const out = new Map<string, string>();
  try {
    for (const [kind, sql] of Object.entries(CATALOG_QUERIES)) {
      const { rows } = await c.query(sql);
      for (const r of rows) out.set(`${kind}: ${Object.values(r).slice(0, 2).join(".")}`, JSON.stringify(r));
    }
  } finally {
    await c.end();
  }
  return out;
}

async function main() {
  const fromMigrations = await createTestDatabase({ migrate: false });
  const serverUrl = fromMigrations.url;
  const fromSchema = await createTestDatabase({ migrate: false, serverUrl });
  try {
    await applyMigrationSql(fromMigrations.url);
    const sql = schemaToSql(undefined, fromSchema.url);
    const c = new pg.Client({ connectionString: fromSchema.url });
    await c.connect();
    await c.query(sql);
    await c.end();
    const [a, b] = await Promise.all([snapshot(fromMigrations.url), snapshot(fromSchema.url)]);
    const diffs: string[] = [];
    for (const key of new Set([...a.keys(), ...b.keys()])) {
      const x = a.get(key);
      const y = b.get(key);
      if (x !== y) diffs.push(`${key}\n    migrations: ${x ?? "(missing)"}\n    schema:     ${y ?? "(missing)"}`);
    }
    if (diffs.length) {
      console.error(`DRIFT: schema.prisma and prisma/migrations disagree (${diffs.length} differences):`);
      for (const d of diffs.slice(0, 50)) console.error(`  ${d}`);
      console.error("Fix: pnpm db:migration:new <name> (or, before the first release, pnpm db:migration:regen).");
      process.exitCode = 1;
    } else {
      console.log(`drift check: migrations match schema.prisma (${a.size} catalog entries compared)`);
    }
  } finally {
    await fromSchema.drop();
    await fromMigrations.drop();
  }
}

await main();
