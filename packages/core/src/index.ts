// @articulate/core: cross-cutting primitives every package and app may use,
// with no domain knowledge and no dependency on our other packages: the base
// DomainError and input errors from zod, the one text-input rule every boundary
// applies, and the structured logger.
export {
  DomainError,
  type ErrorDetails,
  type FieldErrors,
  fieldErrorsFromZod,
  InputError,
  parseInput,
} from "./errors";
export {
  createLogger,
  type Logger,
  type LoggerOptions,
  type LogLevel,
  REDACTED,
  REDACTED_KEYS,
  redactText,
  redactValue,
  silentLogger,
} from "./logger";
export {
  findTextIssues,
  MAX_BODY_BYTES,
  storableText,
  TEXT_LIMITS,
  type TextIssue,
  textProblem,
  withTextRule,
} from "./text-input";
