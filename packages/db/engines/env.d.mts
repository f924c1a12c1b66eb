export function prismaEngineEnv(env?: Record<string, string | undefined>): Record<string, string | undefined>;
