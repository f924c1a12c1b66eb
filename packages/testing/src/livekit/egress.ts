// The Egress service of the LiveKit fake (livekit.Egress over Twirp), enough
// for audio-only room composite recordings to S3. It enforces what the real
// service does: the roomRecord grant (any room), an existing room, exactly one
// file output with a known file type (OGG needs audioOnly), and
// failed_precondition when stopping an ended egress. When the room finishes it
// uploads a real audio file through the S3 API with the credentials of the
// request (as egress does) and sends the signed egress webhooks in order:
// egress_started, egress_updated (ACTIVE), egress_updated (ENDING),
// egress_ended (COMPLETE, or FAILED with the upload error).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { EgressInfo, EgressStatus, WebhookEvent } from "livekit-server-sdk";
import { type Body, bool, invalid, notFound, obj, pick, str, TwirpFailure } from "./twirp";

/** A real Ogg audio file (speech, 14.4 s) uploaded as every recording. */
export const RECORDING_FIXTURE = path.join(import.meta.dirname, "../../fixtures/call-recording.ogg");
/** Its duration in nanoseconds, as egress reports it. */
export const RECORDING_FIXTURE_DURATION_NS = 14_428_375_000n;

const FILE_TYPES: Record<string, string> = {
  DEFAULT_FILETYPE: "ogg",
  OGG: "ogg",
  MP4: "mp4",
  MP3: "mp3",
  "0": "ogg",
  "1": "mp4",
  "2": "ogg",
  "3": "mp3",
};

interface S3Target {
  accessKey: string;
  secret: string;
  region: string;
  endpoint: string;
  bucket: string;
  forcePathStyle: boolean;
}

interface FakeEgress {
  info: EgressInfo;
  upload: S3Target | null;
  /** Per-request webhook targets (the request's `webhooks`), else the server's. */
  webhookUrls: string[];
}

export interface EgressWebhookDelivery {
  event: string;
  egressId: string;
  body: string;
  authorization: string;
  status: number | null;
}

export interface EgressFakeControls {
  /** Where the server sends webhooks (livekit.yaml `webhook.urls`). */
  webhookUrls: string[];
  egresses: Map<string, EgressInfo>;
  /** Every webhook sent, in order (bodies and signatures, to replay out of order in tests). */
  deliveries: EgressWebhookDelivery[];
  /** The next Start* call fails like an egress cluster with no free worker. */
  failNextStart(message?: string): void;
  /** The next egress to finish ends FAILED with this error instead of uploading. */
  failNextEgress(error: string): void;
  /** Ends every active egress of the room (the room finished) and waits for uploads and webhooks. */
  finishRoom(roomName: string): Promise<void>;
  /** Resolves when every queued webhook has been delivered. */
  idle(): Promise<void>;
  /** Signs an egress webhook the way livekit-server does (for hand-made out-of-order tests). */
  sign(event: string, info: EgressInfo): Promise<{ body: string; authorization: string }>;
}

type Claims = { video?: { roomRecord?: boolean } };
type Handler = (body: Body, claims: Claims) => unknown;

function newId(prefix: string): string {
  return prefix + crypto.randomBytes(9).toString("base64url").replace(/[-_]/g, "x");
}

const nowNs = () => BigInt(Date.now()) * 1_000_000n;

/** Egress's filepath templating: {room_name} {room_id} {time} {utc}; empty or a folder → {room_name}-{time}. */
function templatedFilename(filepath: string, roomName: string, roomId: string, ext: string): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  const time = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
  let p = filepath === "" || filepath.endsWith("/") ? `${filepath}{room_name}-{time}` : filepath;
  p = p
    .replaceAll("{room_name}", roomName)
    .replaceAll("{room_id}", roomId)
    .replaceAll("{time}", time)
    .replaceAll("{utc}", String(Math.floor(d.getTime() / 1000)));
  return p.endsWith(`.${ext}`) ? p : `${p.replace(/\.[A-Za-z0-9]+$/, "")}.${ext}`;
}

