// Runs before every page, route handler and server action: the request guard
// (body limits, same-origin for state changes) and the security headers.
import { recordingStorageConfig } from "@articulate/config";
import { type NextRequest, NextResponse } from "next/server";
import { appUrl, env, livekitConfig } from "@/env";
import { guardRequest, securityHeaders } from "@/lib/http/request-guard";

/** The origin presigned recording URLs use (the S3 endpoint browsers reach, or AWS S3's bucket host). */
function recordingsOrigin(): string | null {
  const storage = recordingStorageConfig(env());
  if (!storage) return null;
  try {
    return new URL(storage.publicEndpoint ?? `https://${storage.bucket}.s3.${storage.region}.amazonaws.com`).origin;
  } catch {
    return null;
  }
}

export function proxy(request: NextRequest): NextResponse {
  const headers = securityHeaders({
    production: env().NODE_ENV === "production",
    livekitUrl: livekitConfig()?.publicUrl ?? null,
    recordingsOrigin: recordingsOrigin(),
  });
  const host = request.headers.get("host");
  const refusal = guardRequest({
    method: request.method,
    pathname: request.nextUrl.pathname,
    headers: request.headers,
    selfOrigins: [new URL(appUrl()).origin, ...(host ? [`${request.nextUrl.protocol}//${host}`] : [])],
  });
  const response = refusal
    ? NextResponse.json({ error: { status: refusal.status, message: refusal.message } }, { status: refusal.status })
    : NextResponse.next();
  for (const [k, v] of Object.entries(headers)) response.headers.set(k, v);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
