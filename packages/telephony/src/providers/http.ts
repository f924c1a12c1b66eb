// HTTP to carrier REST APIs: JSON responses, 10 s timeout, network failures as ProviderError.
import { ProviderError } from "../errors";

export interface CarrierResponse {
  status: number;
  json: unknown;
}

export async function carrierFetch(provider: string, url: string, init: RequestInit): Promise<CarrierResponse> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  } catch (e) {
    throw new ProviderError(
      provider,
      undefined,
      `could not reach ${provider} (${(e as Error).message}); try again shortly`,
    );
  }
  const text = await res.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = { raw: text };
    }
  }
  return { status: res.status, json };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** HTTP header names are case-insensitive; frameworks differ in how they pass them. */
export function lowerCaseKeys(headers: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
