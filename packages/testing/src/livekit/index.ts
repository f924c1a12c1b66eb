// @articulate/testing/livekit: a protocol-faithful local LiveKit server for tests.

export type { LiveKitFake, SimulatedInboundCall, WebhookInput } from "./server";
export { startLiveKitFake } from "./server";
export { normalizeNumber } from "./sip-rules";
export type { FakePhoneNumber, FakeRoom, FakeSipCall, FakeTransfer, LiveKitFakeState, RecordedRequest } from "./state";
