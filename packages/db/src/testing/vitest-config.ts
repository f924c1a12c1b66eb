// The one Vitest config for suites that talk to PostgreSQL: a fresh migrated
// database per run (vitest-global-setup.ts), generous timeouts for a loaded
// 2-core CI box. Packages pass only what differs.
import { fileURLToPath } from "node:url";
import { defineConfig, type ViteUserConfig } from "vitest/config";

type TestOptions = NonNullable<ViteUserConfig["test"]>;

export function databaseTestConfig(test: TestOptions = {}, rest: Omit<ViteUserConfig, "test"> = {}): ViteUserConfig {
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
