import { defineConfig } from "vitest/config";

// Pure parsing: no database needed.
export default defineConfig({ test: { include: ["test/**/*.test.ts"] } });
