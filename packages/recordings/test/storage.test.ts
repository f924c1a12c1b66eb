// RecordingStorage (the real @aws-sdk/client-s3 and presigner) against the
// local S3-compatible server: presigned playback with Range, 416 beyond the
// object, expired and tampered URLs refused, no anonymous access, deletes.
import fs from "node:fs";
import { RECORDING_FIXTURE } from "@articulate/testing/livekit";
import { type S3Fake, startS3Fake } from "@articulate/testing/s3";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RecordingStorage, recordingObjectKey } from "../src/index";

let s3: S3Fake;
let storage: RecordingStorage;
let raw: S3Client;
const audio = fs.readFileSync(RECORDING_FIXTURE);
const key = recordingObjectKey("tenant_a", "call_1", new Date("2026-11-29T10:00:00Z"));

beforeAll(async () => {
  s3 = await startS3Fake();
  const config = {
    endpoint: s3.endpoint,
    publicEndpoint: s3.endpoint,
    bucket: s3.bucket,
    region: s3.region,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
    forcePathStyle: true,
  };
  storage = new RecordingStorage(config);
  raw = new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    requestChecksumCalculation: "WHEN_REQUIRED",
  });
  await raw.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: audio, ContentType: "audio/ogg" }));
});
afterAll(async () => {
  storage.destroy();
  raw.destroy();
  await s3.close();
});

describe("RecordingStorage", () => {
  it("keys recordings per tenant and month", () => {
    expect(key).toBe("tenant_a/2026/11/call_1.ogg");
  });

  it("streams through a presigned URL with Range (206), and 416 beyond the object", async () => {
    const url = await storage.presignGet(key);
    expect(new URL(url).searchParams.get("X-Amz-Expires")).toBe("300");
    const part = await fetch(url, { headers: { range: "bytes=0-1023" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 0-1023/${audio.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(audio.subarray(0, 1024))).toBe(true);
    const whole = await fetch(url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-type")).toBe("audio/ogg");
    expect(
      Buffer.from(await whole.arrayBuffer())
        .subarray(0, 4)
        .toString(),
    ).toBe("OggS");
    const beyond = await fetch(url, { headers: { range: `bytes=${audio.length + 10}-${audio.length + 20}` } });
    expect(beyond.status).toBe(416);
  });

  it("refuses a tampered or expired URL, and unsigned access", async () => {
    const url = new URL(await storage.presignGet(key));
    const sig = url.searchParams.get("X-Amz-Signature") ?? "";
    url.searchParams.set("X-Amz-Signature", `${sig.slice(0, -1)}${sig.endsWith("0") ? "1" : "0"}`);
    expect((await fetch(url)).status).toBe(403);
    const otherKey = new URL(await storage.presignGet(key));
    otherKey.pathname = otherKey.pathname.replace("call_1", "call_2");
    expect((await fetch(otherKey)).status).toBe(403);
    const expired = await getSignedUrl(raw, new GetObjectCommand({ Bucket: s3.bucket, Key: key }), {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 10 * 60_000),
    });
    expect((await fetch(expired)).status).toBe(403);
    expect((await fetch(`${s3.endpoint}/${s3.bucket}/${key}`)).status).toBe(403);
  });

  it("presigns with the browser-reachable endpoint", async () => {
    const browser = new RecordingStorage({ ...storage.config, publicEndpoint: "http://localhost:9000" });
    expect(new URL(await browser.presignGet(key)).host).toBe("localhost:9000");
    browser.destroy();
  });

  it("reports sizes and deletes (a missing key is fine)", async () => {
    const other = "tenant_a/2026/11/call_9.ogg";
    await raw.send(new PutObjectCommand({ Bucket: s3.bucket, Key: other, Body: audio }));
    expect(await storage.size(other)).toBe(audio.length);
    await storage.delete([other, "tenant_a/2026/11/missing.ogg"]);
    expect(await storage.size(other)).toBeNull();
  });
});
