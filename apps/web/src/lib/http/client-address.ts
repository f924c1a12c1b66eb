// The client's address for rate limits and audit: the socket's peer, unless that
// peer is one of our own proxies (TRUSTED_PROXIES), in which case X-Forwarded-For
// is read from the right, skipping our proxies, to the first address we did not
// add ourselves. A header sent by the client itself is never believed.
import { BlockList, isIP } from "node:net";

/** Parses "10.0.0.0/8, 192.168.1.7, ::1" into a BlockList; throws naming a bad entry. */
export function parseTrustedProxies(value: string | undefined): BlockList {
  const list = new BlockList();
  for (const raw of (value ?? "").split(",")) {
    const entry = raw.trim();
    if (!entry) continue;
    const [addr, bits] = entry.split("/");
    const family = addr ? isIP(addr) : 0;
    if (!addr || family === 0) throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`);
    const type = family === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(addr, type);
    else {
      const prefix = Number(bits);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 6 ? 128 : 32))
        throw new Error(`TRUSTED_PROXIES: "${entry}" has an invalid prefix length`);
      list.addSubnet(addr, prefix, type);
    }
  }
  return list;
}

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
