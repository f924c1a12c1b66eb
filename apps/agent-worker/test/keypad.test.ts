// The caller's keypad on a real receptionist call (beginCall, FakeLLM, text
// only): menu actions, a key interrupting the agent, an entry collected with a
// timeout and handed to the agent, tones sent on outbound calls, and every key
// in the transcript as a SYSTEM event.
import { platformDb } from "@articulate/db";
import { voice } from "@livekit/agents";
import { describe, expect, it } from "vitest";
import { callerHangsUp, startTestCall } from "./call-harness";
import { createReceptionTenant, OPEN_TUESDAY } from "./fixtures";

const MENU = {
  enabled: true,
  options: {
    "0": { action: "transfer" },
    "1": { action: "message" },
    "9": { action: "repeat" },
    "5": { action: "say", text: "We are at 1 George Street, Sydney." },
  },
};

/** Resolves with the next assistant (or user) message added to the conversation. */
function nextMessage(session: voice.AgentSession, role: "assistant" | "user") {
  return new Promise<{ text: string; interrupted: boolean; at: number }>((resolve) => {
    const on = (ev: voice.ConversationItemAddedEvent) => {
      const item = ev.item;
      if (item.type !== "message" || item.role !== role) return;
      session.off(voice.AgentSessionEventTypes.ConversationItemAdded, on);
      resolve({ text: item.textContent ?? "", interrupted: item.interrupted, at: performance.now() });
    };
    session.on(voice.AgentSessionEventTypes.ConversationItemAdded, on);
  });
}

async function systemEvents(callId: string): Promise<string[]> {
  const rows = await platformDb().transcriptSegment.findMany({
    where: { callId, speaker: "SYSTEM" },
    orderBy: { sequence: "asc" },
  });
  return rows.map((r) => r.text);
}

describe("keypad menu", () => {
  it("5 says its line, 9 repeats it, 1 starts a message, 0 transfers; each key is a transcript event", async () => {
    const f = await createReceptionTenant("kp-menu", { agent: { keypadMenu: MENU } });
    const { session, active, controls } = await startTestCall(f, { at: OPEN_TUESDAY });

    let pressedAt = performance.now();
    let said = nextMessage(session, "assistant");
    active.keypad.press("5");
    const line = await said;
    expect(line.text).toBe("We are at 1 George Street, Sydney.");
    expect(line.at - pressedAt).toBeLessThan(2_000);

    said = nextMessage(session, "assistant");
    active.keypad.press("9");
    expect((await said).text).toBe("We are at 1 George Street, Sydney.");

    const created = new Promise<string>((resolve) =>
      session.once(voice.AgentSessionEventTypes.SpeechCreated, (ev) => resolve(ev.source)),
    );
    active.keypad.press("1");
    expect(await created).toBe("generate_reply");

    pressedAt = performance.now();
    active.keypad.press("0");
    const end = await active.ended;
    expect(end.reason).toBe("TRANSFERRED");
    expect(controls.transfers).toEqual(["+61299990000"]);
    expect(performance.now() - pressedAt).toBeLessThan(20_000);

    expect(await systemEvents(active.callId)).toEqual([
      "Caller pressed 5: say the configured line",
      "Caller pressed 9: repeat",
      "Caller pressed 1: leave a message",
      "Caller pressed 0: transfer to a person",
    ]);
  });

  it("a key pressed while the agent speaks interrupts it", async () => {
    const f = await createReceptionTenant("kp-barge", { agent: { keypadMenu: MENU } });
    const long = "Let me tell you about every service we offer, one by one, in great detail. ".repeat(8);
    const { session, active } = await startTestCall(f, {
      at: OPEN_TUESDAY,
      responses: [{ input: "What do you do?", content: long, duration: 8_000 }],
    });
    const speaking = new Promise<void>((resolve) => {
      const on = (ev: voice.AgentStateChangedEvent) => {
        if (ev.newState !== "speaking") return;
        session.off(voice.AgentSessionEventTypes.AgentStateChanged, on);
        resolve();
      };
      session.on(voice.AgentSessionEventTypes.AgentStateChanged, on);
    });
    const reply = nextMessage(session, "assistant");
    session.generateReply({ userInput: "What do you do?" });
    await speaking;
    const pressedAt = performance.now();
    active.keypad.press("5");
    const cut = await reply;
    expect(cut.interrupted).toBe(true);
    expect(cut.at - pressedAt).toBeLessThan(3_000);
    callerHangsUp(session);
    await active.ended;
  });

  it("keys do nothing but a transcript note when the agent has no keypad menu", async () => {
    const f = await createReceptionTenant("kp-none");
    const { session, active, controls } = await startTestCall(f, { at: OPEN_TUESDAY });
    active.keypad.press("0");
    callerHangsUp(session);
    await active.ended;
    expect(controls.transfers).toEqual([]);
    expect(await systemEvents(active.callId)).toEqual(["Caller pressed 0 (no keypad action)"]);
  });
});

