// One HTTP GET for the website importer, with the limits a tenant-supplied
// address needs: public addresses only (the webhook SSRF guard, checked again
// at connect time so a re-pointed DNS name cannot slip through), a time limit,
// a size limit (the body is cut off there, not refused), no redirects followed
// here (the crawler decides), and only the content types asked for.
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { isPrivateAddress, refusedDestination } from "@articulate/webhooks";
import { IMPORTER_USER_AGENT } from "./robots";

export interface FetchLimits {
  maxBytes: number;
  timeoutMs: number;
  /** Loopback and private networks allowed (local stacks and tests only). */
  allowPrivateAddresses: boolean;
}

export type FetchedPage =
  | { kind: "ok"; status: number; contentType: string; body: Buffer; truncated: boolean }
  | { kind: "redirect"; status: number; location: string }
  | { kind: "refused"; reason: string };

function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 0);
      const bad = allowPrivate ? undefined : addresses.find((a) => isPrivateAddress(a.address));
      if (bad) return callback(new Error(`${hostname} resolves to a private address (${bad.address})`), "", 0);
      if (options.all) return (callback as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new Error(`could not resolve ${hostname}`), "", 0);
      callback(null, first.address, first.family);
    });
  };
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

export async function fetchPage(url: URL, accept: RegExp, limits: FetchLimits): Promise<FetchedPage> {
  if (url.protocol !== "http:" && url.protocol !== "https:") return { kind: "refused", reason: "not a web address" };
  if (!limits.allowPrivateAddresses) {
    const refused = await refusedDestination(url.toString());
    if (refused) return { kind: "refused", reason: refused };
  }
  const client = url.protocol === "https:" ? https : http;
  return new Promise<FetchedPage>((resolve) => {
    let settled = false;
    const done = (r: FetchedPage) => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        resolve(r);
      }
    };
    const req = client.get(
      url,
      {
        headers: {
          "user-agent": `${IMPORTER_USER_AGENT}/1.0 (+https://articulate.example/knowledge)`,
          accept: "text/html,application/xhtml+xml,application/xml;q=0.9,text/plain;q=0.8",
          "accept-encoding": "identity",
        },
        lookup: guardedLookup(limits.allowPrivateAddresses),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume();
          return done({ kind: "redirect", status, location: res.headers.location });
        }
        if (status < 200 || status >= 300) {
          res.resume();
          return done({ kind: "refused", reason: `the server answered HTTP ${status}` });
        }
        const contentType = (res.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
        if (!accept.test(contentType)) {
          res.destroy();
          return done({ kind: "refused", reason: `not a web page (${contentType || "no content type"})` });
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          if (settled) return;
          const room = limits.maxBytes - size;
          if (chunk.length >= room) {
            chunks.push(chunk.subarray(0, room));
            size += room;
            res.destroy();
            done({ kind: "ok", status, contentType, body: Buffer.concat(chunks), truncated: true });
            return;
          }
          chunks.push(chunk);
          size += chunk.length;
        });
        res.on("end", () => done({ kind: "ok", status, contentType, body: Buffer.concat(chunks), truncated: false }));
        res.on("error", (err) => done({ kind: "refused", reason: `the download failed (${errorText(err)})` }));
      },
    );
    req.on("error", (err) => done({ kind: "refused", reason: `could not connect (${errorText(err)})` }));
    const timer = setTimeout(() => {
      req.destroy();
      done({ kind: "refused", reason: `no answer within ${Math.round(limits.timeoutMs / 1000)} s` });
    }, limits.timeoutMs);
  });
}
