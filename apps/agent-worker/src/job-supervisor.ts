// The job's outer frame, apart from LiveKit so it is tested without a room:
// runs the call, shuts the job down as soon as the call is finalized (a job
// process must not linger until LiveKit closes the room), and on an error
// hangs up first (the caller must never sit in a silent room), then
// finalizes whatever call exists, then shuts down.
import type { CallEndReason } from "@articulate/db";
import type { Logger } from "./log";
import type { ActiveCall } from "./receptionist-call";

export interface JobSupervision {
  /** Runs the call; reports the call as soon as it exists (an error may come later). */
  run(onCall: (call: ActiveCall) => void): Promise<ActiveCall | null>;
  /** Deletes the room; throws when it could not. */
  hangUp(): Promise<unknown>;
  /** ctx.shutdown: ends the job process. */
  shutdown(reason: string): void;
  log: Logger;
}

export async function superviseJob(j: JobSupervision): Promise<void> {
  let call: ActiveCall | null = null;
  try {
    call = await j.run((c) => {
      call = c;
    });
    if (!call) {
      j.shutdown("no call");
      return;
    }
    const end = await call.ended;
    j.shutdown(`call ended: ${end.reason}`);
  } catch (err) {
    j.log.error("job failed", { err });
    const hungUp = await j.hangUp().then(
      () => true,
      (hangUpErr: unknown) => {
        j.log.error("hang up failed after a job error", { err: hangUpErr });
        return false;
      },
    );
    const current = call as ActiveCall | null;
    if (current) await current.end("ERROR" satisfies CallEndReason, { hangUp: !hungUp });
    j.shutdown("error");
  }
}
