// Before the e2e suite: use the system Chromium when there is one (offline CI
// installs Debian's), otherwise make sure Playwright's own Chromium is
// downloaded, so `pnpm test` works on a fresh machine with internet too.
import { spawnSync } from "node:child_process";
import fs from "node:fs";

if (!fs.existsSync("/usr/bin/chromium")) {
  const r = spawnSync("pnpm", ["exec", "playwright", "install", "chromium"], { stdio: "inherit" });
  if (r.status !== 0) {
    console.error(
      "No /usr/bin/chromium and `playwright install chromium` failed: install Chromium (e.g. apt-get install chromium).",
    );
    process.exit(r.status ?? 1);
  }
}
