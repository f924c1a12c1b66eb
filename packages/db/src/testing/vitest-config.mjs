// The one Vitest config for suites that talk to PostgreSQL: a fresh migrated
// database per run (vitest-global-setup.ts), generous timeouts for a loaded
// 2-core CI box. Packages pass only what differs, importing it as
// `@articulate/db/vitest-config`. Plain JavaScript (types in vitest-config.d.mts):
// Vitest loads a workspace package's config helper with Node itself, and Node 20
// cannot import TypeScript.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * @param {import("vitest/config").ViteUserConfig["test"]} [test]
 * @param {Omit<import("vitest/config").ViteUserConfig, "test">} [rest]
 * @returns {import("vitest/config").ViteUserConfig}
 */
export function databaseTestConfig(test = {}, rest = {}) {
  return defineConfig({
    ...rest,
    test: {
      globalSetup: [fileURLToPath(new URL("./vitest-global-setup.ts", import.meta.url))],
      include: ["test/**/*.test.ts"],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      passWithNoTests: true,
      ...test,
    },
  });
}
