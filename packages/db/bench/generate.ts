// Benchmark data generator: bulk-loads tenants, agents, numbers, calls,
// transcript segments and usage rows with COPY. Secondary indexes and foreign
// keys of the loaded tables are dropped for the load and rebuilt afterwards
// (one sort per index, one validation join per key) — far faster than
// maintaining them row by row, and the rebuilt constraints prove the data is
// consistent.
//
//   pnpm --filter @articulate/db exec tsx bench/generate.ts --tenants 1000 --numbers 100000 \
//     --calls 1000000 --other-calls 100000 --segments 250000 --usage 100000   (uses DATABASE_URL)
import crypto from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

export interface GenerateOptions {
  /** Tenants; tenant 0 is the "big" tenant that holds `calls`. */
  tenants: number;
  /** Active numbers, spread evenly over the tenants (each tenant has one agent). */
  numbers: number;
  /** Calls in the big tenant. */
  calls: number;
  /** Calls spread over the other tenants. */
  otherCalls: number;
  /** Transcript segments in total, `segmentsPerCall` per call on the big tenant's newest calls. */
  segments: number;
  segmentsPerCall: number;
  /** Usage rows, one per answered call of the big tenant (at most one per call). */
  usage: number;
  /** Days of history the calls span, ending now. */
  days: number;
  log?: (line: string) => void;
}

export const defaultOptions: GenerateOptions = {
  tenants: 1000,
  numbers: 100_000,
  calls: 1_000_000,
  otherCalls: 100_000,
  segments: 250_000,
  segmentsPerCall: 500,
  usage: 100_000,
  days: 730,
};

export interface GeneratedData {
  bigTenantId: string;
  tenantIds: string[];
  /** Every generated number (all ACTIVE, all with an agent). */
  numbers: string[];
  /** Calls of the big tenant that carry a full transcript. */
  transcriptCallIds: string[];
}

const TABLES = ["Tenant", "Agent", "PhoneNumber", "Call", "TranscriptSegment", "UsageRecord"] as const;
const ROWS_PER_CHUNK = 2000;
const ALNUM = "0123456789abcdefghijklmnopqrstuvwxyz";

/** cuid-shaped ids (25 chars, "c" + time part + random), like the app's own. */
function idFactory(prefix: string) {
  let n = 0;
  const pool = crypto.randomBytes(1 << 16);
  let pos = 0;
  return () => {
    let rand = "";
    for (let i = 0; i < 14; i++) {
      if (pos >= pool.length) {
        crypto.randomFillSync(pool);
        pos = 0;
      }
      rand += ALNUM[(pool[pos++] as number) % 36];
    }
    return `c${prefix}${(n++).toString(36).padStart(8, "0")}${rand}`.slice(0, 25);
  };
}

/** COPY text-format field: escape backslash, tab, newline, carriage return; null → \N. */
function field(v: string | number | null): string {
  if (v === null) return "\\N";
  if (typeof v === "number") return String(v);
  return /[\\\t\n\r]/.test(v)
    ? v.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r")
    : v;
}

async function copyRows(
  client: pg.PoolClient | pg.Client,
  table: string,
  columns: string[],
  rows: Iterable<(string | number | null)[]>,
) {
  function* chunks() {
    let buf: string[] = [];
    for (const r of rows) {
      buf.push(r.map(field).join("\t"));
      if (buf.length >= ROWS_PER_CHUNK) {
        yield `${buf.join("\n")}\n`;
        buf = [];
      }
    }
    if (buf.length) yield `${buf.join("\n")}\n`;
  }
  const cols = columns.map((c) => `"${c}"`).join(", ");
  await pipeline(Readable.from(chunks()), client.query(copyFrom(`COPY "${table}" (${cols}) FROM STDIN`)));
}

interface Saved {
  indexes: string[];
  foreignKeys: { table: string; name: string; def: string }[];
}

