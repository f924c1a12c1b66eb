// Secrets a tenant gives us or we mint for them (SIP trunk passwords, webhook
// signing secrets) are stored encrypted: AES-256-GCM. Key: ENCRYPTION_KEY (32
// bytes as 64 hex characters or base64), else ARTICULATE_SECRETS_KEY or
// AUTH_SECRET (any string, hashed to 32 bytes), else a development-only key
// (refused in production). Format: v1.<iv>.<tag>.<ciphertext> (base64url).
import crypto from "node:crypto";
import { secretsKeyEnv } from "@articulate/config";

const DEV_KEY = "articulate-development-only-secrets-key";

function secretsKey(): Buffer {
  const env = secretsKeyEnv();
  const raw = env.ENCRYPTION_KEY;
  if (raw) {
    const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, "hex") : Buffer.from(raw, "base64");
    if (key.length !== 32)
      throw new Error("ENCRYPTION_KEY must be 32 bytes: 64 hex characters or base64 (openssl rand -base64 32)");
    return key;
  }
  const configured = env.ARTICULATE_SECRETS_KEY ?? env.AUTH_SECRET;
  if (!configured && env.NODE_ENV === "production") {
    throw new Error("ENCRYPTION_KEY is not set: refusing to encrypt secrets with the development key");
  }
  return crypto
    .createHash("sha256")
    .update(configured ?? DEV_KEY)
    .digest();
}

export function encryptSecret(plaintext: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", secretsKey(), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return ["v1", iv.toString("base64url"), tag.toString("base64url"), ciphertext.toString("base64url")].join(".");
}

export function decryptSecret(stored: string): string {
  const [version, iv, tag, ciphertext] = stored.split(".");
  if (version !== "v1" || !iv || !tag || ciphertext === undefined) {
    throw new Error("Unrecognised encrypted secret format");
  }
  const decipher = crypto.createDecipheriv("aes-256-gcm", secretsKey(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}
