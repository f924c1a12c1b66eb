import type { ViteUserConfig } from "vitest/config";

type TestOptions = NonNullable<ViteUserConfig["test"]>;

export function databaseTestConfig(test?: TestOptions, rest?: Omit<ViteUserConfig, "test">): ViteUserConfig;
