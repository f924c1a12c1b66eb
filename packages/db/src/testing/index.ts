// Test databases: every test run gets its own freshly migrated database,
// dropped afterwards. On the server named by TEST_DATABASE_URL / DATABASE_URL,
// else on an embedded PostgreSQL started for the run.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { type EmbeddedServer, startEmbeddedPostgres } from "../embedded";
import { applyMigrationSql } from "../migrations";

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function createTestDatabase(opts: { serverUrl?: string; migrate?: boolean } = {}): Promise<TestDatabase> {
  // Test infrastructure (not application code): which server to make test databases on.
  let serverUrl = opts.serverUrl ?? process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  let embedded: EmbeddedServer | undefined;
  let embeddedDir: string | undefined;
  if (!serverUrl) {
    embeddedDir = fs.mkdtempSync(path.join(os.tmpdir(), "articulate-pg-"));
    fs.chmodSync(embeddedDir, 0o777);
    embedded = await startEmbeddedPostgres({ dataDir: path.join(embeddedDir, "data"), persistent: false });
    serverUrl = embedded.adminUrl;
  }
  const name = `art_test_${Date.now().toString(36)}_${crypto.randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = withDatabase(serverUrl, name);
  if (opts.migrate !== false) await applyMigrationSql(url);
  return {
    url,
    name,
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
      if (embedded) await embedded.stop();
      if (embeddedDir) fs.rmSync(embeddedDir, { recursive: true, force: true });
    },
  };
}
