// The web app's one RecordingStorage (S3 client pair), or null when this server
// has no recording storage configured (recordings are then not offered).
import { RecordingStorage } from "@articulate/recordings";
import { recordingStorage } from "@/env";

let cached: { storage: RecordingStorage | null } | undefined;

export function recordingStorageClient(): RecordingStorage | null {
  if (!cached) {
    const config = recordingStorage();
    cached = { storage: config ? new RecordingStorage(config) : null };
  }
  return cached.storage;
}
