// Call recordings end to end against the LiveKit fake (Egress over Twirp, signed
// egress webhooks) and the local S3 server, with the real livekit-server-sdk
// and @aws-sdk clients: start when answered → room finished → file in storage,
// recording ready → presigned Range playback → retention purge. Plus failures,
// out-of-order and duplicate webhooks, isolation and the caller privacy request.

import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { RecordingStorageConfig } from "@articulate/config";
import { platformDb } from "@articulate/db";
import {
  applyEgressInfo,
  deleteCallerData,
  deleteRecording,
  purgeExpiredRecordings,
  RecordingStorage,
  recordingPlayback,
  startCallRecording,
  storageUsedByTenant,
} from "@articulate/recordings";
import { type LiveKitFake, RECORDING_FIXTURE, startLiveKitFake } from "@articulate/testing/livekit";
import { type S3Fake, startS3Fake } from "@articulate/testing/s3";
import { EgressInfo, EgressStatus, RoomServiceClient } from "livekit-server-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleLiveKitWebhook, markCallAnswered, saveMessage, startCall } from "../src/index";
import { createTenantWithAgent, roomName } from "./fixtures";

let lk: LiveKitFake;
let s3: S3Fake;
let storageConfig: RecordingStorageConfig;
let storage: RecordingStorage;
let receiver: http.Server;
const outcomes: string[] = [];
const fixtureSize = fs.statSync(RECORDING_FIXTURE).size;

beforeAll(async () => {
  lk = await startLiveKitFake();
  s3 = await startS3Fake();
  storageConfig = {
    endpoint: s3.endpoint,
    publicEndpoint: s3.endpoint,
    bucket: s3.bucket,
    region: s3.region,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
    forcePathStyle: true,
  };
  storage = new RecordingStorage(storageConfig);
  // Stands in for the web app's /api/webhooks/livekit route (same handler).
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const r = await handleLiveKitWebhook(Buffer.concat(chunks).toString("utf8"), req.headers.authorization, {
        apiKey: lk.apiKey,
        apiSecret: lk.apiSecret,
      });
      outcomes.push(r.body.outcome);
      res.writeHead(r.status, { "content-type": "application/json" }).end(JSON.stringify(r.body));
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  lk.egress.webhookUrls = [`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/webhooks/livekit`];
});
afterAll(async () => {
  storage.destroy();
  receiver.closeAllConnections();
  await new Promise((r) => receiver.close(r));
  await lk.close();
  await s3.close();
});

const livekit = () => ({ url: lk.url, apiKey: lk.apiKey, apiSecret: lk.apiSecret });
const rooms = () => new RoomServiceClient(lk.url, lk.apiKey, lk.apiSecret);
const row = (id: string) => platformDb().call.findUniqueOrThrow({ where: { id } });

async function answeredCall(label: string, opts: { recording?: boolean; from?: string; tenantId?: string } = {}) {
  const base = opts.tenantId ? null : await createTenantWithAgent(label);
  const tenantId = opts.tenantId ?? base!.tenant.id;
  const agent = base ? base.agent : await platformDb().agent.findFirstOrThrow({ where: { tenantId } });
  await platformDb().agent.update({
    where: { id: agent.id },
    data: { recordingEnabled: opts.recording ?? true, recordingRetentionDays: 7 },
  });
  if (base) {
    // An endpoint subscribed to recording.ready, so the outbox shows the event.
    await platformDb().webhookEndpoint.create({
      data: { tenantId, url: "https://hooks.example.com/a", secretEnc: "unused", events: ["recording.ready"] },
    });
  }
  const room = roomName();
  await rooms().createRoom({ name: room });
  const call = await startCall({
    tenantId,
    roomName: room,
    direction: "INBOUND",
    fromNumber: opts.from ?? "+61400000000",
    toNumber: "+61255501234",
    agentId: agent.id,
  });
  await markCallAnswered({ tenantId, callId: call.id });
  return { tenantId, call, room };
}

