// The web app's loggers (pino, shared redaction from @articulate/core). Each
// request gets a child carrying its requestId (the caller's x-request-id when it
// sends a sane one, else a new id), and its tenantId once known, so every line
// of one request can be found together; requestLogged writes the one access line.
import crypto from "node:crypto";
import { logLevelFromEnv } from "@articulate/config";
import { createLogger, type Logger } from "@articulate/core";

let root: Logger | undefined;

export function webLogger(): Logger {
  root ??= createLogger({ name: "web", level: logLevelFromEnv() });
  return root;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

export function requestLogger(request: Request): { log: Logger; requestId: string } {
  const sent = request.headers.get("x-request-id");
  const requestId = sent && REQUEST_ID.test(sent) ? sent : crypto.randomUUID();
  const url = new URL(request.url);
  return { log: webLogger().child({ requestId, method: request.method, path: url.pathname }), requestId };
}

/** One line per request: status and duration; the response carries the id back. */
export function requestLogged(log: Logger, requestId: string, response: Response, startedAt: number): Response {
  log.info({ status: response.status, ms: Math.round(performance.now() - startedAt) }, "request");
  try {
    response.headers.set("x-request-id", requestId);
  } catch {
    // Some responses (redirects from Response.redirect) have immutable headers; the log line still has the id.
  }
  return response;
}
