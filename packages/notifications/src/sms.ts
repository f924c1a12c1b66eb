// SMS through the platform's Twilio or Telnyx messaging API (their REST shapes:
// Twilio Programmable Messaging `POST /2010-04-01/Accounts/{AC}/Messages.json`,
// form-encoded, Basic auth; Telnyx `POST /v2/messages`, JSON, Bearer key).
// Australian sender rules: the sender is a number the account holds or a
// registered alphanumeric sender ID (≤ 11 characters); recipients are mobiles.

export type SmsConfig =
  | { provider: "twilio"; accountSid: string; authToken: string; from: string; apiBase?: string }
  | { provider: "telnyx"; apiKey: string; from: string; messagingProfileId?: string; apiBase?: string };

export interface SmsSender {
  provider: "twilio" | "telnyx";
  /** The sender: a number, a Messaging Service SID (MG…) or an alphanumeric ID. */
  from?: string;
  /** Sends one text; resolves with the provider's message id; throws with the provider's reason. */
  send(to: string, body: string): Promise<string>;
}

/** Texts are kept to 3 segments (459 GSM characters). */
export const SMS_MAX_CHARS = 459;

export class SmsError extends Error {
  constructor(
    message: string,
    /** Worth retrying (network, 429, 5xx) or not (a rejected number or sender). */
    readonly retryable: boolean,
    /** HTTP status from the provider (0 when it could not be reached). */
    readonly status = 0,
    /** The provider's error code (Twilio's numeric code, Telnyx's errors[0].code), as text. */
    readonly code = "",
  ) {
    super(message);
    this.name = "SmsError";
  }
}

/** Where each provider's REST API lives (an installation setting; tests point it at the local fakes). */
export interface SmsApiBases {
  twilio?: string;
  telnyx?: string;
}

export function createSmsSender(config: SmsConfig, fetchImpl: typeof fetch = fetch): SmsSender {
  const body = (text: string) => (text.length > SMS_MAX_CHARS ? `${text.slice(0, SMS_MAX_CHARS - 1)}…` : text);
  const fail = async (res: Response, provider: string): Promise<never> => {
    const detail = await res.text().catch(() => "");
    let code = "";
    try {
      const json = JSON.parse(detail) as { code?: unknown; errors?: { code?: unknown }[] };
      code = String(json.code ?? json.errors?.[0]?.code ?? "");
    } catch {
      // Not JSON (a proxy's error page): no provider code.
    }
    throw new SmsError(
      `${provider} refused the text (HTTP ${res.status}): ${detail.slice(0, 300)}`,
      res.status === 429 || res.status >= 500,
      res.status,
      code,
    );
  };
  const post = async (provider: string, url: string, init: RequestInit): Promise<Response> => {
    try {
      return await fetchImpl(url, { ...init, signal: AbortSignal.timeout(15_000) });
    } catch (err) {
      throw new SmsError(`${provider} could not be reached: ${err instanceof Error ? err.message : String(err)}`, true);
    }
  };
  if (config.provider === "twilio") {
    const base = (config.apiBase ?? "https://api.twilio.com").replace(/\/+$/, "");
    const auth = `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString("base64")}`;
    return {
      provider: "twilio",
      from: config.from,
      async send(to, text) {
        const form = new URLSearchParams({ To: to, Body: body(text) });
        // A Messaging Service SID (MG…) or a sender number / alphanumeric ID.
        if (config.from.startsWith("MG")) form.set("MessagingServiceSid", config.from);
        else form.set("From", config.from);
        const res = await post("Twilio", `${base}/2010-04-01/Accounts/${config.accountSid}/Messages.json`, {
          method: "POST",
          headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" },
          body: form,
        });
        if (!res.ok) return fail(res, "Twilio");
        return String(((await res.json()) as { sid?: string }).sid ?? "");
      },
    };
  }
  const base = (config.apiBase ?? "https://api.telnyx.com").replace(/\/+$/, "");
  return {
    provider: "telnyx",
    from: config.from,
    async send(to, text) {
      const res = await post("Telnyx", `${base}/v2/messages`, {
        method: "POST",
        headers: { authorization: `Bearer ${config.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({
          from: config.from,
          to,
          text: body(text),
          ...(config.messagingProfileId ? { messaging_profile_id: config.messagingProfileId } : {}),
        }),
      });
      if (!res.ok) return fail(res, "Telnyx");
      return String(((await res.json()) as { data?: { id?: string } }).data?.id ?? "");
    },
  };
}

/** The SMS settings from the parsed environment (`smsEnvShape`), or null when SMS is not configured. */
export function smsConfigFromEnv(e: {
  SMS_PROVIDER?: "twilio" | "telnyx";
  SMS_FROM?: string;
  TWILIO_ACCOUNT_SID?: string;
  TWILIO_AUTH_TOKEN?: string;
  TWILIO_API_BASE?: string;
  TELNYX_API_KEY?: string;
  TELNYX_API_BASE?: string;
  TELNYX_MESSAGING_PROFILE_ID?: string;
}): SmsConfig | null {
  if (!e.SMS_FROM) return null;
  if (e.SMS_PROVIDER === "twilio" && e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN) {
    return {
      provider: "twilio",
      accountSid: e.TWILIO_ACCOUNT_SID,
      authToken: e.TWILIO_AUTH_TOKEN,
      from: e.SMS_FROM,
      apiBase: e.TWILIO_API_BASE,
    };
  }
  if (e.SMS_PROVIDER === "telnyx" && e.TELNYX_API_KEY) {
    return {
      provider: "telnyx",
      apiKey: e.TELNYX_API_KEY,
      from: e.SMS_FROM,
      messagingProfileId: e.TELNYX_MESSAGING_PROFILE_ID,
      apiBase: e.TELNYX_API_BASE,
    };
  }
  return null;
}
