// @articulate/recordings: call recordings end to end. LiveKit Egress writes the
// call's mixed audio to S3-compatible storage; this package starts it, follows
// it through LiveKit's egress webhooks, issues short-lived playback URLs, and
// deletes recordings (one, all of a caller's, or expired ones).

/**
 * Said in the opening line of every recorded call, right after the AI
 * disclosure: Australian law requires callers to know before anything is
 * recorded, so the agent editor shows it and cannot turn it off while recording is on.
 */
export const RECORDING_NOTICE = "This call may be recorded.";

export { applyEgressInfo, startCallRecording } from "./egress";

export {
  deleteCallerData,
  deleteRecording,
  purgeExpiredRecordings,
  recordingPlayback,
  storageUsedByTenant,
} from "./manage";
export { RecordingStorage, recordingObjectKey } from "./storage";