/** Drops secondary indexes and foreign keys of the loaded tables; returns how to recreate them. */
async function dropForLoad(client: pg.Client): Promise<Saved> {
  const idx = await client.query<{ indexname: string; indexdef: string }>(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [TABLES],
  );
  const fks = await client.query<{ table: string; name: string; def: string }>(
    `SELECT cl.relname AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS def
       FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid
      WHERE c.contype = 'f' AND cl.relname = ANY($1)`,
    [TABLES],
  );
  for (const f of fks.rows) await client.query(`ALTER TABLE "${f.table}" DROP CONSTRAINT "${f.name}"`);
  for (const i of idx.rows) await client.query(`DROP INDEX "${i.indexname}"`);
  return { indexes: idx.rows.map((r) => r.indexdef), foreignKeys: fks.rows };
}

async function restoreAfterLoad(client: pg.Client, saved: Saved) {
  await client.query("SET maintenance_work_mem = '256MB'");
  for (const def of saved.indexes) await client.query(def);
  for (const f of saved.foreignKeys) await client.query(`ALTER TABLE "${f.table}" ADD CONSTRAINT "${f.name}" ${f.def}`);
  for (const t of TABLES) await client.query(`VACUUM ANALYZE "${t}"`);
}

const CALLER_LINES = [
  "Hi, I'd like to book a check-up and clean please.",
  "Do you have anything on Thursday afternoon?",
  "It's for my son, he's eight.",
  "Can I get a call back from the practice manager?",
  "What are your opening hours on Saturday?",
  "My number is oh four one two, three four five, six seven eight.",
];
const AGENT_LINES = [
  "Of course. Can I take your full name, please?",
  "We have 2:15 or 3:40 on Thursday. Which suits you better?",
  "Thanks. I've noted that and someone will call you back today.",
  "We're open Monday to Friday, 8 am to 5:30 pm.",
  "Is there anything else I can help you with?",
  "Great, you're booked in. You'll get an SMS confirmation shortly.",
];

