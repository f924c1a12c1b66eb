// When an agent may place outbound calls: its callingHours, or its business
// hours when none are set, judged by the same schedule/holiday logic the worker
// uses for inbound calls (@articulate/calls openState).
import { openState, weeklyScheduleSchema } from "@articulate/calls";

export type CallingWindow = { open: true } | { open: false; reason: string };

export function callingWindowAt(
  agent: { callingHours: unknown; businessHours: unknown; timezone: string; holidayRegion: string | null },
  at: Date,
): CallingWindow {
  const raw = agent.callingHours ?? agent.businessHours;
  let schedule = null;
  if (raw !== null && raw !== undefined) {
    const parsed = weeklyScheduleSchema.safeParse(raw);
    // A stored schedule we cannot read must not let calls through at any hour.
    if (!parsed.success) return { open: false, reason: "the agent's calling hours are invalid" };
    schedule = parsed.data;
  }
  const state = openState(schedule, at, agent.timezone, agent.holidayRegion);
  if (state.open) return state;
  return state.reason === "holiday"
    ? { open: false, reason: `it is a public holiday (${state.holiday}) in ${agent.holidayRegion}` }
    : { open: false, reason: `it is outside the agent's calling hours (${agent.timezone})` };
}
