// ~50 realistic calls for the demo tenant over the current and previous
// calendar month: transcripts, messages taken, and one usage record per
// answered call. Deterministic (seeded PRNG) so the demo looks the same each
// time it is created.
import { LatencyCollector, type LatencySummary } from "@articulate/calls";
import type { CallEndReason, CallOutcome, CallStatus, MessageStatus, MessageUrgency, Speaker } from "@articulate/db";

type Line = [Speaker, string];

interface Scenario {
  key: string;
  direction: "INBOUND" | "OUTBOUND";
  status: CallStatus;
  endReason: CallEndReason;
  outcome: CallOutcome;
  afterHours?: boolean;
  summary?: string;
  message?: { reason: string };
  /** Questions the agent looked up in the practice's knowledge on this call. */
  lookups?: string[];
  /** Transcript with {name} / {phone} placeholders; empty for unanswered calls. */
  lines: Line[];
}

const GREETING =
  "Thanks for calling Harbour Dental, this is Ava, the practice's AI receptionist. How can I help you today?";

const SCENARIOS: Scenario[] = [
  {
    key: "book-checkup",
    direction: "INBOUND",
    status: "COMPLETED",
    endReason: "CALLER_HUNG_UP",
    outcome: "RESOLVED",
    summary: "New patient booked a check-up and clean.",
    lines: [
      ["AGENT", GREETING],
      ["CALLER", "Hi, I'd like to book a check-up and clean, please. It's been a while."],
      ["AGENT", "Happy to help. Have you been to Harbour Dental before, or would you be a new patient?"],
      ["CALLER", "New patient. I just moved to Balmain."],
      ["AGENT", "Welcome to the area! Can I take your full name, please?"],
      ["CALLER", "It's {name}."],
      [
        "AGENT",
        "Thanks, {first}. The earliest new-patient appointments are Tuesday at 9:40 am or Thursday at 2:15 pm. Which suits you better?",
      ],
      ["CALLER", "Thursday at 2:15 works."],
      ["AGENT", "Lovely. And the best mobile number for an SMS confirmation?"],
      ["CALLER", "{phone}."],
      [
        "AGENT",
        "You're booked in for Thursday at 2:15 pm with Dr Nguyen. Please arrive ten minutes early to fill in the new-patient form. Anything else?",
      ],
      ["CALLER", "No, that's great. Thanks!"],
      ["AGENT", "Thanks for calling, {first}. See you Thursday."],
    ],
  },
  {
    key: "reschedule-message",
    direction: "INBOUND",
    status: "COMPLETED",
    endReason: "AGENT_ENDED",
    outcome: "MESSAGE_TAKEN",
    summary: "Patient asked to move Friday's appointment; message left for the front desk.",
    message: { reason: "Needs to move Friday's 10:30 appointment to next week, mornings preferred." },
    lines: [
      ["AGENT", GREETING],
      ["CALLER", "Hi, I've got an appointment on Friday at 10:30 but something's come up at work."],
      ["AGENT", "No problem. I can pass a request to the front desk to find you a new time. What's your name?"],
      ["CALLER", "{name}."],
      ["AGENT", "Thanks. When would suit you instead?"],
      ["CALLER", "Any morning next week, ideally before ten."],
      [
        "AGENT",
        "Got it: any morning next week, before 10 am if possible. Is {phone} the best number to call you back on?",
      ],
      ["CALLER", "Yes, that's my mobile."],
      [
        "AGENT",
        "I've left that message for the team and they'll call you back today to confirm. Is there anything else?",
      ],
      ["CALLER", "No, that's all. Cheers."],
      ["AGENT", "Thanks for letting us know. Have a good day."],
    ],
  },
  {
    key: "emergency-transfer",
    direction: "INBOUND",
    status: "COMPLETED",
    endReason: "TRANSFERRED",
    outcome: "TRANSFERRED",
    summary: "Severe toothache with swelling; transferred to the practice for an emergency slot.",
    lines: [
      ["AGENT", GREETING],
      ["CALLER", "Hi, I've got really bad tooth pain and my cheek's started swelling up."],
      [
        "AGENT",
        "I'm sorry to hear that. Swelling can need urgent attention. Are you having any trouble breathing or swallowing?",
      ],
      ["CALLER", "No, it just really hurts."],
      [
        "AGENT",
        "Okay. Let me put you through to one of our team now so they can find you an emergency appointment today. Can I get your name first?",
      ],
      ["CALLER", "{name}."],
      ["AGENT", "Thanks, {first}. Transferring you now, please stay on the line."],
    ],
  },
  {
    key: "hours-parking",
    direction: "INBOUND",
    status: "COMPLETED",
    endReason: "CALLER_HUNG_UP",
    outcome: "RESOLVED",
    summary: "Asked about opening hours and parking.",
    lookups: ["What time are you open until today?", "Is there parking nearby?"],
    lines: [
      ["AGENT", GREETING],
      ["CALLER", "Hi, what time are you open until today?"],
      ["AGENT", "We're open Monday to Friday from 8 am to 5:30 pm, so until 5:30 today."],
      ["CALLER", "And is there parking nearby?"],
      [
        "AGENT",
        "Yes, there's two-hour street parking on Darling Street and a Wilson car park on Curtis Road, about two minutes' walk.",
      ],
      ["CALLER", "Perfect, thanks."],
      ["AGENT", "You're welcome. Have a great afternoon."],
    ],
  },
  {
    key: "health-fund",
    direction: "INBOUND",
    status: "COMPLETED",
    endReason: "CALLER_HUNG_UP",
    outcome: "RESOLVED",
    summary: "Asked about health fund claiming and the cost of a check-up.",
    lookups: ["Do you do on-the-spot claiming with Bupa?", "How much is a check-up and clean?"],
    lines: [
      ["AGENT", GREETING],
      ["CALLER", "Do you do on-the-spot claiming with Bupa?"],
      ["AGENT", "Yes, we have HICAPS, so you can claim with Bupa and most other health funds on the spot."],
      ["CALLER", "How much is a check-up and clean without extras cover?"],
      [
        "AGENT",
        "A standard check-up, scale and clean is $245. With extras cover the gap depends on your policy; the team can give you an estimate on the day.",
      ],
      ["CALLER", "Okay, that's helpful. I'll book online."],
      ["AGENT", "Sounds good. You can book any time at harbourdental.example. Anything else I can help with?"],
      ["CALLER", "No, that's it."],
      ["AGENT", "Thanks for calling Harbour Dental."],
    ],
  },
  {
    key: "after-hours",
    direction: "INBOUND",
    status: "COMPLETED",
    endReason: "AFTER_HOURS",
    outcome: "MESSAGE_TAKEN",
    afterHours: true,
    summary: "Called after hours; message taken for a call back.",
    message: { reason: "Wants a call back about a chipped front tooth; available after 8 am." },
    lines: [
      [
        "AGENT",
        "Thanks for calling Harbour Dental. The practice is closed right now; we're open Monday to Friday, 8 am to 5:30 pm. I can take a message and the team will call you back. What's your name?",
      ],
      ["CALLER", "It's {name}. I chipped my front tooth at dinner."],
      ["AGENT", "Sorry to hear that. Is it painful, or bleeding?"],
      ["CALLER", "No, it's just a small chip, but I'd like it looked at."],
      ["AGENT", "Understood. What's the best number to reach you?"],
      ["CALLER", "{phone}."],
      [
        "AGENT",
        "Thanks. I've left a message: chipped front tooth, not painful, call back on {phone}. The team will call you after 8 am. If the pain gets severe, please call 000 or visit an emergency department.",
      ],
      ["CALLER", "Thanks, bye."],
    ],
  },
  {
    key: "spam",
    direction: "INBOUND",
    status: "COMPLETED",
    endReason: "AGENT_ENDED",
    outcome: "SPAM",
    summary: "Unsolicited sales call about energy plans.",
    lines: [
      ["AGENT", GREETING],
      ["CALLER", "Hello, I'm calling about reducing your business electricity bill with a new energy plan."],
      [
        "AGENT",
        "Thanks, but Harbour Dental isn't interested in sales calls. Please remove this number from your list. Goodbye.",
      ],
    ],
  },
  {
    key: "hang-up",
    direction: "INBOUND",
    status: "COMPLETED",
    endReason: "CALLER_HUNG_UP",
    outcome: "ABANDONED",
    summary: "Caller hung up during the greeting.",
    lines: [
      ["AGENT", GREETING],
      ["CALLER", "Oh, sorry, wrong number."],
    ],
  },
  {
    key: "reminder",
    direction: "OUTBOUND",
    status: "COMPLETED",
    endReason: "AGENT_ENDED",
    outcome: "RESOLVED",
    summary: "Appointment reminder call; patient confirmed.",
    lines: [
      ["CALLER", "Hello?"],
      ["AGENT", "Hi, this is Ava, the AI receptionist calling from Harbour Dental. Am I speaking with {first}?"],
      ["CALLER", "Yes, speaking."],
      [
        "AGENT",
        "I'm calling to remind you of your appointment tomorrow at 11 am with Dr Patel. Will you be able to make it?",
      ],
      ["CALLER", "Yes, I'll be there."],
      ["AGENT", "Great, you're confirmed. See you tomorrow, {first}."],
    ],
  },
  {
    key: "reminder-no-answer",
    direction: "OUTBOUND",
    status: "NO_ANSWER",
    endReason: "NO_ANSWER",
    outcome: "OTHER",
    lines: [],
  },
  { key: "reminder-busy", direction: "OUTBOUND", status: "BUSY", endReason: "BUSY", outcome: "OTHER", lines: [] },
  { key: "setup-failed", direction: "INBOUND", status: "FAILED", endReason: "ERROR", outcome: "OTHER", lines: [] },
];

