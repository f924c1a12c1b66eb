/** Bad input for a knowledge operation; `field` names what to fix. */
export class KnowledgeInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "KnowledgeInputError";
  }
}

/** The agent, entry, source or gap does not exist in this tenant (another tenant's id reads the same). */
export class KnowledgeNotFoundError extends Error {
  constructor(readonly what: "agent" | "faq entry" | "source" | "gap") {
    super(`${what[0]?.toUpperCase()}${what.slice(1)} not found`);
    this.name = "KnowledgeNotFoundError";
  }
}
