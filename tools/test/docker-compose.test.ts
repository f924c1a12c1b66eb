// No Docker engine runs in CI: this checks docker-compose.yml and the committed
// LiveKit/SIP configs against each other and against the apps' env schemas.
import fs from "node:fs";
import path from "node:path";
import { recordingStorageConfig } from "@articulate/config";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseWorkerEnv, workerEnvSchema } from "../../apps/agent-worker/src/env";
import { jobsEnvSchema, parseJobsEnv } from "../../apps/jobs/src/env";
import { parseWebEnv, webEnvSchema } from "../../apps/web/src/env";

const root = path.resolve(import.meta.dirname, "../..");
const read = (p: string) => fs.readFileSync(path.join(root, p), "utf8");

type Service = {
  image?: string;
  build?: { context: string; dockerfile: string; target: string };
  network_mode?: string;
  ports?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  command?: string[];
  depends_on?: Record<string, { condition: string }>;
};
const compose = parse(read("docker-compose.yml")) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};
const services = compose.services;
const svc = (name: string) => {
  const s = services[name];
  if (!s) throw new Error(`docker-compose.yml has no service ${name}`);
  return s;
};

/** Compose interpolation as `docker compose` does it with nothing set: ${X:-default} → default, ${X} → "". */
function interpolate(value: string, vars: Record<string, string> = {}): string {
  return value.replace(
    /\$\{([A-Z0-9_]+)(?::?-([^}]*))?\}/g,
    (_, name: string, def: string | undefined) => vars[name] || (def ?? ""),
  );
}
const referenced = (value: string) => [...value.matchAll(/\$\{([A-Z0-9_]+)/g)].map((m) => m[1] as string);
const envOf = (name: string) =>
  Object.fromEntries(Object.entries(svc(name).environment ?? {}).map(([k, v]) => [k, interpolate(String(v))]));
/** The host port a service publishes for a container port. */
const published = (name: string, containerPort: number) =>
  (svc(name).ports ?? []).map((p) => p.split(":")).find((p) => Number(p[p.length - 1]) === containerPort)?.[0];

const livekitConfigPath = (svc("livekit").volumes ?? [])
  .map((v) => v.split(":"))
  .find((v) => v[1] === "/etc/livekit/livekit.yaml")?.[0];
const sipConfigPath = (svc("livekit-sip").volumes ?? [])
  .map((v) => v.split(":"))
  .find((v) => v[1] === svc("livekit-sip").environment?.SIP_CONFIG_FILE)?.[0];
const livekit = parse(read(livekitConfigPath ?? "missing")) as {
  port: number;
  keys: Record<string, string>;
  redis: { address: string };
  rtc: { tcp_port: number; port_range_start: number; port_range_end: number };
  webhook: { api_key: string; urls: string[] };
};
const sip = parse(read(sipConfigPath ?? "missing")) as {
  api_key: string;
  api_secret: string;
  ws_url: string;
  redis: { address: string };
  sip_port: number;
  rtp_port: string;
  logging?: { level?: string };
  [key: string]: unknown;
};
const runbook = read("docs/sip-debugging.md");

/** A dotted key ("rtc.tcp_port") of a parsed YAML config. */
function lookup(config: unknown, dotted: string): unknown {
  return dotted
    .split(".")
    .reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), config);
}

