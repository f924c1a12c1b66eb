// Runs once when the Next.js server starts: validates the environment (a
// malformed variable stops the server with its name) and reports each
// disabled integration once ("LiveKit … disabled: set LIVEKIT_URL, …").
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./env");
  env();
  // Webhook delivery and post-call analysis loops (BACKGROUND_JOBS=off to run them elsewhere).
  const { startBackgroundJobs } = await import("./server/background-jobs");
  startBackgroundJobs();
}
