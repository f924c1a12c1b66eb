// The client's address for rate limits and audit: the socket's peer, unless that
// peer is one of our own proxies (TRUSTED_PROXIES), in which case X-Forwarded-For
// is read from the right, skipping our proxies, to the first address we did not
// add ourselves. A header sent by the client itself is never believed. The list
// itself is parsed with the environment (@articulate/config parseTrustedProxies).
import { type BlockList, isIP } from "node:net";

function normalise(address: string): string {
  const a = address.trim();
  return a.startsWith("::ffff:") && isIP(a.slice(7)) === 4 ? a.slice(7) : a;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return list.check(address, family === 6 ? "ipv6" : "ipv4");
}

export function resolveClientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: BlockList,
): string | null {
  if (!socketAddress) return null;
  let current = normalise(socketAddress);
  if (!isTrusted(trusted, current)) return current;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map(normalise)
    .filter((h) => isIP(h) !== 0);
  // Walk back from the proxy nearest to us; the first untrusted hop is the client.
  for (let i = hops.length - 1; i >= 0; i--) {
    current = hops[i] as string;
    if (!isTrusted(trusted, current)) return current;
  }
  return current;
}
