import { databaseTestConfig } from "@articulate/db/vitest-config";

// The call-session tests hold conversations of a second or two; they check that an answered
// call is billed, so the short-call rule (tested in packages/billing and packages/calls) is off here.
export default databaseTestConfig({ env: { BILLING_SHORT_CALL_SECONDS: "0" } });
