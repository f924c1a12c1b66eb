// pnpm simulate-call --tenant harbour-dental [--number +61…] [--script greeting|message|transfer|after-hours|knowledge|book|reschedule|cancel] [--llm fake|openai] [--at <ISO time>]
// Runs a scripted caller through the real receptionist and persistence, then
// prints the call id and a summary. Uses DATABASE_URL, else the database `pnpm dev` runs.
import { parseArgs } from "node:util";
import { disconnectDb } from "@articulate/db";
import { devDatabaseUrl } from "@articulate/db/embedded";
import { z } from "zod";
import { SIMULATION_SCRIPTS, simulateCall } from "../simulate-call";

const argsSchema = z.object({
  tenant: z.string().min(1, "required (a tenant slug, e.g. harbour-dental)"),
  number: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, "must be E.164, e.g. +61255501234")
    .optional(),
  script: z.enum(SIMULATION_SCRIPTS).default("message"),
  llm: z.enum(["fake", "openai"]).optional(),
  at: z.iso.datetime({ offset: true }).optional(),
  "transfer-refused": z.boolean().optional(),
});

async function main() {
  const { values } = parseArgs({
    options: {
      tenant: { type: "string", default: "harbour-dental" },
      number: { type: "string" },
      script: { type: "string" },
      llm: { type: "string" },
      at: { type: "string" },
      "transfer-refused": { type: "boolean" },
    },
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    console.error(`--${String(issue?.path[0])}: ${issue?.message}`);
    process.exit(2);
  }
  // A CLI entry point: it may point the process at the `pnpm dev` database before anything reads it.
  if (!process.env.DATABASE_URL) {
    // The embedded PostgreSQL that `pnpm dev` runs (tools/dev.ts, packages/db/src/embedded.ts).
    process.env.DATABASE_URL = devDatabaseUrl();
    console.log("using the `pnpm dev` database (set DATABASE_URL to use another)");
  }
  const a = parsed.data;
  const llm = a.llm ?? (process.env.OPENAI_API_KEY ? "openai" : "fake");
  const r = await simulateCall({
    tenant: a.tenant,
    number: a.number,
    script: a.script,
    llm,
    at: a.at ? new Date(a.at) : undefined,
    transferAccepted: !a["transfer-refused"],
  });
  console.log(`call ${r.callId}`);
  console.log(`  plan: ${r.plan}${r.situation ? ` (${r.situation})` : ""}, llm: ${llm}`);
  console.log(`  ended: ${r.endReason}; a test call: listed as "Test" in Calls, never billed`);
  console.log(`  messages: ${r.messageIds.length ? r.messageIds.join(", ") : "none"}`);
  console.log("  transcript:");
  for (const s of r.transcript) console.log(`    ${s.speaker.padEnd(6)} ${s.text}`);
}

main()
  .then(() => disconnectDb())
  .then(() => process.exit(0))
  .catch(async (err) => {
    const msg = err instanceof Error ? err.message : String(err);
    if (/Can't reach database server|ECONNREFUSED/.test(msg)) {
      console.error(
        `simulate-call failed: cannot reach the database at ${new URL(process.env.DATABASE_URL ?? "").host}: is \`pnpm dev\` running? (or set DATABASE_URL)`,
      );
    } else {
      console.error(`simulate-call failed: ${msg}`);
    }
    await disconnectDb().catch(() => undefined);
    process.exit(1);
  });
