// @articulate/core: cross-cutting primitives every package and app may use,
// with no domain knowledge and no dependency on our other packages: the base
// DomainError and input errors from zod, the one text-input rule every boundary
// applies, and the structured logger.
export { DomainError, type FieldErrors, fieldErrorsFromZod, InputError, parseInput } from "./errors";
export { createLogger, type Logger, type LogLevel, REDACTED, silentLogger } from "./logger";
export { findTextIssues, MAX_BODY_BYTES, storableText, TEXT_LIMITS, textProblem, withTextRule } from "./text-input";