describe("docker-compose.yml", () => {
  it("has the product's services", () => {
    expect(Object.keys(services).sort()).toEqual([
      "agent-worker",
      "jobs",
      "livekit",
      "livekit-egress",
      "livekit-sip",
      "migrate",
      "postgres",
      "redis",
      "storage",
      "storage-init",
      "web",
    ]);
    expect(svc("livekit").image).toMatch(/^livekit\/livekit-server/);
    expect(svc("livekit-sip").image).toMatch(/^livekit\/sip/);
    expect(svc("postgres").image).toMatch(/^postgres:/);
    expect(svc("redis").image).toMatch(/^redis:/);
  });

  it("runs livekit-server and livekit-sip on host networking, sharing one Redis", () => {
    expect(svc("livekit").network_mode).toBe("host");
    expect(svc("livekit-sip").network_mode).toBe("host");
    expect(svc("livekit").command).toEqual(["--config", "/etc/livekit/livekit.yaml"]);
    expect(published("redis", 6379)).toBe("6379");
    expect(livekit.redis.address).toBe("localhost:6379");
    expect(sip.redis.address).toBe(livekit.redis.address);
  });

  it("records calls: egress shares livekit-server's Redis and keys; storage, bucket and keys agree (#15)", () => {
    const egressConfigPath = (svc("livekit-egress").volumes ?? [])
      .map((v) => v.split(":"))
      .find((v) => v[1] === svc("livekit-egress").environment?.EGRESS_CONFIG_FILE)?.[0];
    const egress = parse(read(egressConfigPath ?? "missing")) as {
      api_key: string;
      api_secret: string;
      ws_url: string;
      redis: { address: string };
    };
    expect(svc("livekit-egress").image).toMatch(/^livekit\/egress/);
    expect(svc("livekit-egress").network_mode).toBe("host");
    expect(egress.redis.address).toBe(livekit.redis.address);
    expect(livekit.keys[egress.api_key]).toBe(egress.api_secret);
    expect(new URL(egress.ws_url).port).toBe(String(livekit.port));
    // Not a withdrawn MinIO Docker Hub image.
    expect(svc("storage").image).not.toMatch(/^minio\//);
    const s3Port = published("storage", 9000);
    const identities = JSON.parse(read("deploy/storage/s3.json")) as {
      identities: Array<{ credentials: Array<{ accessKey: string; secretKey: string }> }>;
    };
    const init = envOf("storage-init");
    const initScript = (svc("storage-init") as { command?: string[] }).command?.join(" ") ?? "";
    for (const name of ["web", "agent-worker"]) {
      const env = envOf(name);
      const storage = recordingStorageConfig(name === "web" ? parseWebEnv(env).env : parseWorkerEnv(env).env);
      expect(storage, name).not.toBeNull();
      expect(new URL(storage?.endpoint ?? "").port, name).toBe(s3Port);
      expect(new URL(storage?.publicEndpoint ?? "").hostname, `${name}: browser-reachable`).toBe("localhost");
      expect(initScript).toContain(`--bucket ${storage?.bucket}`);
      expect(init.AWS_ACCESS_KEY_ID).toBe(storage?.accessKeyId);
      expect(identities.identities[0]?.credentials[0]).toEqual({
        accessKey: storage?.accessKeyId,
        secretKey: storage?.secretAccessKey,
      });
      expect(svc(name).depends_on?.["storage-init"]?.condition).toBe("service_completed_successfully");
    }
  });

  it("keeps LiveKit and SIP ports and keys consistent (reference/livekit.md §8)", () => {
    expect(livekit.port).toBe(7880);
    expect(livekit.rtc.tcp_port).toBe(7881);
    expect(livekit.rtc.port_range_start).toBeLessThan(livekit.rtc.port_range_end);
    expect(sip.sip_port).toBe(5060);
    expect(sip.rtp_port).toMatch(/^\d+-\d+$/);
    const [rtpLo, rtpHi] = sip.rtp_port.split("-").map(Number) as [number, number];
    // SIP's RTP range must not overlap LiveKit's WebRTC range (both on the host).
    expect(rtpHi < livekit.rtc.port_range_start || rtpLo > livekit.rtc.port_range_end).toBe(true);
    expect(new URL(sip.ws_url).port).toBe(String(livekit.port));
    expect(livekit.keys[sip.api_key]).toBe(sip.api_secret);
    expect(livekit.keys[livekit.webhook.api_key]).toBeDefined();
  });

  it("sends LiveKit webhooks to the web app's webhook route", () => {
    const url = new URL(livekit.webhook.urls[0] ?? "");
    expect(url.port).toBe(new URL(envOf("web").APP_URL ?? "").port);
    const route = path.join(root, "apps/web/src/app", url.pathname, "route.ts");
    expect(fs.existsSync(route), route).toBe(true);
  });

  it("gives web only variables its env schema knows, and they parse", () => {
    const env = envOf("web");
    const known = Object.keys(webEnvSchema.shape);
    for (const [k, v] of Object.entries(svc("web").environment ?? {})) {
      expect(known, `web: ${k}`).toContain(k);
      for (const ref of referenced(String(v))) expect(known, `web: \${${ref}}`).toContain(ref);
    }
    const { env: parsed, features } = parseWebEnv({ ...env, NODE_ENV: "production" });
    expect(features.livekit.enabled).toBe(true);
    expect(parsed.LIVEKIT_API_KEY && livekit.keys[parsed.LIVEKIT_API_KEY]).toBe(parsed.LIVEKIT_API_SECRET);
    expect(new URL(parsed.LIVEKIT_URL ?? "").port).toBe(String(livekit.port));
    expect(parsed.LIVEKIT_SIP_HOST).toBe(`127.0.0.1:${sip.sip_port}`);
  });

  it("gives agent-worker only variables its env schema knows, and they parse", () => {
    const env = envOf("agent-worker");
    const known = Object.keys(workerEnvSchema.shape);
    for (const [k, v] of Object.entries(svc("agent-worker").environment ?? {})) {
      expect(known, `agent-worker: ${k}`).toContain(k);
      for (const ref of referenced(String(v))) expect(known, `agent-worker: \${${ref}}`).toContain(ref);
    }
    const { env: parsed, features } = parseWorkerEnv({ ...env, NODE_ENV: "production" });
    expect(features.livekit.enabled).toBe(true);
    expect(parsed.LIVEKIT_API_KEY && livekit.keys[parsed.LIVEKIT_API_KEY]).toBe(parsed.LIVEKIT_API_SECRET);
    expect(parsed.LIVEKIT_AGENT_NAME).toBe("receptionist");
  });

  it("runs background jobs in the jobs service, not in web", () => {
    const known = Object.keys(jobsEnvSchema.shape);
    for (const [k, v] of Object.entries(svc("jobs").environment ?? {})) {
      expect(known, `jobs: ${k}`).toContain(k);
      for (const ref of referenced(String(v))) expect(known, `jobs: \${${ref}}`).toContain(ref);
    }
    const { env: parsed } = parseJobsEnv({ ...envOf("jobs"), NODE_ENV: "production" });
    expect(parsed.APP_URL).toBe(envOf("web").APP_URL);
    // Unsubscribe links are signed by jobs and verified by web.
    expect(parsed.AUTH_SECRET).toBe(envOf("web").AUTH_SECRET);
    expect(parseWebEnv({ ...envOf("web"), NODE_ENV: "production" }).env.BACKGROUND_JOBS).toBe("off");
    expect(svc("jobs").depends_on?.migrate?.condition).toBe("service_completed_successfully");
  });

  it("points every DATABASE_URL at the postgres service's published port and credentials", () => {
    const pg = svc("postgres").environment ?? {};
    for (const name of ["migrate", "web", "agent-worker", "jobs"]) {
      const url = new URL(envOf(name).DATABASE_URL ?? "");
      expect(svc(name).network_mode, name).toBe("host");
      expect(url.port).toBe(published("postgres", 5432));
      expect(url.username).toBe(pg.POSTGRES_USER);
      expect(url.password).toBe(pg.POSTGRES_PASSWORD);
      expect(url.pathname).toBe(`/${pg.POSTGRES_DB}`);
    }
  });

  it("builds web, agent-worker and migrate from stages that exist in the Dockerfile", () => {
    for (const name of ["web", "agent-worker", "migrate", "jobs"]) {
      const b = svc(name).build;
      expect(b?.context).toBe(".");
      const dockerfile = read(b?.dockerfile ?? "missing");
      expect(dockerfile).toMatch(new RegExp(`^FROM \\S+ AS ${b?.target}$`, "m"));
    }
    expect(svc("web").depends_on?.migrate?.condition).toBe("service_completed_successfully");
    expect(svc("agent-worker").depends_on?.migrate?.condition).toBe("service_completed_successfully");
    // The web stage serves (through the production entry that decides client addresses) on the port APP_URL names.
    expect(read("apps/web/package.json")).toContain('"start": "tsx server.ts"');
    expect(read("apps/web/server.ts")).toContain("process.env.PORT ?? 3000");
    // The agent-worker stage builds the worker and runs the build with node (job processes without tsx).
    const worker = JSON.parse(read("apps/agent-worker/package.json")) as { scripts: Record<string, string> };
    expect(worker.scripts.build).toBe("tsx scripts/bundle-worker.ts");
    expect(worker.scripts.start).toBe("node dist/main.mjs start");
    expect(read("deploy/Dockerfile")).toMatch(
      /^FROM deps AS agent-worker$[\s\S]*?^RUN pnpm run build$[\s\S]*?^CMD \["node", "dist\/main\.mjs", "start"\]$/m,
    );
  });

  it("configures livekit-sip logging with the key the service reads (logging.level, not log_level)", () => {
    expect(sip.logging?.level).toMatch(/^(debug|info|warn|error)$/);
    expect(sip).not.toHaveProperty("log_level");
    expect(livekit).not.toHaveProperty("log_level");
  });

  it("matches the SIP runbook's port table and capture commands (docs/sip-debugging.md)", () => {
    const files: Record<string, unknown> = {
      "deploy/sip/config.yaml": sip,
      "deploy/livekit/livekit.yaml": livekit,
    };
    // Rows: | what | port(s) | `file` `key` [/ `key2`] … |
    const rows = [...runbook.matchAll(/^\| [^|]+\| ([\d-]+) *\| `(deploy\/[^`]+)` `([^`]+)`(?: \/ `([^`]+)`)?/gm)];
    expect(rows.length).toBeGreaterThanOrEqual(5);
    for (const [, ports, file, key, key2] of rows) {
      const config = files[file as string];
      expect(config, file).toBeDefined();
      const value = key2 ? `${lookup(config, key as string)}-${lookup(config, key2)}` : lookup(config, key as string);
      if (key === "tls.port") {
        // TLS is optional and off in the shipped config; the documented port is the service's default.
        expect(value === undefined || String(value) === ports, `${file} ${key}`).toBe(true);
        continue;
      }
      expect(String(value), `${file} ${key}${key2 ? ` / ${key2}` : ""}`).toBe(ports);
    }
    // The capture commands use the same ports.
    for (const m of runbook.matchAll(/\bport (\d+)/g)) expect(Number(m[1])).toBe(sip.sip_port);
    for (const m of runbook.matchAll(/portrange (\d+-\d+)/g)) expect(m[1]).toBe(sip.rtp_port);
    expect(runbook).toContain("`logging.level`");
    // Every deploy/ config key the runbook names in backticks exists (or is one of the documented optional ones).
    const optional = new Set(["tls.port", "tls.certs", "nat_1_to_1_ip", "logging.json"]);
    for (const m of runbook.matchAll(/`(deploy\/[^`]+)` `([a-z_.]+)`/g)) {
      if (optional.has(m[2] as string)) continue;
      expect(lookup(files[m[1] as string], m[2] as string), `${m[1]} ${m[2]}`).toBeDefined();
    }
  });

  it("declares the volumes it mounts and the config files exist", () => {
    expect(compose.volumes).toHaveProperty("postgres-data");
    expect(compose.volumes).toHaveProperty("storage-data");
    for (const s of Object.values(services)) {
      for (const v of s.volumes ?? []) {
        const src = v.split(":")[0] as string;
        if (src.startsWith("./")) expect(fs.existsSync(path.join(root, src)), src).toBe(true);
        else expect(compose.volumes, src).toHaveProperty(src);
      }
    }
  });
});
