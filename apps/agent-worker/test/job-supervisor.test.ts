// The job's outer frame: shut down as soon as the call is finalized; on an
// error, hang up first (never a silent room), then finalize, then shut down.
import { describe, expect, it } from "vitest";
import { superviseJob } from "../src/job-supervisor";
import { silentLogger } from "../src/log";
import type { ActiveCall, CallEnd } from "../src/receptionist-call";

function fakeCall(events: string[]) {
  let resolveEnded!: (e: CallEnd) => void;
  const ended = new Promise<CallEnd>((r) => (resolveEnded = r));
  const call = {
    ended,
    end: async (reason: CallEnd["reason"]) => {
      events.push(`finalize:${reason}`);
      const e = { reason, finalization: null, unwrittenSegments: 0 };
      resolveEnded(e);
      return e;
    },
  } as unknown as ActiveCall;
  return {
    call,
    finish: (reason: CallEnd["reason"]) => resolveEnded({ reason, finalization: null, unwrittenSegments: 0 }),
  };
}

describe("superviseJob", () => {
  it("shuts the job down as soon as the call is finalized", async () => {
    const events: string[] = [];
    const { call, finish } = fakeCall(events);
    const done = superviseJob({
      run: async (onCall) => {
        onCall(call);
        return call;
      },
      hangUp: async () => events.push("hangUp"),
      shutdown: (reason) => events.push(`shutdown:${reason}`),
      log: silentLogger,
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(events).toEqual([]);
    finish("CALLER_HUNG_UP");
    await done;
    expect(events).toEqual(["shutdown:call ended: CALLER_HUNG_UP"]);
  });

  it("an error before the session starts: deletes the room, then finalizes the call, then shuts down", async () => {
    const events: string[] = [];
    const { call } = fakeCall(events);
    await superviseJob({
      run: async (onCall) => {
        onCall(call);
        throw new Error("TTS plugin failed to load");
      },
      hangUp: async () => events.push("hangUp"),
      shutdown: (reason) => events.push(`shutdown:${reason}`),
      log: silentLogger,
    });
    expect(events).toEqual(["hangUp", "finalize:ERROR", "shutdown:error"]);
  });

  it("an error with no call yet still hangs up, and a failing hang-up does not stop the shutdown", async () => {
    const events: string[] = [];
    await superviseJob({
      run: async () => {
        throw new Error("no configuration");
      },
      hangUp: async () => {
        events.push("hangUp");
        throw new Error("LiveKit unavailable");
      },
      shutdown: (reason) => events.push(`shutdown:${reason}`),
      log: silentLogger,
    });
    expect(events).toEqual(["hangUp", "shutdown:error"]);
  });
});
