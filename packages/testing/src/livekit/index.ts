// @articulate/testing/livekit: a protocol-faithful local LiveKit server for tests.
export { startLiveKitFake } from "./server";
export type { LiveKitFake, SimulatedInboundCall, WebhookInput } from "./server";
export type { FakePhoneNumber, FakeRoom, FakeSipCall, FakeTransfer, LiveKitFakeState, RecordedRequest } from "./state";
export { normalizeNumber } from "./sip-rules";
