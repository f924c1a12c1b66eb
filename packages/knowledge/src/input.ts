// Input rules shared by the knowledge operations: trimmed plain text without
// control characters (HTML is kept as the literal characters typed), and one
// zod parse that names the failing field.
import type { z } from "zod";
import { z as zod } from "zod";
import { KnowledgeInputError } from "./errors";

/** NUL and other C0 controls (tab and newlines aside), DEL, and lone surrogates never reach the database. */
export function hasForbiddenCharacters(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return true;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

export const plainText = (max: number) =>
  zod
    .string()
    .trim()
    .min(1, "is required")
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !hasForbiddenCharacters(s), "contains characters that are not allowed");

export function parseKnowledgeInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join(".") || "body";
    throw new KnowledgeInputError(field, `${field}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}
