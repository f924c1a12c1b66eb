// @articulate/recordings: call recordings end to end. LiveKit Egress writes the
// call's mixed audio to S3-compatible storage; this package starts it, follows
// it through LiveKit's egress webhooks, issues short-lived playback URLs, and
// deletes recordings (one, all of a caller's, or expired ones).

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
