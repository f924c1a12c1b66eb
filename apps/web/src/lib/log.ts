// The web app's root logger (pino, shared redaction from @articulate/core).
// Request handlers take a child with their requestId (and tenantId once known),
// so every line of one request can be found together.
import { logLevelFromEnv } from "@articulate/config";
import { createLogger, type Logger } from "@articulate/core";

let root: Logger | undefined;

export function webLogger(): Logger {
  root ??= createLogger({ name: "web", level: logLevelFromEnv() });
  return root;
}
