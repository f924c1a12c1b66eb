// The recordings bucket through the real S3 client: presigned playback URLs,
// existence checks and deletes. Keys are per tenant:
// <tenantId>/<yyyy>/<mm>/<callId>.ogg (UTC month of the answer).
import type { RecordingStorageConfig } from "@articulate/config";
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";

/** Presigned playback URLs live a few minutes: enough to start and seek, useless when shared later. */
export const PLAYBACK_URL_TTL_SECONDS = 300;

export function recordingObjectKey(tenantId: string, callId: string, answeredAt: Date): string {
  const yyyy = answeredAt.getUTCFullYear();
  const mm = String(answeredAt.getUTCMonth() + 1).padStart(2, "0");
  return `${tenantId}/${yyyy}/${mm}/${callId}.ogg`;
}

function client(cfg: RecordingStorageConfig, endpoint: string | undefined): S3Client {
  return new S3Client({
    endpoint,
    region: cfg.region,
    forcePathStyle: cfg.forcePathStyle,
    credentials: { accessKeyId: cfg.accessKeyId, secretAccessKey: cfg.secretAccessKey },
    // Buffers and no streaming checksums: self-hosted servers store aws-chunked framing otherwise.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

export class RecordingStorage {
  private readonly server: S3Client;
  private readonly browser: S3Client;

  constructor(readonly config: RecordingStorageConfig) {
    this.server = client(config, config.endpoint);
    // A presigned URL signs its host, so it is made for the address browsers reach.
    this.browser = config.publicEndpoint === config.endpoint ? this.server : client(config, config.publicEndpoint);
  }

  /** A GET URL valid for `expiresIn` seconds; `downloadName` makes the browser save it under that name. */
  presignGet(key: string, opts: { expiresIn?: number; downloadName?: string } = {}): Promise<string> {
    return getSignedUrl(
      this.browser,
      new GetObjectCommand({
        Bucket: this.config.bucket,
        Key: key,
        ResponseContentType: "audio/ogg",
        ...(opts.downloadName ? { ResponseContentDisposition: `attachment; filename="${opts.downloadName}"` } : {}),
      }),
      { expiresIn: opts.expiresIn ?? PLAYBACK_URL_TTL_SECONDS },
    );
  }

  /** Size in bytes, or null when the object does not exist. */
  async size(key: string): Promise<number | null> {
    try {
      const head = await this.server.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: key }));
      return head.ContentLength ?? null;
    } catch (err) {
      if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return null;
      throw err;
    }
  }

  /** Deletes objects one by one (a missing key is not an error: S3 answers 204); throws when storage refuses one. */
  async delete(keys: string[]): Promise<void> {
    // DeleteObjects would batch, but several S3-compatible servers reject its checksum headers.
    for (const key of keys) await this.server.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: key }));
  }

  destroy(): void {
    this.server.destroy();
    if (this.browser !== this.server) this.browser.destroy();
  }
}
