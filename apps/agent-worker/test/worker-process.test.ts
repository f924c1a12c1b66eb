// The worker process without LiveKit credentials: logs why it is disabled,
// stays up (so `pnpm dev` keeps running) and exits 0 on SIGTERM.
import { spawn } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";

it("logs the disabled message and exits 0 on SIGTERM", async () => {
  const env = { ...process.env };
  delete env.LIVEKIT_URL;
  delete env.LIVEKIT_API_KEY;
  delete env.LIVEKIT_API_SECRET;
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: path.resolve(import.meta.dirname, ".."),
    env,
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  await expect
    .poll(() => out, { timeout: 20_000 })
    .toContain("agent worker disabled: set LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET");
  const line = JSON.parse(out.trim().split("\n")[0] ?? "{}") as { level: string; component: string };
  expect(line).toMatchObject({ level: "warn", component: "agent-worker" });
  expect(child.exitCode).toBeNull();
  const code = await new Promise<number | null>((r) => {
    child.once("exit", (c) => r(c));
    child.kill("SIGTERM");
  });
  expect(code).toBe(0);
});
