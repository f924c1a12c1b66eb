// Retention purge, for cron until the job system schedules it:
//   pnpm --filter @articulate/recordings purge
// Deletes recordings past their agent's retention and marks them deleted.
// Safe to run repeatedly and from several machines at once.
import { parseEnv, recordingStorageConfig, s3EnvShape } from "@articulate/config";
import { disconnectDb } from "@articulate/db";
import { z } from "zod";
import { purgeExpiredRecordings } from "../manage";
import { RecordingStorage } from "../storage";

// A CLI entry point: parses its own environment through @articulate/config.
const { env } = parseEnv("recordings-purge", z.object(s3EnvShape), {}, process.env);
const config = recordingStorageConfig(env);
if (!config) {
  console.log("Call recordings disabled: set S3_BUCKET, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY");
  process.exit(0);
}
const storage = new RecordingStorage(config);
try {
  const result = await purgeExpiredRecordings({ storage });
  console.log(JSON.stringify({ msg: "recordings purged", ...result }));
  if (result.failed > 0) process.exitCode = 1;
} finally {
  storage.destroy();
  await disconnectDb();
}
