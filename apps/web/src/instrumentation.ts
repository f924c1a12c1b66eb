// Runs once when the Next.js server starts: validates the environment (a
// malformed variable stops the server with its name) and reports each
// disabled integration once ("LiveKit … disabled: set LIVEKIT_URL, …").
export async function register(): Promise<void> {
  // Set by Next.js itself (not configuration): this hook also runs in the edge runtime.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./env");
  env();
  // Background jobs on pg-boss (BACKGROUND_JOBS=off leaves them to the jobs process).
  const { startBackgroundJobs } = await import("./server/background-jobs");
  startBackgroundJobs();
}
