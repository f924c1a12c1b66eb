// @articulate/testing/s3: a local S3-compatible server speaking the real S3
// REST protocol, for the recordings code under test (@aws-sdk/client-s3 and the
// presigner). Objects are stored by @20minutes/s3rver, which checks SigV4
// signatures (a tampered presigned URL gets 403) and expiry, serves Range
// (206, and 416 beyond the object) and ListObjectsV2. In front of it sits a
// small gate doing what a private bucket does and s3rver does not: an
// unsigned request is AccessDenied, so an object is never public.
/// <reference path="./s3rver.d.ts" />
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import S3rver from "@20minutes/s3rver";

export interface S3Fake {
  /** Server endpoint (path-style): http://127.0.0.1:<port> */
  endpoint: string;
  bucket: string;
  region: string;
  /** s3rver's fixed credentials. */
  accessKeyId: string;
  secretAccessKey: string;
  /** Every request that reached the gate: method, path, whether it carried a signature. */
  requests: Array<{ method: string; path: string; signed: boolean; range: string | null }>;
  /** Makes the next `n` requests fail with 503 SlowDown (storage outage). */
  failNext(n: number): void;
  close(): Promise<void>;
}

const ACCESS_DENIED = `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>`;
const SLOW_DOWN = `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>`;

function isSigned(req: http.IncomingMessage): boolean {
  if (req.headers.authorization?.startsWith("AWS4-HMAC-SHA256 ")) return true;
  const q = new URL(req.url ?? "/", "http://x").searchParams;
  return q.get("X-Amz-Algorithm") === "AWS4-HMAC-SHA256" && q.has("X-Amz-Signature");
}

export async function startS3Fake(opts: { bucket?: string; region?: string } = {}): Promise<S3Fake> {
  const bucket = opts.bucket ?? "recordings";
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "articulate-s3-"));
  const store = new S3rver({
    port: 0,
    address: "127.0.0.1",
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const inner = await store.run();
  const requests: S3Fake["requests"] = [];
  let failures = 0;

  // The gate forwards byte-for-byte, keeping the Host header: SigV4 signs it,
  // and s3rver verifies against what the client signed (the gate's address).
  const gate = http.createServer((req, res) => {
    const signed = isSigned(req);
    requests.push({
      method: req.method ?? "GET",
      path: new URL(req.url ?? "/", "http://x").pathname,
      signed,
      range: req.headers.range ?? null,
    });
    if (failures > 0) {
      failures--;
      res.writeHead(503, { "content-type": "application/xml" }).end(SLOW_DOWN);
      req.resume();
      return;
    }
    if (!signed) {
      res.writeHead(403, { "content-type": "application/xml" }).end(ACCESS_DENIED);
      req.resume();
      return;
    }
    const upstream = http.request(
      { host: "127.0.0.1", port: inner.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on("error", (err) => res.writeHead(502).end(String(err)));
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => gate.listen(0, "127.0.0.1", resolve));
  const port = (gate.address() as AddressInfo).port;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    region: opts.region ?? "ap-southeast-2",
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    requests,
    failNext(n) {
      failures = n;
    },
    async close() {
      gate.closeAllConnections();
      await new Promise<void>((resolve) => gate.close(() => resolve()));
      await store.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
