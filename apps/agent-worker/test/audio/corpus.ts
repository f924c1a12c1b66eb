// The 8 kHz caller corpus for turn-taking measurements (bench:voice): calls of
// three measured turns each. Every call has one sentence with a hesitation in
// the middle (two clips with a pause between), then a long answer the caller
// talks over (barge-in).
export interface CorpusTurn {
  /** One clip, or the two halves of a sentence with a pause between. */
  parts: [string] | [string, string];
}

export const CORPUS: CorpusTurn[][] = [
  [
    { parts: ["What are your opening hours?"] },
    { parts: ["I would like to", "book a check-up for next week."] },
    { parts: ["Do you have parking?"] },
  ],
  [
    { parts: ["Are you open on Saturdays?"] },
    { parts: ["My name is Sarah and I need to", "change my appointment."] },
    { parts: ["Is there parking nearby?"] },
  ],
  [
    { parts: ["Hi, what time do you close today?"] },
    { parts: ["I was hoping to", "see the dentist on Friday."] },
    { parts: ["Where do I park?"] },
  ],
  [
    { parts: ["Can you tell me your hours please?"] },
    { parts: ["My daughter has a sore tooth and", "we need an appointment."] },
    { parts: ["Do you have a car park?"] },
  ],
  [
    { parts: ["When are you open?"] },
    { parts: ["I'm calling because", "my filling came out."] },
    { parts: ["Is parking free?"] },
  ],
  [
    { parts: ["What hours are you open this week?"] },
    { parts: ["Could you tell me if", "you take new patients?"] },
    { parts: ["Is there street parking?"] },
  ],
  [
    { parts: ["Are you open tomorrow morning?"] },
    { parts: ["I need to cancel my booking for", "Thursday afternoon."] },
    { parts: ["Can I park out the front?"] },
  ],
  [
    { parts: ["Hello, are you open at lunchtime?"] },
    { parts: ["I think I left my", "glasses at your office."] },
    { parts: ["How much is parking?"] },
  ],
  [
    { parts: ["What are your hours on Monday?"] },
    { parts: ["My husband wants to", "book a cleaning as well."] },
    { parts: ["Do you have disabled parking?"] },
  ],
  [
    { parts: ["Are you open late on Thursdays?"] },
    { parts: ["I'd like to ask about", "the cost of a check-up."] },
    { parts: ["Is parking available?"] },
  ],
];

/** The caller's long question whose answer they talk over, and what they say over it. */
export const BARGE_IN = { question: "Can you tell me about a check-up?", over: "Sorry, do you have parking?" };
