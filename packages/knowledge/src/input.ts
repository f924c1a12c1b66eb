// Input rules shared by the knowledge operations: trimmed plain text under the
// shared text rule (HTML is kept as the literal characters typed), and one zod
// parse that names the failing field.

import { textProblem } from "@articulate/core";
import type { z } from "zod";
import { z as zod } from "zod";
import { KnowledgeInputError } from "./errors";

export const plainText = (max: number) =>
  zod
    .string()
    .trim()
    .min(1, "is required")
    .max(max, `must be at most ${max} characters`)
    .superRefine((s, ctx) => {
      // The one text-input rule (NUL, lone surrogates) from @articulate/core.
      const problem = textProblem(s, max);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });

export function parseKnowledgeInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join(".") || "body";
    throw new KnowledgeInputError(field, `${field}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}
