// Tool (outbound calls): the agent presses keys on the other party's phone
// menu ("press 2 for bookings"). "w" pauses half a second.
import { llm } from "@livekit/agents";
import { z } from "zod";
import type { Keypad } from "../keypad";

export function sendKeypadTonesTool(keypad: Keypad) {
  return llm.tool({
    description:
      "Press keys on the phone line (to navigate an automated phone menu). Digits 0-9, * and #; 'w' waits half a second.",
    parameters: z.object({
      digits: z
        .string()
        .regex(/^[0-9*#wW]{1,32}$/, "digits 0-9, *, # and w only")
        .describe("Keys to press, in order, e.g. '2' or '1w3#'"),
    }),
    execute: async ({ digits }) => {
      try {
        const sent = await keypad.send(digits);
        return `Pressed ${sent}. Listen for what the menu says next.`;
      } catch (err) {
        throw new llm.ToolError(`Could not press keys: ${err instanceof Error ? err.message : "unknown error"}`);
      }
    },
  });
}
