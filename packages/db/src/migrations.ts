// Applies the committed SQL migrations with plain pg. `prisma migrate deploy` is the
// production path (db:migrate); this is for throwaway test databases, where
// spawning the CLI for every run would cost seconds.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

export const repoRoot = path.resolve(import.meta.dirname, "../../..");
export const migrationsDir = path.join(repoRoot, "prisma/migrations");

export function migrationFiles(): string[] {
  return fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => path.join(migrationsDir, name, "migration.sql"));
}

export async function applyMigrationSql(connectionString: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    for (const file of migrationFiles()) {
      await client.query(fs.readFileSync(file, "utf8"));
    }
  } finally {
    await client.end();
  }
}
