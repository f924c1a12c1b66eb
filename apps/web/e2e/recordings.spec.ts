// Call recordings in the dashboard (#15): play a recorded call, seek by
// clicking a transcript line (the line is highlighted), change speed, then
// delete the recording behind a confirmation. The recording is a real Ogg
// audio file in the local S3 server, streamed through a presigned URL.
import crypto from "node:crypto";
import fs from "node:fs";
import { RECORDING_FIXTURE } from "@articulate/testing/livekit";
import { HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { expect, test } from "@playwright/test";
import { createBusiness, screenshot, signUp, sql } from "./helpers";

function s3(): S3Client {
  return new S3Client({
    endpoint: process.env.S3_ENDPOINT,
    region: process.env.S3_REGION,
    forcePathStyle: true,
    credentials: {
      accessKeyId: process.env.S3_ACCESS_KEY_ID ?? "",
      secretAccessKey: process.env.S3_SECRET_ACCESS_KEY ?? "",
    },
    requestChecksumCalculation: "WHEN_REQUIRED",
  });
}

test("play a recorded call, seek from the transcript, delete the recording", async ({ page }) => {
  const email = `rec-${crypto.randomBytes(4).toString("hex")}@e2e.test`;
  await signUp(page, { name: "Rita Recorder", email, password: "correct horse battery staple" });
  const slug = await createBusiness(page, "Harbour Dental Recordings");
  const [tenant] = await sql<{ id: string }>(`SELECT id FROM "Tenant" WHERE slug = $1`, [slug]);
  const tenantId = tenant!.id;
  const callId = `c${crypto.randomBytes(10).toString("hex")}`;
  const key = `${tenantId}/2026/11/${callId}.ogg`;
  const audio = fs.readFileSync(RECORDING_FIXTURE);
  const client = s3();
  await client.send(new PutObjectCommand({ Bucket: process.env.S3_BUCKET, Key: key, Body: audio }));
  await sql(
    `INSERT INTO "Call" (id, "tenantId", direction, "fromNumber", "toNumber", "roomName", status, "answeredAt", "endedAt",
       "billableSeconds", "billableMinutes", "updatedAt", "recordingState", "recordingKey", "recordingSizeBytes",
       "recordingDurationMs", "recordingExpiresAt")
     VALUES ($1, $2, 'INBOUND', '+61411222333', '+61255501234', $3, 'COMPLETED', now() - interval '1 minute', now(),
       15, 1, now(), 'READY', $4, $5, 14428, now() + interval '30 days')`,
    [callId, tenantId, `call-${callId}`, key, audio.length],
  );
  // The fixture: the agent speaks from 0 s, the caller from about 9.3 s.
  await sql(
    `INSERT INTO "TranscriptSegment" ("tenantId", "callId", sequence, speaker, text, "startMs", "endMs") VALUES
       ($1, $2, 0, 'AGENT', 'Thanks for calling Harbour Dental. This call may be recorded.', 0, 9300),
       ($1, $2, 1, 'CALLER', 'I would like to book a check up for next Tuesday morning.', 9400, 14400)`,
    [tenantId, callId],
  );

  await page.goto(`/t/${slug}/calls`);
  // The list renders cards on phones and a table from md up: count the table's badge.
  await expect(page.locator("table").getByTestId("has-recording")).toHaveCount(1);
  await page.goto(`/t/${slug}/calls/${callId}`);
  const player = page.getByTestId("recording-audio");
  await expect(page.getByRole("button", { name: "Play" })).toBeVisible();

  // Play: time moves.
  await page.getByRole("button", { name: "Play" }).click();
  await expect(page.getByRole("button", { name: "Pause" })).toBeVisible();
  await expect
    .poll(() => player.evaluate((el: HTMLAudioElement) => el.currentTime), { timeout: 20_000 })
    .toBeGreaterThan(0.3);
  await screenshot(page, "recording-player-1366");

  // Seek by clicking the caller's line: playback jumps there and that line is highlighted.
  const lines = page.getByTestId("transcript-line");
  await lines.nth(1).click();
  await expect
    .poll(() => player.evaluate((el: HTMLAudioElement) => el.currentTime), { timeout: 20_000 })
    .toBeGreaterThanOrEqual(9.3);
  await expect(lines.nth(1)).toHaveAttribute("aria-current", "true");
  await expect(lines.nth(0)).not.toHaveAttribute("aria-current", "true");

  // Speed.
  await page.getByRole("button", { name: "2×" }).click();
  await expect(page.getByRole("button", { name: "2×" })).toHaveAttribute("aria-pressed", "true");
  expect(await player.evaluate((el: HTMLAudioElement) => el.playbackRate)).toBe(2);
  await page.getByRole("button", { name: "Pause" }).click();

  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, "recording-player-390");
  await page.setViewportSize({ width: 1366, height: 900 });

  // Delete, behind a confirmation.
  await page.getByRole("button", { name: "Delete recording" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete recording" }).click();
  await expect(page.getByTestId("recording-status")).toContainText("The recording was deleted on");
  await expect(page.getByTestId("recording-audio")).toHaveCount(0);
  const [row] = await sql<{ recordingState: string }>(`SELECT "recordingState" FROM "Call" WHERE id = $1`, [callId]);
  expect(row?.recordingState).toBe("DELETED");
  await expect(client.send(new HeadObjectCommand({ Bucket: process.env.S3_BUCKET, Key: key }))).rejects.toThrow();
  const [audit] = await sql<{ n: string }>(
    `SELECT count(*)::text AS n FROM "AuditLog" WHERE "tenantId" = $1 AND action = 'recording.deleted'`,
    [tenantId],
  );
  expect(audit?.n).toBe("1");
  client.destroy();
});
