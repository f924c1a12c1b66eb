// The worker's logger: pino (shared redaction, @articulate/core) behind a
// message-first facade, carrying the call's context (tenantId, callId,
// roomName) on child loggers so a call can be followed across processes.
import { logLevelFromEnv } from "@articulate/config";
import {
  createLogger as createPinoLogger,
  type LogLevel,
  type Logger as PinoLogger,
  silentLogger as silentPino,
} from "@articulate/core";

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

function facade(p: PinoLogger): Logger {
  return {
    debug: (msg, fields) => p.debug(fields ?? {}, msg),
    info: (msg, fields) => p.info(fields ?? {}, msg),
    warn: (msg, fields) => p.warn(fields ?? {}, msg),
    error: (msg, fields) => p.error(fields ?? {}, msg),
    child: (fields) => facade(p.child(fields)),
  };
}

let root: PinoLogger | undefined;

export function createLogger(base: LogFields = {}, opts: { level?: LogLevel } = {}): Logger {
  root ??= createPinoLogger({ name: "agent-worker", level: logLevelFromEnv() });
  const p = root.child(base);
  if (opts.level) p.level = opts.level;
  return facade(p);
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = facade(silentPino);