export function createEgressService(deps: {
  roomExists(name: string): { sid: string } | null;
  signEvent(event: WebhookEvent): Promise<{ body: string; authorization: string }>;
}): { handlers: Record<string, Handler>; controls: EgressFakeControls } {
  const egresses = new Map<string, FakeEgress>();
  const pendingStartFailures: string[] = [];
  const pendingEgressFailures: string[] = [];
  let queue: Promise<void> = Promise.resolve();
  /** Egresses finishing (uploading) right now: idle() waits for them too. */
  const finishing = new Set<Promise<void>>();
  const track = (p: Promise<void>) => {
    finishing.add(p);
    void p.finally(() => finishing.delete(p));
    return p;
  };

  const requireRecord = (c: Claims) => {
    if (!c.video?.roomRecord)
      throw new TwirpFailure("unauthenticated", "permissions denied: requires roomRecord grant");
  };

  const deliver = (event: string, e: FakeEgress) => {
    const info = e.info.clone();
    queue = queue.then(async () => {
      const w = new WebhookEvent({
        egressInfo: info,
        id: newId("EV_"),
        createdAt: BigInt(Math.floor(Date.now() / 1000)),
      });
      w.event = event as WebhookEvent["event"]; // the SDK's WebhookEvent constructor resets `event`
      const signed = await deps.signEvent(w);
      for (const url of e.webhookUrls) {
        const record: EgressWebhookDelivery = { event, egressId: info.egressId, ...signed, status: null };
        controls.deliveries.push(record);
        try {
          const res = await fetch(url, {
            method: "POST",
            headers: { "content-type": "application/webhook+json", authorization: signed.authorization },
            body: signed.body,
          });
          record.status = res.status;
        } catch {
          record.status = 0; // delivery failed; real LiveKit drops it too
        }
      }
    });
  };

  function parseUpload(file: Body): S3Target | null {
    const s3 = obj(file, "s3");
    if (!s3) return null;
    return {
      accessKey: str(s3, "accessKey"),
      secret: str(s3, "secret"),
      region: str(s3, "region"),
      endpoint: str(s3, "endpoint"),
      bucket: str(s3, "bucket"),
      forcePathStyle: bool(s3, "forcePathStyle"),
    };
  }

  function start(body: Body, c: Claims): EgressInfo {
    requireRecord(c);
    const roomName = str(body, "roomName");
    if (!roomName) throw invalid("room_name is required");
    // Output: `fileOutputs` (v2) or the legacy oneof `file`; exactly one file output.
    const fileOutputs = pick(body, "fileOutputs");
    const files = Array.isArray(fileOutputs) ? (fileOutputs as Body[]) : [];
    const legacy = obj(body, "file");
    if (legacy) files.push(legacy);
    const others = ["streamOutputs", "segmentOutputs", "imageOutputs"].some((k) => {
      const v = pick(body, k);
      return Array.isArray(v) && v.length > 0;
    });
    if (files.length === 0 && !others) throw invalid("missing output");
    if (files.length > 1) throw invalid("multiple file outputs not supported");
    const file = files[0];
    if (!file) throw new TwirpFailure("unimplemented", "the fake supports file outputs only");
    const rawType = pick(file, "fileType") ?? "DEFAULT_FILETYPE";
    const ext = FILE_TYPES[String(rawType)];
    if (!ext) throw invalid(`invalid file type: ${String(rawType)}`);
    const audioOnly = bool(body, "audioOnly");
    if (ext === "ogg" && !audioOnly) throw invalid("ogg does not support video: set audio_only");
    if (ext === "mp3" && !audioOnly) throw invalid("mp3 does not support video: set audio_only");
    const failure = pendingStartFailures.shift();
    if (failure !== undefined) throw new TwirpFailure("unavailable", failure);
    const room = deps.roomExists(roomName);
    if (!room) throw notFound("requested room does not exist");

    const webhooks = pick(body, "webhooks");
    const perRequest = Array.isArray(webhooks) ? (webhooks as Body[]).map((w) => str(w, "url")).filter(Boolean) : [];
    const now = nowNs();
    const info = new EgressInfo({
      egressId: newId("EG_"),
      roomId: room.sid,
      roomName,
      status: EgressStatus.EGRESS_STARTING,
      startedAt: now,
      updatedAt: now,
      fileResults: [{ filename: templatedFilename(str(file, "filepath"), roomName, room.sid, ext) }],
    });
    const e: FakeEgress = {
      info,
      upload: parseUpload(file),
      webhookUrls: perRequest.length ? perRequest : controls.webhookUrls,
    };
    egresses.set(info.egressId, e);
    controls.egresses.set(info.egressId, info);
    deliver("egress_started", e);
    info.status = EgressStatus.EGRESS_ACTIVE;
    info.updatedAt = nowNs();
    deliver("egress_updated", e);
    return info;
  }

  async function finish(e: FakeEgress): Promise<void> {
    const info = e.info;
    info.status = EgressStatus.EGRESS_ENDING;
    info.updatedAt = nowNs();
    deliver("egress_updated", e);
    const failure = pendingEgressFailures.shift();
    const result = info.fileResults[0];
    if (failure !== undefined) {
      info.status = EgressStatus.EGRESS_FAILED;
      info.error = failure;
    } else if (result) {
      const audio = fs.readFileSync(RECORDING_FIXTURE);
      try {
        if (e.upload) {
          const client = new S3Client({
            endpoint: e.upload.endpoint || undefined,
            region: e.upload.region || "us-east-1",
            forcePathStyle: e.upload.forcePathStyle,
            credentials: { accessKeyId: e.upload.accessKey, secretAccessKey: e.upload.secret },
            requestChecksumCalculation: "WHEN_REQUIRED",
            maxAttempts: 1,
          });
          await client.send(
            new PutObjectCommand({
              Bucket: e.upload.bucket,
              Key: result.filename,
              Body: audio,
              ContentType: "audio/ogg",
            }),
          );
          client.destroy();
          result.location = `${e.upload.endpoint}/${e.upload.bucket}/${result.filename}`;
        }
        result.size = BigInt(audio.length);
        result.duration = RECORDING_FIXTURE_DURATION_NS;
        result.startedAt = info.startedAt;
        result.endedAt = nowNs();
        info.status = EgressStatus.EGRESS_COMPLETE;
      } catch (err) {
        info.status = EgressStatus.EGRESS_FAILED;
        info.error = `failed to upload file: ${(err as Error).name}: ${(err as Error).message}`;
      }
    }
    info.endedAt = nowNs();
    info.updatedAt = info.endedAt;
    deliver("egress_ended", e);
    await queue;
  }

  const active = (e: FakeEgress) =>
    e.info.status === EgressStatus.EGRESS_STARTING || e.info.status === EgressStatus.EGRESS_ACTIVE;

  const handlers: Record<string, Handler> = {
    StartRoomCompositeEgress: start,
    ListEgress(body, c) {
      requireRecord(c);
      const roomName = str(body, "roomName");
      const egressId = str(body, "egressId");
      const onlyActive = bool(body, "active");
      const items = [...egresses.values()]
        .filter((e) => (!roomName || e.info.roomName === roomName) && (!egressId || e.info.egressId === egressId))
        .filter((e) => !onlyActive || active(e))
        .map((e) => e.info.toJson({ useProtoFieldName: true, emitDefaultValues: true }));
      return { items, next_page_token: null };
    },
    StopEgress(body, c) {
      requireRecord(c);
      const e = egresses.get(str(body, "egressId"));
      if (!e) throw notFound("egress not found");
      if (!active(e)) throw new TwirpFailure("failed_precondition", "egress already ended");
      const before = e.info.clone();
      void track(finish(e));
      before.status = EgressStatus.EGRESS_ENDING;
      return before;
    },
  };

  const controls: EgressFakeControls = {
    webhookUrls: [],
    egresses: new Map(),
    deliveries: [],
    failNextStart(message = "no response from egress service") {
      pendingStartFailures.push(message);
    },
    failNextEgress(error) {
      pendingEgressFailures.push(error);
    },
    async finishRoom(roomName) {
      const ending = [...egresses.values()].filter((e) => e.info.roomName === roomName && active(e));
      for (const e of ending) await track(finish(e));
      await queue;
    },
    async idle() {
      while (finishing.size > 0) await Promise.allSettled([...finishing]);
      await queue;
    },
    async sign(event, info) {
      const w = new WebhookEvent({
        egressInfo: info,
        id: newId("EV_"),
        createdAt: BigInt(Math.floor(Date.now() / 1000)),
      });
      w.event = event as WebhookEvent["event"];
      return deps.signEvent(w);
    },
  };
  return { handlers, controls };
}
