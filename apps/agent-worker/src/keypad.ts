// The caller's keypad (DTMF) during a call: the agent's keypad menu (0 → a
// person, 1 → leave a message, 9 → repeat, custom keys → a configured line),
// keypad entries the agent asks for ("your booking number, then hash"),
// collected with a timeout and handed to the agent as text, and tones the
// agent sends on outbound calls (phone menus). A key pressed while the agent
// speaks interrupts it. Every key and its action goes into the transcript as
// a SYSTEM event. Digits arrive from LiveKit as SipDTMF data packets
// (rtc-node RoomEvent.DtmfReceived); the job wires them to press().
import type { KeypadMenu, TranscriptSegmentInput } from "@articulate/calls";
import { voice } from "@livekit/agents";
import type { Logger } from "./log";

/** SipDTMF codes (livekit_models.proto): 0-9, * = 10, # = 11, A-D = 12-15 (livekit-sip sends a-d lowercase). */
const DIGIT_CODES: Record<string, number> = {
  "*": 10,
  "#": 11,
  a: 12,
  b: 13,
  c: 14,
  d: 15,
};
export function dtmfCode(digit: string): number | null {
  if (/^[0-9]$/.test(digit)) return Number(digit);
  return DIGIT_CODES[digit.toLowerCase()] ?? null;
}

/** Gap between tones we send (livekit-sip plays 250 ms tone + 250 ms silence per digit). */
export const SEND_GAP_MS = 300;
/** "w" in a digit string: a half-second pause, as in CreateSIPParticipant's dtmf. */
export const PAUSE_MS = 500;

export interface KeypadCollectOptions {
  /** Stop after this many digits (default 16). */
  maxDigits?: number;
  /** Key that ends the entry (default "#"); not included in the result. */
  endKey?: string;
  /** Give up this long after the last key (or the start) (default 8 s). */
  timeoutMs?: number;
}

export interface KeypadEntry {
  digits: string;
  /** How the entry ended. */
  ended: "end_key" | "max_digits" | "timeout";
}

export interface KeypadActions {
  /** Hands the caller to a person (the receptionist's transfer). */
  transfer(reason: string): Promise<void>;
  /** Starts taking a message (the agent asks for name, number and reason). */
  leaveMessage(): void;
}

export interface KeypadOptions {
  menu: KeypadMenu | null;
  session: voice.AgentSession;
  record(segment: TranscriptSegmentInput): void;
  actions: KeypadActions;
  /** Plays tones to the other party (outbound phone menus); absent where there is no SIP leg. */
  sendTones?: (code: number, digit: string) => Promise<void>;
  isEnding(): boolean;
  log: Logger;
}

const ACTION_LABEL = {
  transfer: "transfer to a person",
  message: "leave a message",
  repeat: "repeat",
  say: "say the configured line",
} as const;

export class Keypad {
  private lastAgentLine: string | null = null;
  private collecting: {
    digits: string;
    opts: Required<KeypadCollectOptions>;
    timer: NodeJS.Timeout;
    resolve: (e: KeypadEntry) => void;
  } | null = null;

  constructor(private readonly o: KeypadOptions) {
    o.session.on(voice.AgentSessionEventTypes.ConversationItemAdded, (ev) => {
      const item = ev.item;
      if (item.type === "message" && item.role === "assistant" && item.textContent && !item.interrupted) {
        this.lastAgentLine = item.textContent;
      }
    });
  }

  get menu(): KeypadMenu | null {
    return this.o.menu;
  }

  /** One key from the caller. Never throws: nothing on the keypad may break the call. */
  press(rawDigit: string): void {
    const digit = rawDigit.toLowerCase();
    if (this.o.isEnding() || dtmfCode(digit) === null) return;
    try {
      if (this.collecting) {
        this.collectKey(digit);
        return;
      }
      const option = this.o.menu?.options[digit as keyof KeypadMenu["options"]];
      this.interruptAgent();
      if (!option) {
        this.o.record({ speaker: "SYSTEM", text: `Caller pressed ${digit} (no keypad action)` });
        return;
      }
      this.o.record({ speaker: "SYSTEM", text: `Caller pressed ${digit}: ${ACTION_LABEL[option.action]}` });
      switch (option.action) {
        case "transfer":
          void this.o.actions
            .transfer(`caller pressed ${digit}`)
            .catch((err) => this.o.log.warn("keypad transfer failed", { err }));
          break;
        case "message":
          this.o.actions.leaveMessage();
          break;
        case "repeat":
          if (this.lastAgentLine) this.o.session.say(this.lastAgentLine);
          break;
        case "say":
          this.o.session.say(option.text);
          break;
      }
    } catch (err) {
      this.o.log.warn("keypad press not handled", { err, digit });
    }
  }

