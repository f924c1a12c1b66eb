// Recordings in the web app: the dashboard's playback route and the API's
// GET /calls/{id}/recording issue short-lived presigned URLs that stream with
// Range from the local S3 server; another tenant's call is a 404 on both;
// deleting a recording and a caller's data through the server actions.
import crypto from "node:crypto";
import fs from "node:fs";
import { platformDb } from "@articulate/db";
import { RECORDING_FIXTURE } from "@articulate/testing/livekit";
import { type S3Fake, startS3Fake } from "@articulate/testing/s3";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const session = vi.hoisted(() => ({
  user: null as null | {
    id: string;
    email: string;
    name: string | null;
    emailVerified: Date | null;
    isPlatformAdmin: boolean;
  },
}));
vi.mock("@/lib/authz/session", () => ({ getSessionUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

let s3: S3Fake;
const audio = fs.readFileSync(RECORDING_FIXTURE);

beforeAll(async () => {
  s3 = await startS3Fake();
  // Before the first env() read (it is parsed lazily, once).
  Object.assign(process.env, {
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: s3.bucket,
    S3_REGION: s3.region,
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
  });
});
afterAll(() => s3.close());

const { callApi, createApiTenant } = await import("./api-fixtures");
const apiRoute = await import("@/app/api/v1/calls/[id]/recording/route");
const dashboardRoute = await import("@/app/t/[slug]/calls/[callId]/recording/route");
const { deleteRecordingAction, deleteCallerDataAction } = await import("@/modules/recordings/actions");

async function member(tenantId: string, role: "OWNER" | "ADMIN" | "MEMBER") {
  const u = await platformDb().user.create({
    data: { email: `${role.toLowerCase()}-${crypto.randomBytes(4).toString("hex")}@test.local` },
  });
  await platformDb().membership.create({ data: { tenantId, userId: u.id, role } });
  return { id: u.id, email: u.email, name: null, emailVerified: null, isPlatformAdmin: false };
}

/** A tenant whose call has a ready recording in storage. */
async function recordedTenant(label: string) {
  const t = await createApiTenant(label);
  const key = `${t.tenant.id}/2026/11/${t.call.id}.ogg`;
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    requestChecksumCalculation: "WHEN_REQUIRED",
  });
  await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: audio, ContentType: "audio/ogg" }));
  client.destroy();
  await platformDb().call.update({
    where: { id: t.call.id },
    data: {
      recordingState: "READY",
      recordingKey: key,
      recordingSizeBytes: BigInt(audio.length),
      recordingDurationMs: 14428,
      recordingExpiresAt: new Date(Date.now() + 30 * 86_400_000),
    },
  });
  return { ...t, key };
}

const dashboardGet = (slug: string, callId: string, query = "") =>
  dashboardRoute.GET(new Request(`http://localhost/t/${slug}/calls/${callId}/recording${query}`), {
    params: Promise.resolve({ slug, callId }),
  });

describe("recording playback", () => {
  it("API: a fresh presigned link that streams with Range; 404 with a reason; another tenant's call is 404", async () => {
    const a = await recordedTenant("rec-api-a");
    const b = await createApiTenant("rec-api-b");
    const own = await callApi(apiRoute.GET, {
      key: a.secret,
      path: `/calls/${a.call.id}/recording`,
      params: { id: a.call.id },
    });
    expect(own.status).toBe(200);
    expect(own.headers.get("cache-control")).toBe("no-store");
    expect(own.json).toMatchObject({ callId: a.call.id, durationMs: 14428, sizeBytes: audio.length });
    const part = await fetch(own.json?.url, { headers: { range: "bytes=0-99" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 0-99/${audio.length}`);
    expect((await fetch(own.json?.url, { headers: { range: `bytes=${audio.length + 1}-` } })).status).toBe(416);

    const foreign = await callApi(apiRoute.GET, {
      key: b.secret,
      path: `/calls/${a.call.id}/recording`,
      params: { id: a.call.id },
    });
    expect(foreign.status).toBe(404);
    expect(foreign.json?.error.code).toBe("not_found");

    const notRecorded = await callApi(apiRoute.GET, {
      key: b.secret,
      path: `/calls/${b.call.id}/recording`,
      params: { id: b.call.id },
    });
    expect(notRecorded.status).toBe(404);
    expect(notRecorded.json?.error.message).toBe("This call was not recorded.");
  });

  it("dashboard: a member is redirected to a short-lived URL; another tenant's member gets 404", async () => {
    const a = await recordedTenant("rec-dash-a");
    const b = await createApiTenant("rec-dash-b");
    session.user = await member(a.tenant.id, "MEMBER");
    const res = await dashboardGet(a.tenant.slug, a.call.id);
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("location") ?? "");
    expect(location.searchParams.get("X-Amz-Expires")).toBe("300");
    expect((await fetch(location, { headers: { range: "bytes=0-3" } })).status).toBe(206);
    const download = await dashboardGet(a.tenant.slug, a.call.id, "?download=1");
    const downloadUrl = new URL(download.headers.get("location") ?? "");
    expect(downloadUrl.searchParams.get("response-content-disposition")).toContain("attachment");

    session.user = await member(b.tenant.id, "OWNER");
    // Their own slug with a's call id, and a's slug (not a member): both refused.
    expect((await dashboardGet(b.tenant.slug, a.call.id)).status).toBe(404);
    expect([403, 404]).toContain((await dashboardGet(a.tenant.slug, a.call.id)).status);
    session.user = null;
  });

  it("deletes one recording (admin only) and a caller's data with counts", async () => {
    const a = await recordedTenant("rec-del-a");
    session.user = await member(a.tenant.id, "MEMBER");
    const refused = await deleteRecordingAction({ status: "idle" }, { slug: a.tenant.slug, callId: a.call.id });
    expect(refused.status).toBe("error");
    session.user = await member(a.tenant.id, "ADMIN");
    const ok = await deleteRecordingAction({ status: "idle" }, { slug: a.tenant.slug, callId: a.call.id });
    expect(ok.status).toBe("success");
    expect((await platformDb().call.findUniqueOrThrow({ where: { id: a.call.id } })).recordingState).toBe("DELETED");
    expect((await dashboardGet(a.tenant.slug, a.call.id)).status).toBe(404);

    const privacy = await deleteCallerDataAction({ status: "idle" }, { slug: a.tenant.slug, callId: a.call.id });
    expect(privacy).toMatchObject({
      status: "success",
      data: { calls: 1, recordings: 0, transcriptSegments: 2, messages: 1 },
    });
    session.user = null;
  });
});
