import { defineConfig } from "vitest/config";

// Repository checks (docker-compose.yml against the apps' env schemas): no database.
export default defineConfig({ test: { include: ["test/**/*.test.ts"] } });