describe("call recordings", () => {
  it("happy path: egress started with the room and S3 output → ready → Range playback → purge", async () => {
    const { tenantId, call, room } = await answeredCall("rec-happy");
    const started = await startCallRecording({ tenantId, callId: call.id, livekit: livekit(), storage: storageConfig });
    expect(started.outcome).toBe("started");

    const req = lk.state.requests.filter((r) => r.service === "livekit.Egress").at(-1)!;
    expect(req.method).toBe("StartRoomCompositeEgress");
    expect(req.claims.video).toMatchObject({ roomRecord: true });
    expect(req.body).toMatchObject({ roomName: room, audioOnly: true });
    const file = (req.body.fileOutputs as Array<Record<string, unknown>>)[0]!;
    const yyyy = String(new Date().getUTCFullYear());
    expect(file).toMatchObject({ fileType: "OGG", disableManifest: true });
    expect(file.filepath).toMatch(new RegExp(`^${tenantId}/${yyyy}/\\d{2}/${call.id}\\.ogg$`));
    expect(file.s3).toMatchObject({ bucket: s3.bucket, endpoint: s3.endpoint, forcePathStyle: true });

    await lk.egress.idle();
    expect((await row(call.id)).recordingState).toBe("RECORDING");

    // The caller hangs up: the room is deleted, egress uploads and reports.
    await rooms().deleteRoom(room);
    await lk.egress.idle();
    const ready = await row(call.id);
    expect(ready.recordingState).toBe("READY");
    expect(ready.recordingKey).toBe(file.filepath);
    expect(Number(ready.recordingSizeBytes)).toBe(fixtureSize);
    expect(ready.recordingDurationMs).toBe(14428);
    expect(ready.recordingExpiresAt!.getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    expect(ready.status).toBe("IN_PROGRESS"); // the recording never touches the call itself
    const events = lk.egress.deliveries.filter((d) => d.egressId === ready.recordingEgressId);
    expect(events.map((d) => d.event)).toEqual(["egress_started", "egress_updated", "egress_updated", "egress_ended"]);
    expect(events.every((d) => d.status === 200)).toBe(true);
    const outbox = await platformDb().webhookDelivery.findMany({ where: { tenantId, eventType: "recording.ready" } });
    expect(outbox).toHaveLength(1);
    expect(await storageUsedByTenant(tenantId)).toBe(fixtureSize);

    const playback = await recordingPlayback({ tenantId, callId: call.id, storage });
    if (!playback.ok) throw new Error(playback.message);
    const part = await fetch(playback.url, { headers: { range: "bytes=100-199" } });
    expect(part.status).toBe(206);
    expect((await part.arrayBuffer()).byteLength).toBe(100);
    expect((await fetch(playback.url, { headers: { range: `bytes=${fixtureSize}-` } })).status).toBe(416);

    // Retention: not yet due, then due.
    expect(await purgeExpiredRecordings({ storage })).toEqual({ deleted: 0, failed: 0 });
    const later = new Date(Date.now() + 8 * 86_400_000);
    expect((await purgeExpiredRecordings({ storage, now: later })).deleted).toBeGreaterThanOrEqual(1);
    expect(await storage.size(ready.recordingKey!)).toBeNull();
    const purged = await row(call.id);
    expect(purged.recordingState).toBe("DELETED");
    expect(purged.endedAt).toBeNull(); // metadata kept untouched
    expect(await purgeExpiredRecordings({ storage, now: later })).toEqual({ deleted: 0, failed: 0 });
    expect((await recordingPlayback({ tenantId, callId: call.id, storage })).ok).toBe(false);
  });

  it("does nothing when the agent has recordings off", async () => {
    const { tenantId, call } = await answeredCall("rec-off", { recording: false });
    const before = lk.state.requests.length;
    expect(await startCallRecording({ tenantId, callId: call.id, livekit: livekit(), storage: storageConfig })).toEqual(
      { outcome: "skipped", reason: "disabled" },
    );
    expect(lk.state.requests.length).toBe(before);
    expect((await row(call.id)).recordingState).toBe("NONE");
  });

  it("an egress refused at start marks the recording failed and leaves the call alone", async () => {
    const { tenantId, call } = await answeredCall("rec-refused");
    lk.egress.failNextStart();
    const r = await startCallRecording({ tenantId, callId: call.id, livekit: livekit(), storage: storageConfig });
    expect(r.outcome).toBe("failed");
    const after = await row(call.id);
    expect(after.recordingState).toBe("FAILED");
    expect(after.recordingError).toMatch(/no response from egress service/);
    expect(after.status).toBe("IN_PROGRESS");
    // A room that does not exist (the caller already left) is refused by egress the same way.
    const gone = await answeredCall("rec-gone");
    await rooms().deleteRoom(gone.room);
    const r2 = await startCallRecording({
      tenantId: gone.tenantId,
      callId: gone.call.id,
      livekit: livekit(),
      storage: storageConfig,
    });
    expect(r2.outcome).toBe("failed");
    expect((await row(gone.call.id)).recordingError).toMatch(/room does not exist/);
  });

  it("egress_ended with a failure is shown with its reason; bad storage credentials fail the upload", async () => {
    const { tenantId, call, room } = await answeredCall("rec-fail");
    await startCallRecording({ tenantId, callId: call.id, livekit: livekit(), storage: storageConfig });
    lk.egress.failNextEgress("pipeline stalled");
    await rooms().deleteRoom(room);
    await lk.egress.idle();
    expect(await row(call.id)).toMatchObject({ recordingState: "FAILED", recordingError: "pipeline stalled" });

    const bad = await answeredCall("rec-badkey");
    await startCallRecording({
      tenantId: bad.tenantId,
      callId: bad.call.id,
      livekit: livekit(),
      storage: { ...storageConfig, secretAccessKey: "wrong" },
    });
    await rooms().deleteRoom(bad.room);
    await lk.egress.idle();
    const failed = await row(bad.call.id);
    expect(failed.recordingState).toBe("FAILED");
    expect(failed.recordingError).toMatch(/failed to upload/);
  });

  it("webhooks out of order and duplicated end in the same state; unknown egress is acknowledged", async () => {
    const { tenantId, call, room } = await answeredCall("rec-order");
    const urls = lk.egress.webhookUrls;
    lk.egress.webhookUrls = []; // capture, deliver by hand
    try {
      // Webhooks are addressed to no URL now; the start response still records the egress id.
      await startCallRecording({ tenantId, callId: call.id, livekit: livekit(), storage: storageConfig });
      await rooms().deleteRoom(room);
      await lk.egress.idle();
    } finally {
      lk.egress.webhookUrls = urls;
    }
    const egressId = (await row(call.id)).recordingEgressId!;
    const info = lk.egress.egresses.get(egressId)!;
    const signedEnded = await lk.egress.sign("egress_ended", info);
    const keys = { apiKey: lk.apiKey, apiSecret: lk.apiSecret };
    // egress_ended first, then the older updates arrive late, then the same delivery again.
    expect((await handleLiveKitWebhook(signedEnded.body, signedEnded.authorization, keys)).body.outcome).toBe(
      "recording_egress_ended",
    );
    const ready = await row(call.id);
    expect(ready.recordingState).toBe("READY");
    const late = info.clone();
    late.status = EgressStatus.EGRESS_ACTIVE;
    const signedLate = await lk.egress.sign("egress_updated", late);
    expect((await handleLiveKitWebhook(signedLate.body, signedLate.authorization, keys)).body.outcome).toBe(
      "recording_stale",
    );
    expect((await handleLiveKitWebhook(signedEnded.body, signedEnded.authorization, keys)).body.outcome).toBe(
      "duplicate",
    );
    // The same egress_ended again under a new event id (LiveKit retried it) changes nothing either.
    const again = await lk.egress.sign("egress_ended", info);
    expect((await handleLiveKitWebhook(again.body, again.authorization, keys)).body.outcome).toBe("recording_stale");
    expect(await row(call.id)).toEqual(ready);
    const outbox = await platformDb().webhookDelivery.count({ where: { tenantId, eventType: "recording.ready" } });
    expect(outbox).toBe(1);

    const stranger = new EgressInfo({ egressId: "EG_unknown", roomName: "room-of-nobody", status: 1 });
    const signed = await lk.egress.sign("egress_started", stranger);
    const r = await handleLiveKitWebhook(signed.body, signed.authorization, keys);
    expect(r.status).toBe(200);
    expect(r.body.outcome).toBe("recording_no_call");
  });

  it("egress_started that overtakes the start response still finds its call by room", async () => {
    const { call, room } = await answeredCall("rec-race");
    const info = new EgressInfo({ egressId: "EG_race1", roomName: room, status: EgressStatus.EGRESS_STARTING });
    expect((await applyEgressInfo(info)).outcome).toBe("applied");
    expect(await row(call.id)).toMatchObject({ recordingEgressId: "EG_race1", recordingState: "RECORDING" });
  });

  it("another tenant's call id gets not_found", async () => {
    const { call } = await answeredCall("rec-owner");
    const { tenant: other } = await createTenantWithAgent("rec-other");
    const r = await recordingPlayback({ tenantId: other.id, callId: call.id, storage });
    expect(r).toMatchObject({ ok: false, reason: "not_found" });
    expect(
      await deleteRecording({ tenantId: other.id, callId: call.id, storage, actor: { type: "user", id: null } }),
    ).toBe(false);
  });

  it("deletes one recording (audited) and honours a caller's privacy request with counts", async () => {
    const caller = "+61411222333";
    const first = await answeredCall("rec-privacy", { from: caller });
    const second = await answeredCall("", { from: caller, tenantId: first.tenantId });
    const otherCaller = await answeredCall("", { from: "+61499888777", tenantId: first.tenantId });
    for (const c of [first, second, otherCaller]) {
      await startCallRecording({ tenantId: c.tenantId, callId: c.call.id, livekit: livekit(), storage: storageConfig });
      await rooms().deleteRoom(c.room);
    }
    await lk.egress.idle();
    const tenantId = first.tenantId;
    await platformDb().transcriptSegment.createMany({
      data: [first, second, otherCaller].flatMap((c, i) => [
        { tenantId, callId: c.call.id, sequence: 0, speaker: "AGENT" as const, text: `hello ${i}` },
        { tenantId, callId: c.call.id, sequence: 1, speaker: "CALLER" as const, text: `hi ${i}` },
      ]),
    });
    await saveMessage({
      tenantId,
      callId: first.call.id,
      callerName: "Sam",
      callbackNumber: caller,
      reason: "Book a check up",
    });

    // One recording, from the call page.
    const user = { type: "user" as const, id: "user_1" };
    expect(await deleteRecording({ tenantId, callId: otherCaller.call.id, storage, actor: user })).toBe(true);
    expect((await row(otherCaller.call.id)).recordingState).toBe("DELETED");
    expect(await storage.size((await row(otherCaller.call.id)).recordingKey!)).toBeNull();
    expect(
      await platformDb().auditLog.count({
        where: { tenantId, action: "recording.deleted", targetId: otherCaller.call.id },
      }),
    ).toBe(1);
    expect(await deleteRecording({ tenantId, callId: otherCaller.call.id, storage, actor: user })).toBe(false);

    const result = await deleteCallerData({ tenantId, callerNumber: caller, storage, actor: user });
    expect(result).toEqual({ calls: 2, recordings: 2, transcriptSegments: 4, messages: 1 });
    for (const c of [first, second]) {
      const r = await row(c.call.id);
      expect(r.recordingState).toBe("DELETED");
      expect(await storage.size(r.recordingKey!)).toBeNull();
    }
    // The other caller's transcript stays.
    expect(await platformDb().transcriptSegment.count({ where: { callId: otherCaller.call.id } })).toBe(2);
    const audit = await platformDb().auditLog.findFirstOrThrow({
      where: { tenantId, action: "recording.caller_data_deleted" },
    });
    expect(audit.data).toMatchObject({ recordings: 2, callerNumberEnding: "333" });
  });
});
