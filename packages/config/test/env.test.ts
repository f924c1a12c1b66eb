import { describe, expect, it } from "vitest";
import { z } from "zod";
import { EnvError, parseEnv, reportDisabledFeatures, urlVar } from "../src/index";

const schema = z.object({
  URL_A: urlVar(["https"]),
  KEY_A: z.string().optional(),
  KEY_B: z.string().optional(),
  N: z.coerce.number().int().default(3),
});
const features = { thing: { label: "Thing", vars: ["URL_A", "KEY_A"] }, other: { label: "Other", vars: ["KEY_B"] } };

describe("parseEnv", () => {
  it("reads only the schema's keys, blanks as unset, and computes feature states", () => {
    const r = parseEnv("app", schema, features, { URL_A: "https://x.example", KEY_A: " ", UNRELATED: "1" });
    expect(r.env).toEqual({ URL_A: "https://x.example", N: 3 });
    expect(r.features.thing).toEqual({
      label: "Thing",
      enabled: false,
      missing: ["KEY_A"],
      message: "Thing disabled: set KEY_A",
    });
  });

  it("throws EnvError listing every bad variable by name", () => {
    let err: unknown;
    try {
      parseEnv("app", schema, features, { URL_A: "http://not-https", N: "x" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EnvError);
    expect((err as EnvError).issues.map((i) => i.variable).sort()).toEqual(["N", "URL_A"]);
    expect((err as Error).message).toMatch(/URL_A: must be a URL starting with https:\/\//);
  });

  it("reports disabled features once per app", () => {
    const lines: string[] = [];
    const { features: flags } = parseEnv("once-app", schema, features, {});
    reportDisabledFeatures("once-app", flags, (l) => lines.push(l));
    reportDisabledFeatures("once-app", flags, (l) => lines.push(l));
    expect(lines).toEqual(["[once-app] Thing disabled: set URL_A, KEY_A", "[once-app] Other disabled: set KEY_B"]);
  });
});
