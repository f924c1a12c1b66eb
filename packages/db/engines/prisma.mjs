#!/usr/bin/env node
// Runs the Prisma CLI with offline-safe engine settings: `node engines/prisma.mjs generate`.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { prismaEngineEnv } from "./env.mjs";

const require = createRequire(import.meta.url);
const cli = require.resolve("prisma/build/index.js");
const r = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], {
  stdio: "inherit",
  env: prismaEngineEnv(),
  cwd: new URL("..", import.meta.url).pathname,
});
process.exit(r.status ?? 1);
