// Wiring for the calendar connections: Google's OAuth client the operator
// configured, our callback URL, the cookie that ties a consent round trip to
// the browser that started it, and Cal.com's API origin.
import {
  type CalcomConfig,
  calcomConfigFromEnv,
  type GoogleOAuthConfig,
  googleConfigFromEnv,
} from "@articulate/booking";
import { appUrl, env } from "@/env";

export const GOOGLE_NONCE_COOKIE = "articulate.google-connect";
export const GOOGLE_CALLBACK_PATH = "/api/integrations/google/callback";

export function googleCalendarConfig(): GoogleOAuthConfig | null {
  const e = env();
  return googleConfigFromEnv({
    GOOGLE_CALENDAR_CLIENT_ID: e.GOOGLE_CALENDAR_CLIENT_ID,
    GOOGLE_CALENDAR_CLIENT_SECRET: e.GOOGLE_CALENDAR_CLIENT_SECRET,
    AUTH_GOOGLE_ID: e.AUTH_GOOGLE_ID,
    AUTH_GOOGLE_SECRET: e.AUTH_GOOGLE_SECRET,
    GOOGLE_API_BASE_URL: e.GOOGLE_API_BASE_URL,
  });
}

export function calcomConfig(): CalcomConfig {
  return calcomConfigFromEnv({ CALCOM_API_BASE_URL: env().CALCOM_API_BASE_URL });
}

export const googleRedirectUri = () => `${appUrl()}${GOOGLE_CALLBACK_PATH}`;

/** Outcomes the callback sends back to the bookings page, in the owner's words. */
export const GOOGLE_OUTCOMES = {
  connected: "Google Calendar is connected. New bookings go into it, and its busy times are kept free.",
  denied: "Google Calendar wasn't connected: access wasn't allowed on Google's page.",
  failed: "Google Calendar couldn't be connected. Please try again.",
  expired: "Connecting took too long or was started in another browser. Please try again.",
  unavailable: "Google Calendar isn't available on this server.",
} as const;
export type GoogleOutcome = keyof typeof GOOGLE_OUTCOMES;
