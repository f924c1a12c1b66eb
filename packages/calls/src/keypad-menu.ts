// An agent's keypad (DTMF) menu: what each key does when a caller presses it.
// One schema for the dashboard, the API and the worker (stored on Agent.keypadMenu).
// Also exported as "@articulate/calls/keypad-menu": zod only, safe in browser bundles.
import { z } from "zod";

export const KEYPAD_KEYS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#"] as const;
export type KeypadKey = (typeof KEYPAD_KEYS)[number];

export const KEYPAD_ACTIONS = ["transfer", "message", "repeat", "say"] as const;
export type KeypadAction = (typeof KEYPAD_ACTIONS)[number];

const option = z.discriminatedUnion("action", [
  z.object({ action: z.literal("transfer") }),
  z.object({ action: z.literal("message") }),
  z.object({ action: z.literal("repeat") }),
  z.object({
    action: z.literal("say"),
    text: z.string().trim().min(1, "say what? enter the line to speak").max(500),
  }),
]);
export type KeypadOption = z.infer<typeof option>;

export const keypadMenuSchema = z.object({
  enabled: z.boolean(),
  options: z.partialRecord(z.enum(KEYPAD_KEYS), option),
});
export type KeypadMenu = z.infer<typeof keypadMenuSchema>;

/** The menu a new keypad menu starts from: 0 → a person, 1 → leave a message, 9 → repeat. */
export const DEFAULT_KEYPAD_MENU: KeypadMenu = {
  enabled: true,
  options: { "0": { action: "transfer" }, "1": { action: "message" }, "9": { action: "repeat" } },
};

/** A stored menu, or null when absent, disabled or unreadable (a bad row never breaks a call). */
export function parseKeypadMenu(value: unknown): KeypadMenu | null {
  if (value === null || value === undefined) return null;
  const parsed = keypadMenuSchema.safeParse(value);
  return parsed.success && parsed.data.enabled ? parsed.data : null;
}

/** "press 0 to speak to a person, 1 to leave a message" for the agent's instructions. */
export function describeKeypadMenu(menu: KeypadMenu): string {
  const what: Record<KeypadAction, string> = {
    transfer: "speak to a person",
    message: "leave a message",
    repeat: "hear that again",
    say: "hear more information",
  };
  return KEYPAD_KEYS.filter((k) => menu.options[k])
    .map((k) => `${k} to ${what[menu.options[k]!.action]}`)
    .join(", ");
}

/** The agent editor's input name for one key's action or line ("*" and "#" are not safe in names). */
export function keypadFormField(key: KeypadKey, part: "action" | "text"): string {
  const safe = key === "*" ? "star" : key === "#" ? "hash" : key;
  return `keypad_${safe}_${part}`;
}
