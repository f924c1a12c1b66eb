// @articulate/testing/stripe: a protocol-faithful Stripe API fake for tests and benchmarks.

export type { FormObject, FormValue } from "./form";
export { parseStripeForm } from "./form";
export type { FakeMeterEvent, StripeFakeOptions, StripeFakeState } from "./server";
export { FAKE_API_VERSION, StripeApiError, StripeFake, startStripeFake } from "./server";
export { stripeSignatureHeader } from "./signing";
