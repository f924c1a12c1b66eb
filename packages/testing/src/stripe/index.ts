// @articulate/testing/stripe: a protocol-faithful Stripe API fake for tests and benchmarks.
export { FAKE_API_VERSION, StripeApiError, StripeFake, startStripeFake } from "./server";
export type { FakeMeterEvent, StripeFakeOptions, StripeFakeState } from "./server";
export { parseStripeForm } from "./form";
export type { FormObject, FormValue } from "./form";
export { stripeSignatureHeader } from "./signing";
