import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  EnvError,
  parseEnv,
  recordingStorageConfig,
  recordingsFeature,
  reportDisabledFeatures,
  s3EnvShape,
  urlVar,
} from "../src/index";

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

describe("S3 recording storage (#15)", () => {
  const schema = z.object(s3EnvShape);
  const full = {
    S3_BUCKET: "recordings",
    S3_REGION: "ap-southeast-2",
    S3_ACCESS_KEY_ID: "AKIA",
    S3_SECRET_ACCESS_KEY: "secret",
  };

  it("reports recordings disabled naming the missing variables", () => {
    const { features } = parseEnv("t", schema, { recordings: recordingsFeature }, { S3_BUCKET: "recordings" });
    expect(features.recordings.message).toBe(
      "Call recordings disabled: set S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY",
    );
    expect(recordingStorageConfig(parseEnv("t", schema, {}, { S3_BUCKET: "recordings" }).env)).toBeNull();
  });

  it("builds the storage config; the public endpoint defaults to the server one", () => {
    const { env } = parseEnv("t", schema, {}, { ...full, S3_ENDPOINT: "http://storage:9000" });
    expect(recordingStorageConfig(env)).toEqual({
      endpoint: "http://storage:9000",
      publicEndpoint: "http://storage:9000",
      bucket: "recordings",
      region: "ap-southeast-2",
      accessKeyId: "AKIA",
      secretAccessKey: "secret",
      forcePathStyle: true,
    });
    const off = parseEnv("t", schema, {}, { ...full, S3_FORCE_PATH_STYLE: "false" }).env;
    expect(recordingStorageConfig(off)?.forcePathStyle).toBe(false);
  });

  it("names a malformed variable", () => {
    expect(() => parseEnv("t", schema, {}, { ...full, S3_BUCKET: "Bad_Bucket" })).toThrow(/S3_BUCKET: must be an S3/);
    expect(() => parseEnv("t", schema, {}, { ...full, S3_FORCE_PATH_STYLE: "maybe" })).toThrow(
      /S3_FORCE_PATH_STYLE: must be true or false/,
    );
    expect(() => parseEnv("t", schema, {}, { ...full, S3_ENDPOINT: "storage:9000" })).toThrow(/S3_ENDPOINT/);
  });
});
