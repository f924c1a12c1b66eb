// Server-side request forgery guard: in production a tenant's webhook URL must
// not reach our own network (loopback, private, link-local, cloud metadata).
// Checked at every send, after DNS resolution, since a hostname can be
// re-pointed after the endpoint was saved; the request then connects to the
// very address that was checked (no second lookup a rebinding DNS server could
// answer differently). WEBHOOKS_ALLOW_PRIVATE=1 lifts it (local stacks and the
// e2e suite deliver to 127.0.0.1).

import dns from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { sharedSettings } from "@articulate/config";

const blocked = new net.BlockList();
for (const [prefix, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(prefix, bits, "ipv4");
}
for (const [prefix, bits] of [
  ["::", 127],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  blocked.addSubnet(prefix, bits, "ipv6");
}

export function privateDestinationsBlocked(env?: Record<string, string | undefined>): boolean {
  const s = sharedSettings(env);
  return s.NODE_ENV === "production" && !s.WEBHOOKS_ALLOW_PRIVATE;
}

export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family === 6) {
    // IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it carries.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    return mapped?.[1] ? blocked.check(mapped[1], "ipv4") : blocked.check(address, "ipv6");
  }
  return true;
}

export type AddressLookup = (host: string) => Promise<{ address: string }[]>;
const systemLookup: AddressLookup = (host) => dns.lookup(host, { all: true });

/** Resolves once and checks every address: the one to connect to, or why not. */
export async function checkedDestination(
  url: string,
  lookup: AddressLookup = systemLookup,
): Promise<{ ok: true; address: string } | { ok: false; reason: string }> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  try {
    addresses = net.isIP(host) ? [host] : (await lookup(host)).map((a) => a.address);
  } catch {
    return { ok: false, reason: `could not resolve ${host}` };
  }
  const bad = addresses.find(isPrivateAddress);
  if (bad) return { ok: false, reason: `refused: ${host} resolves to a private address (${bad})` };
  const first = addresses[0];
  return first ? { ok: true, address: first } : { ok: false, reason: `could not resolve ${host}` };
}

/** Null when the URL may be called; otherwise why not (recorded as the delivery's error). */
export async function refusedDestination(url: string, lookup: AddressLookup = systemLookup): Promise<string | null> {
  const checked = await checkedDestination(url, lookup);
  return checked.ok ? null : checked.reason;
}

/**
 * POSTs to `url` over a connection to `address` only: the URL's host still
 * names the server (Host header, TLS SNI and certificate check), but no second
 * DNS lookup happens. Redirects are not followed.
 */
export function postToAddress(
  url: string,
  address: string,
  opts: { headers: Record<string, string>; body: string; timeoutMs: number },
): Promise<{ status: number }> {
  const target = new URL(url);
  const family = net.isIP(address);
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      target,
      {
        method: "POST",
        headers: { ...opts.headers, "content-length": String(Buffer.byteLength(opts.body)) },
        timeout: opts.timeoutMs,
        // Every lookup the socket makes answers with the checked address.
        lookup: ((_host: string, options: { all?: boolean }, cb: (...args: unknown[]) => void) => {
          if (options?.all) cb(null, [{ address, family }]);
          else cb(null, address, family);
        }) as unknown as net.LookupFunction,
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0 }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(Object.assign(new Error("timed out"), { name: "TimeoutError" })));
    req.on("error", reject);
    req.end(opts.body);
  });
}
