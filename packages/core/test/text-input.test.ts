import { describe, expect, it } from "vitest";
import { z } from "zod";
import { findTextIssues, TEXT_LIMITS, textProblem, withTextRule } from "../src/text-input";

describe("text input rule", () => {
  it("rejects NUL bytes, lone surrogates and over-long strings; accepts RTL, zero-width and emoji", () => {
    expect(textProblem("a\u0000b")).toMatch(/NUL/);
    expect(textProblem("a\ud800b")).toMatch(/surrogate/);
    expect(textProblem("\udc00")).toMatch(/surrogate/);
    expect(textProblem("x".repeat(TEXT_LIMITS.anyString + 1))).toMatch(/at most/);
    expect(textProblem("\u202eabc\u200b 😀 שלום")).toBeNull();
  });

  it("names the field path, keys included, in nested input", () => {
    expect(findTextIssues({ a: [{ b: "ok" }, { c: "bad\u0000" }], "k\ud800": 1 })).toEqual([
      { path: ["a", 1, "c"], message: expect.stringMatching(/NUL/) },
      { path: ["k\ud800"], message: expect.stringMatching(/field name/) },
    ]);
  });

  it("as a zod wrapper, fails with the field's path before the inner schema runs", () => {
    const schema = withTextRule(z.object({ name: z.string(), n: z.number() }));
    const bad = schema.safeParse({ name: "x\u0000", n: 1 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path)).toEqual([["name"]]);
    expect(schema.parse({ name: "ok", n: 2 })).toEqual({ name: "ok", n: 2 });
  });
});
