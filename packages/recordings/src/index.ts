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

export type {
  EgressEventOutcome,
  LiveKitCredentials,
  RecordingLog,
  StartRecordingResult,
} from "./egress";
export { applyEgressInfo, EGRESS_WEBHOOK_EVENTS, startCallRecording } from "./egress";
export type { PlaybackResult, RecordingActor } from "./manage";
export {
  deleteCallerData,
  deleteRecording,
  purgeExpiredRecordings,
  recordingPlayback,
  storageUsedByTenant,
  storageUsedPerTenant,
} from "./manage";
export { PLAYBACK_URL_TTL_SECONDS, RecordingStorage, recordingObjectKey } from "./storage";
