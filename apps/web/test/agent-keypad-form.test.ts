// The agent editor's keypad menu fields → the stored keypad menu (the schema the worker reads).
import { parseKeypadMenu } from "@articulate/calls";
import { describe, expect, it } from "vitest";
import { agentFormSchema } from "@/modules/agents/lib/agent-form";
import { agentSettingsFields } from "@/modules/agents/lib/agents";

const base = {
  agentId: "agent_1",
  name: "Ava",
  greeting: "Thanks for calling.",
  instructions: "Help callers with bookings and questions.",
  language: "en-AU",
  voice: "alloy",
  sttModel: "deepgram/nova-3",
  llmModel: "openai/gpt-4.1-mini",
  ttsModel: "cartesia/sonic-3",
  timezone: "Australia/Sydney",
  holidayRegion: "AU-NSW",
  alwaysOpen: "on",
  afterHoursBehaviour: "TAKE_MESSAGE",
  maxCallMinutes: "10",
  transferNumber: "02 9999 0000",
};

describe("agent editor keypad menu", () => {
  it("stores the chosen keys; the worker reads the same menu", () => {
    const r = agentFormSchema.safeParse({
      ...base,
      keypadEnabled: "on",
      keypad_0_action: "transfer",
      keypad_1_action: "message",
      keypad_9_action: "repeat",
      keypad_5_action: "say",
      keypad_5_text: "We are at 1 George Street.",
      keypad_hash_action: "",
    });
    expect(r.success).toBe(true);
    const menu = r.data!.settings.keypadMenu;
    expect(menu).toEqual({
      enabled: true,
      options: {
        "0": { action: "transfer" },
        "1": { action: "message" },
        "5": { action: "say", text: "We are at 1 George Street." },
        "9": { action: "repeat" },
      },
    });
    expect(parseKeypadMenu(menu)).toEqual(menu);
  });

  it("names the field when a line is missing", () => {
    const r = agentFormSchema.safeParse({
      ...base,
      transferNumber: "",
      keypadEnabled: "on",
      keypad_0_action: "transfer",
      keypad_star_action: "say",
    });
    expect(r.success).toBe(false);
    const issues = r.error!.issues.map((i) => [i.path.join("."), i.message]);
    expect(issues).toContainEqual(["keypad_star_text", "Key *: write the line the agent says"]);
  });

  it("keeps a switched-off menu (the worker ignores it) and stores nothing when no key is set", () => {
    const off = agentFormSchema.safeParse({ ...base, keypad_0_action: "transfer" });
    expect(off.data!.settings.keypadMenu).toEqual({ enabled: false, options: { "0": { action: "transfer" } } });
    expect(parseKeypadMenu(off.data!.settings.keypadMenu)).toBeNull();
    expect(agentFormSchema.safeParse(base).data!.settings.keypadMenu).toBeNull();
  });

  it("the agent rule (dashboard and API alike): an enabled transfer key needs a transfer number", async () => {
    const { agentSettingsSchema } = await import("@/modules/agents/lib/agents");
    const parsed = agentFormSchema.parse({
      ...base,
      transferNumber: "",
      keypadEnabled: "on",
      keypad_0_action: "transfer",
    });
    const r = agentSettingsSchema.safeParse({ ...parsed.settings, template: "RECEPTIONIST", callingHours: null });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path.join("."), i.message])).toContainEqual([
      "transferNumber",
      "Key 0 transfers callers: add a transfer number",
    ]);
    expect(
      agentSettingsFields.keypadMenu.safeParse({ enabled: true, options: { "5": { action: "say", text: "" } } })
        .success,
    ).toBe(false);
  });
});
