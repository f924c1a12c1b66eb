import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

const root = path.resolve(import.meta.dirname, "../..");

// engine "js" + adapter: Prisma's WASM schema engine, so migrate deploy/diff work offline.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(root, "prisma/schema.prisma"),
  migrations: { path: path.join(root, "prisma/migrations") },
  adapter: async () =>
    // Prisma CLI tooling (migrate, generate), not application code.
    new PrismaPg({ connectionString: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" }),
});
