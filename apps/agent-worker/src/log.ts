// Structured JSON logs, one line per event, carrying the call's context
// (tenantId, callId, roomName) so a call can be followed across processes.
export type LogFields = Record<string, unknown>;
type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

function serializeError(err: unknown): unknown {
  return err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : err;
}

export function createLogger(
  base: LogFields = {},
  opts: { level?: Level; write?: (line: string) => void } = {},
): Logger {
  const min = ORDER[opts.level ?? (process.env.LOG_LEVEL as Level | undefined) ?? "info"] ?? ORDER.info;
  const write = opts.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const emit = (level: Level, msg: string, fields?: LogFields) => {
    if (ORDER[level] < min) return;
    const entry: LogFields = { level, time: new Date().toISOString(), msg, ...base, ...fields };
    if ("err" in entry) entry.err = serializeError(entry.err);
    write(JSON.stringify(entry));
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    child: (fields) => createLogger({ ...base, ...fields }, opts),
  };
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = createLogger({}, { write: () => {} });