// How often each scenario appears among the ~50 calls.
const MIX: [string, number][] = [
  ["book-checkup", 12],
  ["reschedule-message", 7],
  ["emergency-transfer", 4],
  ["hours-parking", 7],
  ["health-fund", 5],
  ["after-hours", 5],
  ["spam", 2],
  ["hang-up", 2],
  ["reminder", 3],
  ["reminder-no-answer", 2],
  ["reminder-busy", 1],
  ["setup-failed", 1],
];

const NAMES = [
  "Olivia Harris",
  "Jack Thompson",
  "Mia Nguyen",
  "Liam O'Brien",
  "Charlotte Walker",
  "Noah Singh",
  "Amelia Chen",
  "William Kelly",
  "Isla Robinson",
  "Lucas Martin",
  "Grace Taylor",
  "Oliver Papadopoulos",
  "Chloe Wilson",
  "Ethan Murphy",
  "Zoe Campbell",
  "Henry Patel",
  "Ruby Anderson",
  "Leo Russo",
  "Matilda Scott",
  "Harrison Lee",
];

function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sydney = new Intl.DateTimeFormat("en-AU", {
  timeZone: "Australia/Sydney",
  weekday: "short",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});
function sydneyLocal(d: Date): { weekday: string; minutes: number } {
  const parts = Object.fromEntries(sydney.formatToParts(d).map((p) => [p.type, p.value]));
  return { weekday: parts.weekday ?? "", minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}
function isBusinessHours(d: Date): boolean {
  const { weekday, minutes } = sydneyLocal(d);
  return !["Sat", "Sun"].includes(weekday) && minutes >= 8 * 60 && minutes < 17 * 60 + 30;
}

export interface DemoCall {
  roomName: string;
  direction: "INBOUND" | "OUTBOUND";
  callerNumber: string;
  status: CallStatus;
  endReason: CallEndReason;
  outcome: CallOutcome;
  summary: string | null;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date;
  billableSeconds: number;
  billableMinutes: number;
  segments: { sequence: number; speaker: Speaker; text: string; startMs: number; endMs: number }[];
  latency: LatencySummary | null;
  message: {
    callerName: string;
    callbackNumber: string;
    reason: string;
    status: MessageStatus;
    urgency: MessageUrgency;
  } | null;
  lookups: string[];
}

/**
 * Builds the demo calls for the month containing `now` and the month before
 * (UTC calendar months, the billing periods), all in the past.
 */
export function buildDemoCalls(now: Date): DemoCall[] {
  const rand = mulberry32(20261121);
  const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const prevStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1);
  const latest = now.getTime() - 30 * 60_000;
  const byKey = new Map(SCENARIOS.map((s) => [s.key, s]));
  const plan = MIX.flatMap(([key, n]) => Array.from({ length: n }, () => byKey.get(key) as Scenario));
  // Shuffle, then give roughly 55% to the previous month.
  for (let i = plan.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [plan[i], plan[j]] = [plan[j] as Scenario, plan[i] as Scenario];
  }
  const calls: DemoCall[] = plan.map((s, i) => {
    const inPrev = i < Math.round(plan.length * 0.55) || latest <= monthStart;
    const from = inPrev ? prevStart : monthStart;
    const to = inPrev ? Math.min(monthStart, latest) : latest;
    let startedAt = new Date(from + rand() * (to - from));
    // Business-hours scenarios land in Sydney business hours, after-hours ones outside.
    for (let tries = 0; tries < 500 && isBusinessHours(startedAt) === Boolean(s.afterHours); tries++) {
      startedAt = new Date(from + rand() * (to - from));
    }
    startedAt = new Date(Math.floor(startedAt.getTime() / 1000) * 1000);
    const name = NAMES[Math.floor(rand() * NAMES.length)] as string;
    const first = name.split(" ")[0] as string;
    // 0491 570 xxx: ACMA's range reserved for fictional mobile numbers.
    const callerNumber = `+61491570${String(Math.floor(rand() * 1000)).padStart(3, "0")}`;
    const spoken = callerNumber.replace("+61", "0").replace(/^(\d{4})(\d{3})(\d{3})$/, "$1 $2 $3");
    const answered = s.lines.length > 0;
    const ringMs = 2000 + Math.floor(rand() * 4000);
    const answeredAt = answered ? new Date(startedAt.getTime() + ringMs) : null;
    let t = 400;
    const segments = s.lines.map(([speaker, raw], sequence) => {
      const text = raw.replaceAll("{name}", name).replaceAll("{first}", first).replaceAll("{phone}", spoken);
      const words = text.split(/\s+/).length;
      const startMs = t;
      const endMs = startMs + Math.round(words * (speaker === "AGENT" ? 330 : 300) + rand() * 400);
      t = endMs + 500 + Math.floor(rand() * 700);
      return { sequence, speaker, text, startMs, endMs };
    });
    const billableSeconds = answered ? Math.ceil(t / 1000) : 0;
    const endedAt = answeredAt
      ? new Date(answeredAt.getTime() + billableSeconds * 1000)
      : new Date(startedAt.getTime() + ringMs + 20_000);
    const turns = segments.filter((x) => x.speaker === "CALLER").length;
    let latency: LatencySummary | null = null;
    if (answered) {
      // One sample per reply, summarized by the same collector the worker uses.
      const collector = new LatencyCollector();
      for (let turn = 0; turn < turns; turn++) {
        const eouMs = 380 + Math.floor(rand() * 250);
        const transcriptionMs = 60 + Math.floor(rand() * 60);
        const llmTtftMs = 310 + Math.floor(rand() * 300);
        const ttsTtfbMs = 140 + Math.floor(rand() * 120);
        collector.addTurn({ e2eMs: eouMs + llmTtftMs + ttsTtfbMs, eouMs, transcriptionMs, llmTtftMs, ttsTtfbMs });
      }
      latency = collector.summary();
    }
    return {
      roomName: `call-demo-${String(i + 1).padStart(3, "0")}`,
      direction: s.direction,
      callerNumber,
      status: s.status,
      endReason: s.endReason,
      outcome: s.outcome,
      summary: s.summary ?? null,
      startedAt,
      answeredAt,
      endedAt,
      billableSeconds,
      billableMinutes: Math.ceil(billableSeconds / 60),
      segments,
      latency,
      message: s.message
        ? {
            callerName: name,
            callbackNumber: callerNumber,
            reason: s.message.reason,
            status: inPrev ? "DONE" : "NEW",
            urgency: /chipped|pain/i.test(s.message.reason) ? "URGENT" : "NORMAL",
          }
        : null,
      lookups: s.lookups ?? [],
    };
  });
  return calls.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
}
