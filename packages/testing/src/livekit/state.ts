// The fake LiveKit server's inspectable store.
import type {
  AgentDispatch,
  ParticipantInfo,
  Room,
  SIPDispatchRuleInfo,
  SIPInboundTrunkInfo,
  SIPOutboundTrunkInfo,
} from "livekit-server-sdk";

export interface FakeRoom {
  room: Room;
  participants: Map<string, ParticipantInfo>;
}

export interface FakeSipCall {
  sipCallId: string;
  direction: "inbound" | "outbound";
  trunkId: string;
  roomName: string;
  participantIdentity: string;
  /** Outbound: the number dialled. Inbound: the caller. */
  remoteNumber: string;
  /** Outbound: the From number. Inbound: the dialled DID. */
  trunkNumber: string;
  ruleId?: string;
  waitUntilAnswered?: boolean;
  request?: Record<string, unknown>;
  status: "active" | "transferred" | "failed";
}

export interface FakeTransfer {
  roomName: string;
  participantIdentity: string;
  transferTo: string;
  sipCallId: string;
  playDialtone: boolean;
}

export interface FakePhoneNumber {
  id: string;
  e164: string;
  countryCode: string;
  areaCode: string;
  numberType: "PHONE_NUMBER_TYPE_LOCAL" | "PHONE_NUMBER_TYPE_TOLL_FREE" | "PHONE_NUMBER_TYPE_MOBILE";
  locality: string;
  region: string;
  status: "PHONE_NUMBER_STATUS_ACTIVE" | "PHONE_NUMBER_STATUS_PENDING" | "PHONE_NUMBER_STATUS_RELEASED";
  sipDispatchRuleId: string;
  owned: boolean;
}

export interface RecordedRequest {
  service: string;
  method: string;
  /** Decoded JWT claims (video, sip grants, iss, sub…). */
  claims: Record<string, unknown>;
  body: Record<string, unknown>;
}

export interface LiveKitFakeState {
  inboundTrunks: Map<string, SIPInboundTrunkInfo>;
  outboundTrunks: Map<string, SIPOutboundTrunkInfo>;
  dispatchRules: Map<string, SIPDispatchRuleInfo>;
  rooms: Map<string, FakeRoom>;
  /** Agent dispatches keyed by id (room name is on each). */
  dispatches: Map<string, AgentDispatch>;
  sipCalls: FakeSipCall[];
  transfers: FakeTransfer[];
  phoneNumbers: Map<string, FakePhoneNumber>;
  /** Every authenticated request, in order (for asserting grants and bodies). */
  requests: RecordedRequest[];
}

export function emptyState(): LiveKitFakeState {
  return {
    inboundTrunks: new Map(),
    outboundTrunks: new Map(),
    dispatchRules: new Map(),
    rooms: new Map(),
    dispatches: new Map(),
    sipCalls: [],
    transfers: [],
    phoneNumbers: new Map(),
    requests: [],
  };
}
