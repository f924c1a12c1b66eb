// What the pattern LLM answers in the harness scenarios: the receptionist's
// side of the conversation, with its tool calls. Ordered: first match wins.
import { MESSAGE_SAVED } from "../../src/receptionist";
import type { LlmRule } from "./stand-ins";

export const RECEPTIONIST_RULES: readonly LlmRule[] = [
  {
    when: /message/i,
    reply: "",
    tool: {
      name: "take_message",
      args: (text) => ({
        callerName: /my name is ([a-z]+ [a-z]+)/i.exec(text)?.[1] ?? "unknown",
        callbackNumber: (/number is ([\d ]+)/i.exec(text)?.[1] ?? "").replace(/\s+/g, "").trim(),
        reason: /(?:it's|it is) about (.+?)[.]?$/i.exec(text)?.[1] ?? "no reason given",
      }),
    },
  },
  {
    when: /speak to (someone|a person)|real person|put me through/i,
    tool: { name: "transfer_call", args: () => ({ reason: "caller asked for a person" }) },
  },
  { when: /that's all|goodbye|bye/i, tool: { name: "end_call", args: () => ({ reason: "caller finished" }) } },
  { when: /open|hours/i, reply: "We're open from nine to five, Monday to Friday." },
  { when: /park/i, reply: "There is free parking right behind the building." },
  {
    when: /tell me about/i,
    // Long on purpose: the caller talks over it (barge-in), even when a loaded machine reacts late.
    reply:
      "A check-up and clean takes about forty five minutes. The dentist looks at your teeth and gums and takes x-rays if you are due for them, then the hygienist cleans and polishes. We can usually see you within a week. Is there a day that suits you best?",
  },
  {
    when: /book|appointment|cancel|filling|patients|glasses|cost|dentist|cleaning|check-up/i,
    reply: "Sure, I can have the team call you back about that. What's your name and best number?",
  },
];

export const AFTER_TOOL: Record<string, string> = {
  take_message: "Thanks, I've passed your message on. Is there anything else?",
};

/** The tool output the model sees after take_message (the receptionist's own constant). */
export const TAKE_MESSAGE_OUTPUT = MESSAGE_SAVED;
