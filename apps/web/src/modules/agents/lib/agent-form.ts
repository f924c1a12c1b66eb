// The agent editor's form → agent settings. Only the form's own concerns live
// here (checkboxes, the hours grid, minutes shown for seconds stored); every
// rule about what a valid agent is belongs to ./agents (agentSettingsSchema),
// which the public API uses too. Errors come back under the form's field names.
import type { WeeklySchedule } from "@articulate/calls";
import { KEYPAD_KEYS, type KeypadMenu, keypadFormField } from "@articulate/calls/keypad-menu";
import { type FieldErrors, InputError } from "@articulate/core";
import { z } from "zod";
import type { AgentSettingsInput } from "./agents";
import { WEEKDAY_LABELS } from "./templates";

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());
const text = z.string().optional().default("");

const hoursShape: Record<string, z.ZodType> = {};
for (const d of WEEKDAY_LABELS) {
  hoursShape[`${d.key}_open`] = checkbox;
  hoursShape[`${d.key}_from`] = z.string().optional();
  hoursShape[`${d.key}_to`] = z.string().optional();
}

const keypadShape: Record<string, z.ZodType> = {};
for (const k of KEYPAD_KEYS) {
  keypadShape[keypadFormField(k, "action")] = z
    .enum(["", "transfer", "message", "repeat", "say"], { message: "Choose what the key does" })
    .optional();
  keypadShape[keypadFormField(k, "text")] = z.string().trim().max(500, "Keep the line under 500 characters").optional();
}

export const agentFormSchema = z
  .object({
    agentId: z.string().min(1),
    name: text,
    greeting: text,
    instructions: text,
    language: text,
    voice: text,
    sttModel: text,
    llmModel: text,
    ttsModel: text,
    timezone: text,
    holidayRegion: text,
    alwaysOpen: checkbox,
    afterHoursBehaviour: text,
    afterHoursMessage: text,
    transferNumber: text,
    maxCallMinutes: z.coerce.number({ message: "Enter a number of minutes" }),
    aiDisclosure: checkbox,
    recordingEnabled: checkbox,
    keypadEnabled: checkbox,
    ...hoursShape,
    ...keypadShape,
  })
  .transform((v, ctx) => {
    const raw = v as Record<string, unknown>;
    let businessHours: WeeklySchedule | null = null;
    if (!v.alwaysOpen) {
      businessHours = {};
      for (const d of WEEKDAY_LABELS) {
        if (!raw[`${d.key}_open`]) continue;
        const from = String(raw[`${d.key}_from`] ?? "");
        const to = String(raw[`${d.key}_to`] ?? "");
        // The grid can only build a schedule from HH:MM; whether it makes sense is the agent rule's call.
        if (!TIME.test(from))
          ctx.addIssue({ code: "custom", path: [`${d.key}_from`], message: `${d.label}: opening time must be HH:MM` });
        else if (!TIME.test(to))
          ctx.addIssue({ code: "custom", path: [`${d.key}_to`], message: `${d.label}: closing time must be HH:MM` });
        else businessHours[d.key] = [{ open: from, close: to }];
      }
    }
    // Keypad menu: kept when switched off, so ticking it again restores the keys.
    const options: KeypadMenu["options"] = {};
    for (const k of KEYPAD_KEYS) {
      const action = raw[keypadFormField(k, "action")];
      const line = String(raw[keypadFormField(k, "text")] ?? "").trim();
      if (action === "say") {
        if (line) options[k] = { action: "say", text: line };
        else
          ctx.addIssue({
            code: "custom",
            path: [keypadFormField(k, "text")],
            message: `Key ${k}: write the line the agent says`,
          });
      } else if (action === "transfer" || action === "message" || action === "repeat") {
        options[k] = { action };
      }
    }
    const keypadMenu: KeypadMenu | null =
      v.keypadEnabled || Object.keys(options).length ? { enabled: v.keypadEnabled, options } : null;
    const settings = {
      name: v.name,
      greeting: v.greeting,
      instructions: v.instructions,
      language: v.language as AgentSettingsInput["language"],
      voice: v.voice,
      sttModel: v.sttModel,
      llmModel: v.llmModel,
      ttsModel: v.ttsModel,
      timezone: v.timezone,
      holidayRegion: v.holidayRegion === "" ? null : v.holidayRegion,
      businessHours,
      afterHoursBehaviour: v.afterHoursBehaviour as AgentSettingsInput["afterHoursBehaviour"],
      afterHoursMessage: v.afterHoursMessage || null,
      transferNumber: v.transferNumber.trim() === "" ? null : v.transferNumber,
      maxCallSeconds: Number.isFinite(v.maxCallMinutes) ? Math.round(v.maxCallMinutes * 60) : Number.NaN,
      aiDisclosure: v.aiDisclosure,
      recordingEnabled: v.recordingEnabled,
      keypadMenu,
    } satisfies Partial<AgentSettingsInput>;
    return { agentId: v.agentId, settings };
  });

const DAY_LABEL = Object.fromEntries(WEEKDAY_LABELS.map((d) => [d.key, d.label]));

/** An agent-rule field ("maxCallSeconds", "businessHours.mon.0.close") as the editor's input name. */
export function formFieldFor(field: string): string {
  if (field === "maxCallSeconds") return "maxCallMinutes";
  const hours = /^businessHours\.(\w{3})\.\d+\.(open|close)$/.exec(field);
  if (hours) return `${hours[1]}_${hours[2] === "open" ? "from" : "to"}`;
  return field;
}

/** The rule's errors under the editor's field names (with the day named for hours). */
export function inFormTerms(err: InputError): InputError {
  const fields: FieldErrors = {};
  for (const [field, messages] of Object.entries(err.fieldErrors)) {
    const day = /^businessHours\.(\w{3})\./.exec(field)?.[1];
    const prefix = day && DAY_LABEL[day] ? `${DAY_LABEL[day]}: ` : "";
    fields[formFieldFor(field)] = messages.map((m) =>
      field === "maxCallSeconds" ? m.replace("seconds", "minutes") : `${prefix}${m}`,
    );
  }
  const [first, messages] = Object.entries(fields)[0] ?? [err.field, [err.message]];
  return new InputError(first, messages[0] ?? err.message, fields);
}
