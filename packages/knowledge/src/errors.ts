import { DomainError, InputError } from "@articulate/core";

/** Bad input for a knowledge operation; `field` names what to fix. */
export class KnowledgeInputError extends InputError {}

/** The agent, entry, source or gap does not exist in this tenant (another tenant's id reads the same). */
export class KnowledgeNotFoundError extends DomainError {
  constructor(readonly what: "agent" | "faq entry" | "source" | "gap") {
    super("not_found", `${what[0]?.toUpperCase()}${what.slice(1)} not found`);
  }
}