describe("keypad entry", () => {
  it("collects digits to # and hands them to the agent as text", async () => {
    const f = await createReceptionTenant("kp-collect", { agent: { keypadMenu: MENU } });
    const { session, active } = await startTestCall(f, {
      at: OPEN_TUESDAY,
      responses: [
        { input: "I want to check my booking", toolCalls: [{ name: "collect_keypad_entry", args: {} }] },
        { input: "[keypad] The caller entered 4270.", content: "Thanks, I have booking 4270 here." },
      ],
    });
    await session.run({ userInput: "I want to check my booking" }).wait();
    const handed = nextMessage(session, "user");
    const answered = nextMessage(session, "assistant");
    // While collecting, 0 is a digit of the entry, not "transfer".
    for (const d of ["4", "2", "7", "0", "#"]) active.keypad.press(d);
    expect((await handed).text).toBe("[keypad] The caller entered 4270.");
    expect((await answered).text).toBe("Thanks, I have booking 4270 here.");
    callerHangsUp(session);
    await active.ended;
    expect(await systemEvents(active.callId)).toEqual(["Caller keyed 4270 then #"]);
  });

  it("ends an entry when no key comes within the timeout", async () => {
    const f = await createReceptionTenant("kp-timeout");
    const { session, active } = await startTestCall(f, { at: OPEN_TUESDAY });
    const entry = active.keypad.collect({ timeoutMs: 400 });
    active.keypad.press("1");
    active.keypad.press("2");
    const lastKeyAt = performance.now();
    const result = await entry;
    const waited = performance.now() - lastKeyAt;
    expect(result).toEqual({ digits: "12", ended: "timeout" });
    expect(waited).toBeGreaterThanOrEqual(380);
    expect(waited).toBeLessThan(5_000);
    const empty = await active.keypad.collect({ timeoutMs: 200 });
    expect(empty).toEqual({ digits: "", ended: "timeout" });
    callerHangsUp(session);
    await active.ended;
    expect(await systemEvents(active.callId)).toEqual([
      "Caller keyed 12 then timed out",
      "Keypad entry timed out with no keys",
    ]);
  });
});

describe("outbound keypad tones", () => {
  it("sends digits as SipDTMF codes with the pause and spacing livekit-sip needs", async () => {
    const f = await createReceptionTenant("kp-send");
    const { session, active, controls } = await startTestCall(f, { at: OPEN_TUESDAY });
    expect(await active.keypad.send("1w2#")).toBe("12#");
    expect(controls.tones.map((t) => [t.code, t.digit])).toEqual([
      [1, "1"],
      [2, "2"],
      [11, "#"],
    ]);
    const [a, b, c] = controls.tones.map((t) => t.at) as [number, number, number];
    expect(b - a).toBeGreaterThanOrEqual(780); // 500 ms pause + 300 ms gap
    expect(c - b).toBeGreaterThanOrEqual(280);
    callerHangsUp(session);
    await active.ended;
    expect(await systemEvents(active.callId)).toEqual(["Agent sent keypad tones 12#"]);
  });
});
