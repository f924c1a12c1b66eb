// The worker's production build: the worker and its job module compiled to
// plain JavaScript (dist/main.mjs, dist/job.mjs), so `node dist/main.mjs`
// runs them without a TypeScript loader. That matters per call: each call
// runs in its own job process, which inherits the worker's node flags, and
// tsx in a process costs ~60 MB (its loader-hooks thread, esbuild's worker
// and transformed sources) — a fifth of the job's memory budget.
//
// The workspace packages (TypeScript source) and the libraries only they use
// are bundled in. The worker's own npm dependencies stay external, resolved
// from apps/agent-worker/node_modules at run time: @livekit/agents forks its
// job and inference processes by file path next to itself and loads native
// modules (rtc-node, onnxruntime), so it must stay a package on disk.
//
// The benchmarks build their job-process entry points with this same function,
// so what they measure is what production runs.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

export const WORKER_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Native modules reached through bundled code; never inlined (they load .node files next to themselves). */
const NATIVE_PACKAGES = ["onnxruntime-node", "sharp", "pg-native"];

function externalPackages(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(WORKER_ROOT, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  };
  return [...Object.keys(manifest.dependencies).filter((name) => !name.startsWith("@articulate/")), ...NATIVE_PACKAGES];
}

/** Bare imports of the worker's own npm dependencies (and native modules) stay imports; the rest is bundled. */
function keepWorkerDependenciesExternal(): Plugin {
  const external = externalPackages();
  return {
    name: "worker-dependencies-external",
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith("node:")) return undefined;
        const isExternal = external.some((name) => args.path === name || args.path.startsWith(`${name}/`));
        return isExternal ? { path: args.path, external: true } : undefined;
      });
    },
  };
}

/**
 * `import.meta.dirname` in bundled workspace sources means "next to this source file" (the repo root, the dev
 * database file, fixtures); in a bundle it would mean dist/. Fixed to the source file's directory at build time
 * (the image runs where it was built).
 */
function sourceRelativeDirname(): Plugin {
  return {
    name: "source-relative-dirname",
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const source = readFileSync(args.path, "utf8");
        if (!source.includes("import.meta.dirname")) return undefined;
        return {
          contents: source.replaceAll("import.meta.dirname", JSON.stringify(path.dirname(args.path))),
          loader: "ts",
        };
      });
    },
  };
}

export interface BundleResult {
  /** Output file per entry point, by the entry's base name (`job` → …/job.mjs). */
  outputs: Record<string, string>;
}

/**
 * Bundles entry points (paths relative to apps/agent-worker) into `outdir` as ESM
 * `.mjs` files named after each entry. `outdir` must be inside apps/agent-worker
 * so the external imports resolve.
 */
export async function bundleWorkerEntries(entryPoints: string[], outdir: string): Promise<BundleResult> {
  const absOut = path.resolve(WORKER_ROOT, outdir);
  if (path.relative(WORKER_ROOT, absOut).startsWith("..")) {
    throw new Error(`bundle output ${absOut} is outside ${WORKER_ROOT}: its external imports would not resolve`);
  }
  await build({
    absWorkingDir: WORKER_ROOT,
    entryPoints,
    outdir: absOut,
    outbase: WORKER_ROOT,
    entryNames: "[name]",
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Bundled CommonJS libraries call require(); ESM output has none.
    banner: {
      js: "import { createRequire as __workerCreateRequire } from 'node:module';\nconst require = __workerCreateRequire(import.meta.url);",
    },
    // Maps for debugging (NODE_OPTIONS=--enable-source-maps); not loaded by default: parsing them costs memory per job.
    sourcemap: "linked",
    logLevel: "warning",
    plugins: [keepWorkerDependenciesExternal(), sourceRelativeDirname()],
  });
  const outputs: Record<string, string> = {};
  for (const entry of entryPoints) {
    const name = path.basename(entry).replace(/\.[cm]?[jt]s$/, "");
    outputs[name] = path.join(absOut, `${name}.mjs`);
  }
  return { outputs };
}

const isCli = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isCli) {
  const started = performance.now();
  const { outputs } = await bundleWorkerEntries(["src/main.ts", "src/job.ts"], "dist");
  console.log(
    `agent worker built in ${Math.round(performance.now() - started)} ms: ${Object.values(outputs)
      .map((f) => path.relative(WORKER_ROOT, f))
      .join(", ")}`,
  );
}
