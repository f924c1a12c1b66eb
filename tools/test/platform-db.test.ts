// platformDb() bypasses the tenant guard. Outside packages/db each use must say why it is
// cross-tenant (jobs, webhooks in, admin, CLIs) or which tenant it names: a comment on one of the
// three lines above the call (or the same line).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return ["node_modules", "generated", ".next"].includes(d.name) ? [] : sourceFiles(p);
    return /\.(ts|tsx)$/.test(d.name) ? [p] : [];
  });
}

describe("platformDb() outside packages/db", () => {
  it("carries a comment saying why at every call site", () => {
    const dirs = ["apps", "packages"]
      .flatMap((d) => fs.readdirSync(path.join(root, "..", d)).map((name) => path.join(root, "..", d, name, "src")))
      .filter((dir) => !dir.includes(`${path.sep}packages${path.sep}db${path.sep}`));
    const uncommented: string[] = [];
    for (const file of dirs.flatMap(sourceFiles)) {
      const lines = fs.readFileSync(file, "utf8").split("\n");
      lines.forEach((line, i) => {
        const code = line.trim();
        if (
          !code.includes("platformDb()") ||
          code.startsWith("//") ||
          code.startsWith("*") ||
          code.startsWith("import")
        )
          return;
        if (!lines.slice(Math.max(0, i - 3), i + 1).some((l) => l.includes("//"))) {
          uncommented.push(`${path.relative(path.join(root, ".."), file)}:${i + 1}`);
        }
      });
    }
    expect(uncommented).toEqual([]);
  });
});
