// Validation of the agent editor: every field, with messages a business owner can act on.

import { parsePhoneNumberFromString } from "libphonenumber-js";
import { z } from "zod";
import { HOLIDAY_REGIONS, isValidTimezone } from "@/lib/timezones";
import { WEEKDAYS, type WeeklyHours } from "./templates";

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Accepts local AU formats ("02 5550 1234") or E.164; returns E.164 or an error. */
export function toE164(raw: string, defaultCountry: "AU" | "NZ" | "US" | "GB" = "AU"): string | null {
  const p = parsePhoneNumberFromString(raw.trim(), defaultCountry);
  return p?.isValid() ? p.number : null;
}

const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

const hoursShape: Record<string, z.ZodType> = {};
for (const d of WEEKDAYS) {
  hoursShape[`${d.key}_open`] = checkbox;
  hoursShape[`${d.key}_from`] = z.string().optional();
  hoursShape[`${d.key}_to`] = z.string().optional();
}

export const agentFormSchema = z
  .object({
    agentId: z.string().min(1),
    name: z.string().trim().min(2, "Give the agent a name (2+ characters)").max(60, "Use at most 60 characters"),
    greeting: z
      .string()
      .trim()
      .min(5, "Write the first sentence callers hear")
      .max(500, "Keep the greeting under 500 characters"),
    instructions: z
      .string()
      .trim()
      .min(20, "Describe what the agent should do (20+ characters)")
      .max(8000, "Keep instructions under 8,000 characters"),
    language: z.enum(["en-AU", "en-US", "en-GB", "en-NZ"], { message: "Choose a language" }),
    voice: z.string().trim().min(1, "Choose a voice").max(60),
    sttModel: z.string().trim().min(3, "Enter a speech-to-text model, e.g. deepgram/nova-3").max(80),
    llmModel: z.string().trim().min(3, "Enter a language model, e.g. openai/gpt-4.1-mini").max(80),
    ttsModel: z.string().trim().min(3, "Enter a text-to-speech model, e.g. cartesia/sonic-3").max(80),
    timezone: z.string().refine(isValidTimezone, "Choose a valid timezone"),
    holidayRegion: z.enum(HOLIDAY_REGIONS.map((r) => r.value) as [string, ...string[]], {
      message: "Choose a holiday region",
    }),
    alwaysOpen: checkbox,
    afterHoursBehaviour: z.enum(["TAKE_MESSAGE", "ANNOUNCE_HOURS", "TRANSFER"], {
      message: "Choose what happens after hours",
    }),
    afterHoursMessage: z.string().trim().max(500, "Keep it under 500 characters").optional(),
    transferNumber: z.string().trim().max(30).optional(),
    maxCallMinutes: z.coerce
      .number({ message: "Enter a number of minutes" })
      .int("Use whole minutes")
      .min(1, "At least 1 minute")
      .max(60, "At most 60 minutes"),
    aiDisclosure: checkbox,
    recordingEnabled: checkbox,
    recordingRetentionDays: z.coerce
      .number({ message: "Enter a number of days" })
      .int("Use whole days")
      .min(1, "Keep recordings for at least 1 day")
      .max(365, "Recordings can be kept for at most 365 days")
      .default(30),
    ...hoursShape,
  })
  .transform((v, ctx) => {
    const raw = v as Record<string, unknown>;
    let businessHours: WeeklyHours | null = null;
    if (!v.alwaysOpen) {
      businessHours = {};
      for (const d of WEEKDAYS) {
        if (!raw[`${d.key}_open`]) continue;
        const from = String(raw[`${d.key}_from`] ?? "");
        const to = String(raw[`${d.key}_to`] ?? "");
        if (!TIME.test(from))
          ctx.addIssue({ code: "custom", path: [`${d.key}_from`], message: `${d.label}: opening time must be HH:MM` });
        else if (!TIME.test(to))
          ctx.addIssue({ code: "custom", path: [`${d.key}_to`], message: `${d.label}: closing time must be HH:MM` });
        else if (to <= from)
          ctx.addIssue({
            code: "custom",
            path: [`${d.key}_to`],
            message: `${d.label}: closing time must be after opening time`,
          });
        else businessHours[d.key] = [{ open: from, close: to }];
      }
    }
    let transferNumber: string | null = null;
    if (v.transferNumber) {
      transferNumber = toE164(v.transferNumber);
      if (!transferNumber)
        ctx.addIssue({
          code: "custom",
          path: ["transferNumber"],
          message: "Enter a valid phone number, e.g. +61 2 5550 1234",
        });
    }
    if (v.afterHoursBehaviour === "TRANSFER" && !v.transferNumber) {
      ctx.addIssue({
        code: "custom",
        path: ["transferNumber"],
        message: "After-hours transfer needs a transfer number",
      });
    }
    return {
      agentId: v.agentId,
      data: {
        name: v.name,
        greeting: v.greeting,
        instructions: v.instructions,
        language: v.language,
        voice: v.voice,
        sttModel: v.sttModel,
        llmModel: v.llmModel,
        ttsModel: v.ttsModel,
        timezone: v.timezone,
        holidayRegion: v.holidayRegion === "" ? null : v.holidayRegion,
        businessHours,
        afterHoursBehaviour: v.afterHoursBehaviour,
        afterHoursMessage: v.afterHoursMessage || null,
        transferNumber,
        maxCallSeconds: v.maxCallMinutes * 60,
        aiDisclosure: v.aiDisclosure,
        recordingEnabled: v.recordingEnabled,
        recordingRetentionDays: v.recordingRetentionDays,
      },
    };
  });
