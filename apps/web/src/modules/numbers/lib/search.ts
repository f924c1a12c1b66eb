// Number search from the URL (?provider=TELNYX&type=local&area=2): validated, then the provider is asked.
import type { NumberProvider } from "@articulate/db";
import { type AvailableNumber, numberProvider, TelephonyError, telephonyStatus } from "@articulate/telephony";
import { z } from "zod";

export const searchSchema = z.object({
  provider: z.enum(["TELNYX", "TWILIO", "LIVEKIT"]),
  country: z.enum(["AU", "US"]).default("AU"),
  type: z.enum(["local", "mobile", "toll_free"]).default("local"),
  area: z
    .string()
    .trim()
    .regex(/^\d{0,4}$/, "Area code is up to 4 digits")
    .optional(),
  locality: z.string().trim().max(60).optional(),
});

export type NumberSearchForm = z.infer<typeof searchSchema>;

export function configuredProviders(): { value: NumberProvider; label: string }[] {
  const s = telephonyStatus();
  const out: { value: NumberProvider; label: string }[] = [];
  if (s.telnyx) out.push({ value: "TELNYX", label: "Telnyx" });
  if (s.twilio) out.push({ value: "TWILIO", label: "Twilio" });
  if (s.livekit) out.push({ value: "LIVEKIT", label: "LiveKit (US numbers only)" });
  return out;
}

export async function searchAvailableNumbers(
  q: NumberSearchForm,
): Promise<{ ok: true; numbers: AvailableNumber[] } | { ok: false; message: string }> {
  if (q.provider === "LIVEKIT" && q.country !== "US")
    return { ok: false, message: "LiveKit sells US numbers only. Choose Telnyx or Twilio for Australian numbers." };
  try {
    const numbers = await numberProvider(q.provider).searchNumbers({
      country: q.country,
      type: q.type,
      areaCode: q.area || undefined,
      locality: q.locality || undefined,
      features: ["voice"],
      limit: 12,
    });
    return { ok: true, numbers };
  } catch (err) {
    if (err instanceof TelephonyError) return { ok: false, message: err.message };
    throw err;
  }
}
