// Makes a new migration offline: diff the schema snapshot of the newest migration
// against the current schema.prisma (Prisma's --from-migrations needs a shadow DB,
// which fails offline; schema-to-schema diff does not).
import fs from "node:fs";
import path from "node:path";
import { migrationsDir, runPrisma, schemaPath } from "./prisma-cli";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: pnpm db:migration:new <snake_case_name>");
  process.exit(2);
}
const existing = fs
  .readdirSync(migrationsDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const last = existing.at(-1);
if (!last) throw new Error("no migrations yet: run pnpm db:migration:regen");
const snapshot = path.join(migrationsDir, last, "schema.snapshot.prisma");
const sql = runPrisma([
  "migrate",
  "diff",
  "--from-schema-datamodel",
  snapshot,
  "--to-schema-datamodel",
  schemaPath,
  "--script",
]);
if (!sql.trim() || /This is an empty migration/.test(sql)) {
  console.log("schema.prisma matches the newest migration: nothing to do");
  process.exit(0);
}
const seq = String(Number.parseInt(last.slice(0, 4), 10) + 1).padStart(4, "0");
const dir = path.join(migrationsDir, `${seq}_${name}`);
fs.mkdirSync(dir);
fs.writeFileSync(path.join(dir, "migration.sql"), sql);
fs.copyFileSync(schemaPath, path.join(dir, "schema.snapshot.prisma"));
console.log(`wrote ${dir}/migration.sql`);
