// Sets the Prisma engine env vars to the stub unless the caller chose real engines.
import { fileURLToPath } from "node:url";

const stub = fileURLToPath(new URL("./stub-engine.js", import.meta.url));
// Prisma CLI tooling: the whole environment is handed on to the engine child process.
export function prismaEngineEnv(env = process.env) {
  return {
    ...env,
    PRISMA_QUERY_ENGINE_LIBRARY: env.PRISMA_QUERY_ENGINE_LIBRARY ?? stub,
    PRISMA_SCHEMA_ENGINE_BINARY: env.PRISMA_SCHEMA_ENGINE_BINARY ?? stub,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  };
}
