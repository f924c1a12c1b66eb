// @articulate/calls: the call lifecycle shared by the agent worker and the web
// app's LiveKit webhook: start, answer, finalize (exactly once, one usage
// record), the live transcript, messages taken and per-turn latency.

export type { AdmissionRefusalCode } from "./admission";
export { admitCall, CallRefusedError, decideAdmission } from "./admission";
export { type AnalysisConfig, analysisConfigFromEnv, analyzeCall, analyzePendingCalls } from "./analysis/analyze-call";

export {
  addBlockRule,
  BlockListInputError,
  findBlockRule,
  listBlockRules,
  matchBlockRule,
  normalizeCallerId,
  refuseBlockedCall,
  removeBlockRule,
} from "./block-list";
export type { Weekday, WeeklySchedule } from "./business-hours";
export {
  describeSchedule,
  openState,
  parseSchedule,
  publicHolidayOn,
  WEEKDAYS,
  weeklyScheduleSchema,
} from "./business-hours";
export type { KeypadMenu } from "./keypad-menu";
export { DEFAULT_KEYPAD_MENU, KEYPAD_KEYS, keypadMenuSchema, parseKeypadMenu } from "./keypad-menu";
export type { LatencySummary } from "./latency";
export { LatencyCollector, parseLatencySummary, percentile, recordLatency } from "./latency";
export type { FinalizeCallResult } from "./lifecycle";
export {
  CallInputError,
  completeTranscript,
  finalizeCall,
  markCallAnswered,
  markDisclosureFinished,
  recordAudioBandwidth,
  startCall,
} from "./lifecycle";

export { handleLiveKitWebhook } from "./livekit-webhook";
export type { MessageUpdate } from "./messages";
export {
  MessageNotFoundError,
  markMessageSeen,
  markMessagesDone,
  messageUpdateSchema,
  saveMessage,
  updateMessage,
} from "./messages";
export type { ChatMessage, ChatTool, ModelProviderConfig } from "./model-provider";
export { chatCompletion, ModelRequestError, openAiChatModel, toolParametersSchema } from "./model-provider";
export type { OutboundCallRequest } from "./outbound";
export {
  OUTBOUND_REFUSAL_HTTP,
  OutboundPlacementError,
  outboundRefusalHttp,
  placeTenantOutboundCall,
} from "./outbound";
export type { CallConfig, CallPlan, ReceptionistActions, ReceptionistTool, TakeMessageArgs } from "./receptionist";
export {
  AI_DISCLOSURE,
  admissionFor,
  agentEndReason,
  CallConfigError,
  decideCallHandling,
  GOODBYE,
  LOOKUP_INSTRUCTIONS,
  loadAgentCallConfig,
  MESSAGE_SAVED,
  RECORDING_NOTICE,
  ReceptionistToolError,
  receptionistInstructions,
  receptionistToolDefinitions,
  TRANSFER_HANDOFF,
  TRANSFER_REFUSED,
} from "./receptionist";

export { purgeExpiredTranscripts } from "./retention";
export { endIdleTextChats, isTextChatRoom, textChatRoomName } from "./text-chat";
export type { SegmentBatchWriter, TranscriptSegmentInput } from "./transcript-recorder";
export { TranscriptRecorder } from "./transcript-recorder";
