// @articulate/calls: the call lifecycle shared by the agent worker and the web
// app's LiveKit webhook: start, answer, finalize (exactly once, one usage
// record), the live transcript, messages taken and per-turn latency.

export type {
  AdmissionAgent,
  AdmissionDecision,
  AdmissionFacts,
  AdmissionRefusal,
  AdmissionRefusalCode,
  AdmissionTenant,
  ClosedState,
} from "./admission";
export { admitCall, CallRefusedError, decideAdmission, hoursState, refusalMessage } from "./admission";
export {
  type AnalysisConfig,
  type AnalyzeCallResult,
  analysisConfigFromEnv,
  analyzeCall,
  analyzePendingCalls,
  CALL_OUTCOMES,
} from "./analysis/analyze-call";
export type { BlockRule, BlockRuleInput } from "./block-list";
export {
  addBlockRule,
  BlockListInputError,
  blockRuleInputSchema,
  findBlockRule,
  listBlockRules,
  matchBlockRule,
  normalizeBlockRule,
  normalizeCallerId,
  refuseBlockedCall,
  removeBlockRule,
} from "./block-list";
export type { OpenState, Weekday, WeeklySchedule } from "./business-hours";
export {
  describeSchedule,
  openState,
  parseSchedule,
  publicHolidayOn,
  WEEKDAYS,
  weeklyScheduleSchema,
} from "./business-hours";
export type { KeypadAction, KeypadKey, KeypadMenu, KeypadOption } from "./keypad-menu";
export {
  DEFAULT_KEYPAD_MENU,
  describeKeypadMenu,
  KEYPAD_ACTIONS,
  KEYPAD_KEYS,
  keypadMenuSchema,
  parseKeypadMenu,
} from "./keypad-menu";
export type { LatencyStage, LatencyStats, LatencySummary, TurnLatency } from "./latency";
export {
  LATENCY_STAGES,
  LatencyCollector,
  latencyStats,
  latencySummarySchema,
  parseLatencySummary,
  percentile,
  recordLatency,
} from "./latency";
export type { FinalizeCallInput, FinalizeCallResult, StartCallInput } from "./lifecycle";
export {
  CallInputError,
  completeTranscript,
  finalizeCall,
  markCallAnswered,
  markDisclosureFinished,
  recordAudioBandwidth,
  startCall,
} from "./lifecycle";
export type { LiveKitWebhookOptions, LiveKitWebhookResult } from "./livekit-webhook";
export { handleLiveKitWebhook } from "./livekit-webhook";
export type { MessageActor, MessageUpdate, SaveMessageInput } from "./messages";
export {
  MessageNotFoundError,
  markMessageSeen,
  markMessagesDone,
  messageFieldsSchema,
  messageUpdateSchema,
  saveMessage,
  updateMessage,
} from "./messages";
export type {
  ChatCompletionMessage,
  ChatCompletionRequest,
  ChatMessage,
  ChatTool,
  ModelProviderConfig,
  ToolCall,
} from "./model-provider";
export {
  chatCompletion,
  DEFAULT_OPENAI_CHAT_MODEL,
  ModelRequestError,
  openAiChatModel,
  toolParametersSchema,
} from "./model-provider";
export type {
  OutboundActor,
  OutboundCallRequest,
  OutboundRefusalCode,
  OutboundRefusalHttp,
  PlacementFailureCode,
} from "./outbound";
export {
  OUTBOUND_REFUSAL_HTTP,
  OutboundPlacementError,
  outboundRefusalHttp,
  placeTenantOutboundCall,
} from "./outbound";
export type {
  AnswerSituation,
  CallConfig,
  CallPlan,
  ReceptionistActions,
  ReceptionistTool,
  ReceptionistToolDefinition,
  TakeMessageArgs,
} from "./receptionist";
export {
  AI_DISCLOSURE,
  admissionFor,
  agentEndReason,
  CallConfigError,
  conversationGreetingFor,
  decideCallHandling,
  GOODBYE,
  greetingFor,
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
export type { RetentionPurgeResult } from "./retention";
export { purgeExpiredTranscripts } from "./retention";
export {
  endIdleTextChats,
  isTextChatRoom,
  TEXT_CHAT_IDLE_MINUTES,
  TEXT_CHAT_ROOM_PREFIX,
  textChatRoomName,
} from "./text-chat";
export type {
  PendingSegment,
  SegmentBatchWriter,
  SegmentTarget,
  TranscriptRecorderOptions,
  TranscriptSegmentInput,
} from "./transcript-recorder";
export { TranscriptRecorder } from "./transcript-recorder";
