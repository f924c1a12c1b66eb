// .env.example documents every variable the apps' env schemas accept and every
// variable application code reads from process.env.
import fs from "node:fs";
import path from "node:path";
import {
  analysisEnvShape,
  calendarEnvShape,
  sharedSettingsShape,
  stripeEnvShape,
  telephonyEnvSchema,
} from "@articulate/config";
import { describe, expect, it } from "vitest";
import { workerEnvSchema } from "../../apps/agent-worker/src/env";
import { jobsEnvSchema } from "../../apps/jobs/src/env";
import { webEnvSchema } from "../../apps/web/src/env";

const root = path.resolve(import.meta.dirname, "../..");
const example = fs.readFileSync(path.join(root, ".env.example"), "utf8");
const documented = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return ["node_modules", "generated", ".next"].includes(d.name) ? [] : sourceFiles(p);
    return /\.(ts|tsx)$/.test(d.name) && !/\.test\.tsx?$/.test(d.name) ? [p] : [];
  });
}

describe(".env.example", () => {
  it("documents every variable of the apps' env schemas", () => {
    for (const k of [
      ...Object.keys(webEnvSchema.shape),
      ...Object.keys(workerEnvSchema.shape),
      ...Object.keys(jobsEnvSchema.shape),
    ]) {
      expect(documented.has(k), `${k} missing from .env.example`).toBe(true);
    }
  });

  it("documents every process.env variable application code reads", () => {
    const dirs = ["apps", "packages"].flatMap((d) =>
      fs.readdirSync(path.join(root, d)).map((name) => path.join(root, d, name, "src")),
    );
    const used = new Map<string, string>();
    for (const file of dirs.flatMap(sourceFiles)) {
      for (const m of fs.readFileSync(file, "utf8").matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)) {
        used.set(m[1] as string, path.relative(root, file));
      }
    }
    // Set by the test harness itself, not by users.
    for (const internal of ["ARTICULATE_TEST_DB", "NEXT_RUNTIME"]) used.delete(internal);
    const missing = [...used].filter(([k]) => !documented.has(k)).map(([k, f]) => `${k} (read in ${f})`);
    expect(missing).toEqual([]);
  });

  it("documents every variable the packages' settings schemas parse", () => {
    for (const k of [
      ...Object.keys(telephonyEnvSchema.shape),
      ...Object.keys(stripeEnvShape),
      ...Object.keys(calendarEnvShape),
      ...Object.keys(analysisEnvShape),
      ...Object.keys(sharedSettingsShape),
    ]) {
      expect(documented.has(k), `${k} missing from .env.example`).toBe(true);
    }
  });
});

describe("process.env", () => {
  // Configuration has one owner (@articulate/config, and each app's env.ts); besides them only entry
  // points (CLIs, Next's instrumentation hook) and test/dev tooling read the environment directly.
  const allowed = [
    /^packages\/config\/src\//,
    /^apps\/[a-z-]+\/src\/env\.ts$/,
    /^apps\/web\/src\/instrumentation\.ts$/,
    /^(apps|packages)\/[a-z-]+\/src\/cli\//,
    /^packages\/db\/src\/testing\//,
    /^packages\/db\/src\/embedded\.ts$/,
  ];

  it("is read only by configuration modules and entry points", () => {
    const dirs = ["apps", "packages"].flatMap((d) =>
      fs.readdirSync(path.join(root, d)).map((name) => path.join(root, d, name, "src")),
    );
    const readers = dirs
      .flatMap(sourceFiles)
      .map((file) => path.relative(root, file))
      .filter((rel) => /process\.env\b/.test(fs.readFileSync(path.join(root, rel), "utf8")))
      .filter((rel) => !allowed.some((re) => re.test(rel)));
    expect(readers).toEqual([]);
  });
});