  /**
   * Collects a keypad entry: ends on the end key, at max digits, or when no key
   * comes for timeoutMs. While collecting, keys do not trigger the menu.
   */
  collect(options: KeypadCollectOptions = {}): Promise<KeypadEntry> {
    this.finishCollecting("timeout"); // one entry at a time
    const opts: Required<KeypadCollectOptions> = {
      maxDigits: options.maxDigits ?? 16,
      endKey: options.endKey ?? "#",
      timeoutMs: options.timeoutMs ?? 8_000,
    };
    return new Promise<KeypadEntry>((resolve) => {
      this.collecting = {
        digits: "",
        opts,
        resolve,
        timer: setTimeout(() => this.finishCollecting("timeout"), opts.timeoutMs),
      };
    });
  }

  /** Collects an entry, then hands it to the agent as the caller's next message. */
  collectForAgent(options: KeypadCollectOptions = {}): void {
    void this.collect(options).then((entry) => {
      if (this.o.isEnding()) return;
      const text = entry.digits
        ? `[keypad] The caller entered ${entry.digits}${entry.ended === "timeout" ? " (then stopped pressing keys)" : ""}.`
        : "[keypad] The caller did not enter anything on the keypad.";
      try {
        this.o.session.generateReply({ userInput: text });
      } catch (err) {
        this.o.log.warn("keypad entry not handed to the agent", { err });
      }
    });
  }

  /** Sends tones to the other party ("w" = half-second pause). Returns what was sent. */
  async send(digits: string): Promise<string> {
    if (!this.o.sendTones) throw new Error("this call has no phone line to send keypad tones on");
    let sent = "";
    for (const ch of digits) {
      if (ch === "w" || ch === "W") {
        await sleep(PAUSE_MS);
        continue;
      }
      const digit = ch.toLowerCase();
      const code = dtmfCode(digit);
      if (code === null) continue;
      if (sent) await sleep(SEND_GAP_MS);
      await this.o.sendTones(code, digit);
      sent += digit;
    }
    this.o.record({ speaker: "SYSTEM", text: `Agent sent keypad tones ${sent}` });
    return sent;
  }

  /** Ends the call's keypad work (a pending entry resolves as timed out). */
  close(): void {
    this.finishCollecting("timeout");
  }

  private collectKey(digit: string): void {
    const c = this.collecting!;
    if (digit === c.opts.endKey) {
      this.finishCollecting("end_key");
      return;
    }
    c.digits += digit;
    if (c.digits.length >= c.opts.maxDigits) {
      this.finishCollecting("max_digits");
      return;
    }
    clearTimeout(c.timer);
    c.timer = setTimeout(() => this.finishCollecting("timeout"), c.opts.timeoutMs);
  }

  private finishCollecting(ended: KeypadEntry["ended"]): void {
    const c = this.collecting;
    if (!c) return;
    this.collecting = null;
    clearTimeout(c.timer);
    const how = ended === "end_key" ? `then ${c.opts.endKey}` : ended === "max_digits" ? "" : "then timed out";
    this.o.record({
      speaker: "SYSTEM",
      text: c.digits ? `Caller keyed ${c.digits}${how ? ` ${how}` : ""}` : "Keypad entry timed out with no keys",
    });
    c.resolve({ digits: c.digits, ended });
  }

  private interruptAgent(): void {
    if (this.o.session.agentState !== "speaking") return;
    try {
      this.o.session.interrupt();
    } catch {
      // The opening line (disclosure) cannot be talked over, nor keyed over: it finishes first.
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
