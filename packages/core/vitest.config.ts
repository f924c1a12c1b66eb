import { defineConfig } from "vitest/config";

// Pure code: no database needed.
export default defineConfig({ test: { include: ["test/**/*.test.ts"] } });