export async function generateBenchData(
  connectionString: string,
  input: Partial<GenerateOptions> = {},
): Promise<GeneratedData> {
  const o = { ...defaultOptions, ...input };
  const log = o.log ?? ((l: string) => console.log(`[generate] ${l}`));
  if (o.tenants < 1 || o.numbers < o.tenants) throw new Error("need at least one tenant and one number per tenant");
  const client = new pg.Client({ connectionString });
  await client.connect();
  const t0 = Date.now();
  const step = (what: string) => log(`${what} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  try {
    await client.query("SET synchronous_commit = off");
    const saved = await dropForLoad(client);
    const now = Date.now();
    const ts = (ms: number) => new Date(ms).toISOString();
    const nowIso = ts(now);

    // Tenants and one agent each.
    const tenantId = idFactory("t");
    const agentId = idFactory("a");
    const tenantIds = Array.from({ length: o.tenants }, () => tenantId());
    const agentIds = Array.from({ length: o.tenants }, () => agentId());
    const runTag = crypto.randomBytes(3).toString("hex");
    await copyRows(
      client,
      "Tenant",
      ["id", "slug", "name", "plan", "createdAt", "updatedAt"],
      tenantIds.map((id, i) => [
        id,
        `bench-${runTag}-${i}`,
        `Bench Tenant ${i}`,
        i % 3 === 0 ? "PROFESSIONAL" : "STARTER",
        nowIso,
        nowIso,
      ]),
    );
    await copyRows(
      client,
      "Agent",
      ["id", "tenantId", "name", "greeting", "instructions", "businessHours", "createdAt", "updatedAt"],
      agentIds.map((id, i) => [
        id,
        tenantIds[i] as string,
        "Reception",
        "Thanks for calling, this is the virtual receptionist. How can I help?",
        "You are a friendly receptionist for an Australian small business. Take messages, answer hours questions, transfer urgent calls.",
        '{"mon":[{"open":"08:00","close":"17:30"}],"tue":[{"open":"08:00","close":"17:30"}],"wed":[{"open":"08:00","close":"17:30"}],"thu":[{"open":"08:00","close":"17:30"}],"fri":[{"open":"08:00","close":"17:30"}]}',
        nowIso,
        nowIso,
      ]),
    );
    step(`${o.tenants} tenants + agents`);

    // Numbers: +61 2 xxxx xxxx, round-robin over tenants.
    const numberId = idFactory("n");
    const numbers: string[] = [];
    const numberIds: string[] = [];
    function* numberRows() {
      for (let i = 0; i < o.numbers; i++) {
        const e164 = `+612${String(10_000_000 + i)}`;
        const id = numberId();
        numbers.push(e164);
        numberIds.push(id);
        const t = i % o.tenants;
        yield [
          id,
          tenantIds[t] as string,
          e164,
          e164,
          "BYO",
          "ACTIVE",
          agentIds[t] as string,
          `ST_${id.slice(-12)}`,
          `SDR_${id.slice(-12)}`,
          nowIso,
          nowIso,
        ];
      }
    }
    await copyRows(
      client,
      "PhoneNumber",
      [
        "id",
        "tenantId",
        "e164",
        "e164Active",
        "provider",
        "status",
        "agentId",
        "livekitInboundTrunkId",
        "livekitDispatchRuleId",
        "createdAt",
        "updatedAt",
      ],
      numberRows(),
    );
    step(`${o.numbers} numbers`);

    // Calls: the big tenant's first, newest first, then the others'.
    const callId = idFactory("k");
    const span = o.days * 86_400_000;
    const transcriptCalls = o.segmentsPerCall > 0 ? Math.ceil(o.segments / o.segmentsPerCall) : 0;
    const transcriptCallIds: string[] = [];
    const usageCalls: { id: string; answeredAt: number; seconds: number }[] = [];
    const bigNumbers = numberIds.filter((_, i) => i % o.tenants === 0);
    function* callRows() {
      const total = o.calls + o.otherCalls;
      for (let i = 0; i < total; i++) {
        const big = i < o.calls;
        const t = big ? 0 : 1 + (i % Math.max(1, o.tenants - 1));
        const tIdx = Math.min(t, o.tenants - 1);
        // Newest first for the big tenant, whole seconds so some calls share a timestamp.
        const startedAt = big
          ? now - Math.floor(((i / o.calls) * span) / 1000) * 1000 - 60_000
          : now - Math.floor(Math.random() * span);
        const id = callId();
        const r = i % 20;
        const answered = r < 16;
        const seconds = answered ? 20 + ((i * 7919) % 600) : 0;
        const answeredAt = answered ? startedAt + 4000 : null;
        const endedAt = startedAt + 4000 + seconds * 1000;
        const status = answered ? "COMPLETED" : r < 18 ? "NO_ANSWER" : r < 19 ? "BUSY" : "FAILED";
        const endReason = answered
          ? r % 4 === 0
            ? "AGENT_ENDED"
            : r % 4 === 1
              ? "TRANSFERRED"
              : "CALLER_HUNG_UP"
          : status === "FAILED"
            ? "ERROR"
            : status;
        const minutes = Math.ceil(seconds / 60);
        if (big && transcriptCallIds.length < transcriptCalls && answered) transcriptCallIds.push(id);
        if (big && answered && usageCalls.length < o.usage)
          usageCalls.push({ id, answeredAt: answeredAt as number, seconds });
        const phone = big ? (bigNumbers[i % bigNumbers.length] as string) : (numberIds[tIdx] as string);
        yield [
          id,
          tenantIds[tIdx] as string,
          agentIds[tIdx] as string,
          phone,
          i % 10 === 9 ? "OUTBOUND" : "INBOUND",
          `+614${String(10_000_000 + (i % 89_999_999))}`,
          "+61210000000",
          `call-${id}`,
          status,
          ts(startedAt),
          answeredAt === null ? null : ts(answeredAt),
          ts(endedAt),
          endReason,
          seconds,
          minutes,
          minutes * 10,
          (minutes * 3.5).toFixed(4),
          answered ? "RESOLVED" : "ABANDONED",
          ts(endedAt),
          ts(endedAt),
        ];
      }
    }
    await copyRows(
      client,
      "Call",
      [
        "id",
        "tenantId",
        "agentId",
        "phoneNumberId",
        "direction",
        "fromNumber",
        "toNumber",
        "roomName",
        "status",
        "startedAt",
        "answeredAt",
        "endedAt",
        "endReason",
        "billableSeconds",
        "billableMinutes",
        "priceMinor",
        "platformCostMinor",
        "outcome",
        "createdAt",
        "updatedAt",
      ],
      callRows(),
    );
    step(`${o.calls} calls in the big tenant + ${o.otherCalls} in the others`);

    const bigTenantId = tenantIds[0] as string;
    function* segmentRows() {
      for (const cid of transcriptCallIds) {
        for (let s = 0; s < o.segmentsPerCall; s++) {
          const agent = s % 2 === 0;
          const lines = agent ? AGENT_LINES : CALLER_LINES;
          yield [
            bigTenantId,
            cid,
            s,
            agent ? "AGENT" : "CALLER",
            lines[s % lines.length] as string,
            s * 4000,
            s * 4000 + 3200,
            nowIso,
          ];
        }
      }
    }
    await copyRows(
      client,
      "TranscriptSegment",
      ["tenantId", "callId", "sequence", "speaker", "text", "startMs", "endMs", "createdAt"],
      segmentRows(),
    );
    step(
      `${transcriptCallIds.length * o.segmentsPerCall} transcript segments (${transcriptCallIds.length} calls × ${o.segmentsPerCall})`,
    );

    const usageId = idFactory("u");
    function* usageRows() {
      for (const u of usageCalls) {
        const d = new Date(u.answeredAt);
        const period = ts(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
        yield [
          usageId(),
          bigTenantId,
          u.id,
          ts(u.answeredAt),
          period,
          u.seconds,
          Math.ceil(u.seconds / 60),
          "SKIPPED",
          nowIso,
        ];
      }
    }
    await copyRows(
      client,
      "UsageRecord",
      ["id", "tenantId", "callId", "occurredAt", "periodStart", "seconds", "minutes", "reportState", "createdAt"],
      usageRows(),
    );
    step(`${usageCalls.length} usage records`);

    await restoreAfterLoad(client, saved);
    step("indexes and foreign keys rebuilt, analysed");
    return { bigTenantId, tenantIds, numbers, transcriptCallIds };
  } finally {
    await client.end();
  }
}

type Sizes = Omit<GenerateOptions, "log">;

export function parseGenerateArgs(argv: string[]): Partial<Sizes> {
  const names: Record<string, keyof Sizes> = {
    "--tenants": "tenants",
    "--numbers": "numbers",
    "--calls": "calls",
    "--other-calls": "otherCalls",
    "--segments": "segments",
    "--segments-per-call": "segmentsPerCall",
    "--usage": "usage",
    "--days": "days",
  };
  const out: Partial<Sizes> = {};
  for (let i = 0; i < argv.length; i++) {
    const key = names[argv[i] as string];
    if (!key) throw new Error(`unknown option ${argv[i]} (known: ${Object.keys(names).join(", ")})`);
    const value = Number(argv[++i]);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${argv[i - 1]} needs a non-negative integer`);
    out[key] = value;
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(
      "DATABASE_URL is not set: point it at a scratch database (the generator drops and rebuilds indexes while loading)",
    );
    process.exit(1);
  }
  let sizes: Partial<Sizes>;
  try {
    sizes = parseGenerateArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`[generate] ${(err as Error).message}`);
    process.exit(2);
  }
  const started = Date.now();
  const data = await generateBenchData(url, sizes);
  console.log(`[generate] done in ${((Date.now() - started) / 1000).toFixed(1)} s; big tenant ${data.bigTenantId}`);
}
