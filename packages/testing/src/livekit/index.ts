// @articulate/testing/livekit: a protocol-faithful local LiveKit server for tests.

export type { EgressFakeControls, EgressWebhookDelivery } from "./egress";
export { RECORDING_FIXTURE, RECORDING_FIXTURE_DURATION_NS } from "./egress";
export type { LiveKitFake, SimulatedInboundCall, WebhookInput } from "./server";
export { startLiveKitFake } from "./server";
export { normalizeNumber } from "./sip-rules";
export type { FakePhoneNumber, FakeRoom, FakeSipCall, FakeTransfer, LiveKitFakeState, RecordedRequest } from "./state";
