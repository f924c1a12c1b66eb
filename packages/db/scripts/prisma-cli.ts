// Runs the Prisma CLI (offline-safe engine env) and returns stdout.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { prismaEngineEnv } from "../engines/env.mjs";

export const dbPackageDir = path.resolve(import.meta.dirname, "..");
export const repoRoot = path.resolve(dbPackageDir, "../..");
export const schemaPath = path.join(repoRoot, "prisma/schema.prisma");
export const migrationsDir = path.join(repoRoot, "prisma/migrations");

export function runPrisma(args: string[], env: Record<string, string | undefined> = {}): string {
  const cli = path.join(dbPackageDir, "node_modules/prisma/build/index.js");
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: dbPackageDir,
    // Tooling: the Prisma CLI child process inherits this environment.
    env: prismaEngineEnv({ ...process.env, ...env }),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) {
    throw new Error(`prisma ${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

/** SQL that creates the whole schema from nothing, as Prisma would. */
export function schemaToSql(schemaFile = schemaPath, databaseUrl?: string): string {
  // The JS engine opens the config's adapter even for a pure diff, so it needs a reachable server.
  const env = databaseUrl ? { DATABASE_URL: databaseUrl } : {};
  return runPrisma(["migrate", "diff", "--from-empty", "--to-schema-datamodel", schemaFile, "--script"], env);
}
