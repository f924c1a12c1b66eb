// The platform's own cost of a call, from configured rates (PlatformRate rows
// override the defaults below). AUD cents per minute as Decimal: carrier and
// model prices are fractions of a cent.
import type { NumberProvider } from "@articulate/db";
import { Prisma } from "@articulate/db";

export type RateKind = "telephony" | "model";

export interface RateKey {
  kind: RateKind;
  /** NumberProvider or "*" */
  provider: string;
  /** INBOUND | OUTBOUND | "*" */
  direction: string;
}

/**
 * Defaults (AUD cents per minute). Telephony is charged by carriers per started
 * minute, so it applies to billable (rounded-up) minutes; model cost (STT + LLM +
 * TTS) accrues per second, so it applies to exact seconds / 60. BYO numbers: the
 * tenant pays its own carrier, we only pay LiveKit SIP transport.
 */
export const DEFAULT_PLATFORM_RATES: ReadonlyArray<RateKey & { minorPerMinute: string }> = [
  { kind: "telephony", provider: "TELNYX", direction: "INBOUND", minorPerMinute: "1.2000" },
  { kind: "telephony", provider: "TELNYX", direction: "OUTBOUND", minorPerMinute: "2.5000" },
  { kind: "telephony", provider: "TWILIO", direction: "INBOUND", minorPerMinute: "1.6000" },
  { kind: "telephony", provider: "TWILIO", direction: "OUTBOUND", minorPerMinute: "3.2000" },
  { kind: "telephony", provider: "LIVEKIT", direction: "INBOUND", minorPerMinute: "1.5000" },
  { kind: "telephony", provider: "LIVEKIT", direction: "OUTBOUND", minorPerMinute: "2.8000" },
  { kind: "telephony", provider: "BYO", direction: "*", minorPerMinute: "0.4000" },
  { kind: "telephony", provider: "*", direction: "*", minorPerMinute: "2.0000" },
  { kind: "model", provider: "*", direction: "*", minorPerMinute: "5.5000" },
];

export interface RateTable {
  rate(kind: RateKind, provider: string, direction: string): Prisma.Decimal;
}

interface RateRow {
  kind: string;
  provider: string;
  direction: string;
  minorPerMinute: Prisma.Decimal | string;
}

export function buildRateTable(overrides: RateRow[]): RateTable {
  const map = new Map<string, Prisma.Decimal>();
  for (const r of DEFAULT_PLATFORM_RATES)
    map.set(`${r.kind}|${r.provider}|${r.direction}`, new Prisma.Decimal(r.minorPerMinute));
  for (const r of overrides) map.set(`${r.kind}|${r.provider}|${r.direction}`, new Prisma.Decimal(r.minorPerMinute));
  return {
    rate(kind, provider, direction) {
      // Most specific first: provider+direction, provider, direction, catch-all.
      for (const key of [
        `${kind}|${provider}|${direction}`,
        `${kind}|${provider}|*`,
        `${kind}|*|${direction}`,
        `${kind}|*|*`,
      ]) {
        const v = map.get(key);
        if (v) return v;
      }
      return new Prisma.Decimal(0);
    },
  };
}

type RateReader = { platformRate: { findMany(): Promise<RateRow[]> } };

export async function loadRateTable(client: RateReader): Promise<RateTable> {
  return buildRateTable(await client.platformRate.findMany());
}

/** Per-call platform cost in cents (4 decimal places). Number rental is a period cost, not per call. */
export function callPlatformCost(
  rates: RateTable,
  call: { provider: NumberProvider | null | undefined; direction: string; seconds: number; minutes: number },
): Prisma.Decimal {
  const provider = call.provider ?? "*";
  const telephony = rates.rate("telephony", provider, call.direction).mul(call.minutes);
  const model = rates.rate("model", provider, call.direction).mul(call.seconds).div(60);
  return telephony.add(model).toDecimalPlaces(4, Prisma.Decimal.ROUND_HALF_UP);
}
