import type { NumberProvider } from "@articulate/db";
import { requireLiveKit, requireTelnyx, requireTwilio, resolveConfig, type TelephonyDeps } from "../config";
import { byoProvider } from "./byo";
import { liveKitNumbersProvider } from "./livekit-numbers";
import { telnyxProvider } from "./telnyx";
import { twilioProvider } from "./twilio";
import type { NumberProviderClient } from "./types";

/** The provider client for `provider`, configured from deps or env (throws TelephonyNotConfiguredError). */
export function numberProvider(provider: NumberProvider, deps: TelephonyDeps = {}): NumberProviderClient {
  const config = resolveConfig(deps);
  switch (provider) {
    case "TELNYX":
      return telnyxProvider(requireTelnyx(config));
    case "TWILIO":
      return twilioProvider(requireTwilio(config));
    case "LIVEKIT":
      return liveKitNumbersProvider(requireLiveKit(config));
    case "BYO":
      return byoProvider;
  }
}
