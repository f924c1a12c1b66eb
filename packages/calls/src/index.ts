// @articulate/calls: the call lifecycle shared by the agent worker and the web
// app's LiveKit webhook: start, answer, finalize (exactly once, one usage
// record), the live transcript, messages taken and per-turn latency.
export { CallInputError, finalizeCall, markCallAnswered, startCall } from "./lifecycle";
export type { FinalizeCallInput, FinalizeCallResult, StartCallInput } from "./lifecycle";
export { TranscriptRecorder } from "./transcript-recorder";
export type { PendingSegment, SegmentBatchWriter, SegmentTarget, TranscriptRecorderOptions, TranscriptSegmentInput } from "./transcript-recorder";
export { messageFieldsSchema, saveMessage } from "./messages";
export type { SaveMessageInput } from "./messages";
export { LatencyCollector, recordLatency } from "./latency";
export type { LatencyMetric, LatencyStats, LatencySummary } from "./latency";
export { handleLiveKitWebhook } from "./livekit-webhook";
export type { LiveKitWebhookOptions, LiveKitWebhookResult } from "./livekit-webhook";
export { CALL_OUTCOMES, AnalysisRequestError, analysisConfigFromEnv, analyzeCall, analyzePendingCalls, type AnalysisConfig, type AnalyzeCallResult } from "./analysis/analyze-call";
export { describeSchedule, openState, parseSchedule, weeklyScheduleSchema } from "./business-hours";
export type { OpenState, WeeklySchedule } from "./business-hours";
