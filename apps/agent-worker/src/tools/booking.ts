// The booking tools (@articulate/booking) as LLM tools for one call, when the
// agent offers appointment types. Loaded before the agent is built (one indexed
// query) so the instructions can name what can be booked.
import { bookingInstructions, bookingTools, listAppointmentTypes, wallClock } from "@articulate/booking";
import { llm } from "@livekit/agents";
import type { CallConfig } from "../call-config";

export interface CallBooking {
  tools: Record<string, llm.FunctionTool<never, never, unknown>>;
  instructions: string;
}

/**
 * The agent's booking tools and the lines its instructions gain, or null when it
 * offers nothing to book (or the lookup fails: a call never waits on booking).
 */
export async function bookingForCall(
  config: CallConfig,
  call: { callerNumber: string | null; callId: () => Promise<string | null> },
): Promise<CallBooking | null> {
  let names: string[];
  try {
    names = (await listAppointmentTypes(config.tenant.id, { agentId: config.agent.id })).map((t) => t.name);
  } catch {
    return null;
  }
  if (names.length === 0) return null;
  const timeZone = config.agent.timezone;
  const toolsFor = async () =>
    bookingTools({
      tenantId: config.tenant.id,
      agentId: config.agent.id,
      callId: await call.callId(),
      callerNumber: call.callerNumber,
      timeZone,
    });
  const definitions = bookingTools({
    tenantId: config.tenant.id,
    agentId: config.agent.id,
    callId: null,
    callerNumber: null,
    timeZone,
  });
  const tools: CallBooking["tools"] = {};
  for (const [name, def] of Object.entries(definitions) as [
    keyof typeof definitions,
    (typeof definitions)[keyof typeof definitions],
  ][]) {
    tools[name] = llm.tool({
      description: def.description,
      parameters: def.parameters,
      // The call's row may still be being written when the model first calls a tool.
      execute: async (args: unknown) => {
        const bound = (await toolsFor())[name] as { execute(a: unknown): Promise<string> };
        return bound.execute(args);
      },
    }) as unknown as llm.FunctionTool<never, never, unknown>;
  }
  const today = wallClock(new Date(), timeZone).date;
  return { tools, instructions: bookingInstructions(names, today, timeZone) };
}
