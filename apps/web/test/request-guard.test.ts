// The request guard and security headers applied by src/proxy.ts to every request.
import { describe, expect, it } from "vitest";
import { guardRequest, securityHeaders } from "@/lib/http/request-guard";

const self = "https://app.example";
const req = (method: string, pathname: string, headers: Record<string, string>) =>
  guardRequest({ method, pathname, headers: new Headers(headers), selfOrigins: [self] });

describe("request guard", () => {
  it("requires same-origin for cookie-authenticated state changes, not for reads, signed webhooks or API keys", () => {
    expect(req("GET", "/t/x/calls", {})).toBeNull();
    expect(req("POST", "/t/x/agents", { origin: "https://evil.example", "content-length": "10" })?.status).toBe(403);
    expect(req("POST", "/t/x/agents", { "content-length": "10" })?.status).toBe(403);
    expect(req("POST", "/t/x/agents", { origin: self, "content-length": "10" })).toBeNull();
    expect(req("DELETE", "/api/auth/session", { origin: "null" })?.status).toBe(403);
    expect(req("POST", "/api/webhooks/livekit", { "content-length": "10" })).toBeNull();
    expect(req("POST", "/api/v1/calls", { authorization: "Bearer art_live_x" })).toBeNull();
  });

  it("answers 413 for an oversized form post and 411 for a chunked one, before Next reads it", () => {
    expect(req("POST", "/signup", { origin: self, "content-length": String(2 * 1024 * 1024) })?.status).toBe(413);
    expect(req("POST", "/signup", { origin: self, "transfer-encoding": "chunked" })?.status).toBe(411);
    expect(req("POST", "/signup", { origin: self, "content-length": "2048" })).toBeNull();
  });
});

describe("security headers", () => {
  it("sets CSP with the LiveKit host, frame-ancestors none, referrer policy, and HSTS only in production", () => {
    const prod = securityHeaders({ production: true, livekitUrl: "wss://lk.example.com" });
    expect(prod["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(prod["content-security-policy"]).toMatch(
      /connect-src 'self' wss:\/\/lk\.example\.com https:\/\/lk\.example\.com/,
    );
    expect(prod["content-security-policy"]).not.toContain("unsafe-eval");
    expect(prod["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(prod["strict-transport-security"]).toMatch(/max-age=\d+/);
    const dev = securityHeaders({ production: false, livekitUrl: null });
    expect(dev["strict-transport-security"]).toBeUndefined();
  });

  it("lets the recording player stream from the storage origin presigned URLs point at, and only there", () => {
    const withStorage = securityHeaders({ production: true, recordingsOrigin: "https://storage.example.com" });
    expect(withStorage["content-security-policy"]).toContain("media-src 'self' blob: https://storage.example.com;");
    const without = securityHeaders({ production: true });
    expect(without["content-security-policy"]).toContain("media-src 'self' blob:;");
  });
});
