// Tool: the agent asks the caller to type something on the keypad (a booking
// number, a PIN). The digits arrive later as the caller's next message.
import { llm } from "@livekit/agents";
import { z } from "zod";
import type { Keypad } from "../keypad";

export function collectKeypadEntryTool(keypad: Keypad) {
  return llm.tool({
    description:
      "Collect digits the caller types on their phone keypad (e.g. a booking or account number). Ask them first, e.g. 'enter your booking number, then press hash'. The digits arrive as the caller's next message.",
    parameters: z.object({
      maxDigits: z.number().int().min(1).max(32).optional().describe("Stop after this many digits (default 16)"),
      endKey: z.enum(["#", "*"]).optional().describe("Key that ends the entry (default #)"),
      timeoutSeconds: z
        .number()
        .int()
        .min(3)
        .max(30)
        .optional()
        .describe("Give up after this long without a key (default 8)"),
    }),
    execute: async ({ maxDigits, endKey, timeoutSeconds }) => {
      keypad.collectForAgent({
        maxDigits,
        endKey,
        timeoutMs: timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000,
      });
      return "Listening for the keypad. Wait for the caller's entry; do not guess it.";
    },
  });
}
