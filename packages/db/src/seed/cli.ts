// `pnpm db:seed` (or with --if-empty from `pnpm dev`): loads the demo data.
import { disconnectDb, platformDb } from "../index";
import { seedDemo } from "./index";

const ifEmpty = process.argv.includes("--if-empty");
if (ifEmpty && (await platformDb().tenant.count()) > 0) {
  console.log("[seed] database already has data; skipping (run pnpm db:seed to add the demo tenant again)");
} else {
  const result = await seedDemo();
  console.log(result.summary);
}
await disconnectDb();
