// The SIP validation and matching rules of livekit-server + livekit/protocol
// (reference/livekit.md §3), applied to the fake's store.
import type { SIPDispatchRuleInfo, SIPInboundTrunkInfo, SIPOutboundTrunkInfo } from "livekit-server-sdk";
import { invalid, TwirpFailure } from "./twirp";

/** protocol's NormalizeNumber: only for conflict checks and trunk matching. */
export function normalizeNumber(n: string): string {
  if (!/^\+?[\d\- ()]+$/.test(n)) return n;
  const digits = n.replace(/[\s\-()]/g, "");
  return digits.startsWith("+") ? digits : `+${digits}`;
}

const FORBIDDEN_HEADERS = new Set(
  [
    "from",
    "to",
    "call-id",
    "cseq",
    "contact",
    "via",
    "max-forwards",
    "refer-to",
    "record-route",
    "expires",
    "f",
    "t",
    "i",
    "m",
    "v",
    "r",
    "c",
    "l",
    "e",
  ].map((h) => h.toLowerCase()),
);
const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;

export function validateHeaders(field: string, headers: Record<string, string>, checkValues = true): void {
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!TOKEN.test(name)) throw invalid(`${field}: invalid header name "${name}"`);
    if (FORBIDDEN_HEADERS.has(lower) || lower.startsWith("content-")) {
      throw invalid(`${field}: header "${name}" cannot be set`);
    }
    // Printable ASCII/UTF-8 only (tab allowed): no control characters.
    if (checkValues && [...value].some((ch) => (ch.charCodeAt(0) < 0x20 && ch !== "\t") || ch.charCodeAt(0) === 0x7f)) {
      throw invalid(`${field}: invalid value for header "${name}"`);
    }
  }
}

/** protocol's SIPMediaConfig.Validate / SIPCodec.Validate: each listed codec is "NAME" plus a clock rate. */
export function validateMedia(
  field: string,
  media: { codecs: Array<{ name: string; rate: number }> } | undefined,
): void {
  for (const c of media?.codecs ?? []) {
    if (c.name === "") throw invalid(`${field}: missing codec name`);
    if (/[ \t\n\r]/.test(c.name)) throw invalid(`${field}: invalid codec name`);
    if (c.name.includes("/")) throw invalid(`${field}: codec name must not contain '/'`);
    if (c.rate === 0) throw invalid(`${field}: invalid codec sample rate`);
  }
}

/**
 * protocol's SIPMediaConfig.UpgradeWith: a request that sets only the deprecated
 * trunk-level media_encryption is stored with media.encryption equal to it.
 */
export function upgradeMedia<
  T extends {
    mediaEncryption: number;
    media?: { encryption?: number };
  },
>(info: T, makeMedia: () => NonNullable<T["media"]>): void {
  if (!info.media) info.media = makeMedia();
  if (info.media.encryption === undefined) info.media.encryption = info.mediaEncryption;
}

export function validateInboundTrunk(t: SIPInboundTrunkInfo): void {
  if (t.authUsername === "" && t.authPassword === "" && t.allowedAddresses.length === 0 && t.numbers.length === 0) {
    throw invalid(
      "for security, one of the fields must be set: AuthUsername+AuthPassword, AllowedAddresses or Numbers",
    );
  }
  validateMedia("media", t.media);
  validateHeaders("headers", t.headers);
  validateHeaders("headers_to_attributes", t.headersToAttributes, false);
  validateHeaders(
    "attributes_to_headers",
    Object.fromEntries(Object.values(t.attributesToHeaders).map((h) => [h, ""])),
    false,
  );
}

/** sip.ValidateTrunksIter: number buckets × allowed-number keys must be unique across trunks. */
export function checkInboundConflicts(candidate: SIPInboundTrunkInfo, existing: Iterable<SIPInboundTrunkInfo>): void {
  const label = (t: SIPInboundTrunkInfo) => (t.sipTrunkId === "" ? "<new>" : t.sipTrunkId);
  const keysOf = (t: SIPInboundTrunkInfo) => {
    const numbers = t.numbers.length ? t.numbers.map(normalizeNumber) : [""];
    const allowed = t.allowedNumbers.length ? t.allowedNumbers.map(normalizeNumber) : [""];
    const keys: Array<{ number: string; allowed: string }> = [];
    for (const number of numbers) for (const a of allowed) keys.push({ number, allowed: a });
    return keys;
  };
  const taken = new Map<string, SIPInboundTrunkInfo>();
  for (const t of existing) {
    if (t.sipTrunkId === candidate.sipTrunkId) continue;
    for (const k of keysOf(t)) taken.set(`${k.number}|${k.allowed}`, t);
  }
  for (const k of keysOf(candidate)) {
    const other = taken.get(`${k.number}|${k.allowed}`);
    if (!other) continue;
    const nums = k.number === "" ? "[]" : `[${k.number}]`;
    const tail = k.allowed === "" ? "without AllowedNumbers set" : `and AllowedNumber "${k.allowed}"`;
    throw invalid(
      `Conflicting inbound SIP Trunks: "${label(other)}" and "${label(candidate)}", using the same number(s) ${nums} ${tail}`,
    );
  }
}

function validateAddress(field: string, address: string): void {
  if (address.includes("transport=") || address.includes("@") || address.includes(";")) {
    throw invalid(`${field} must be a hostname or IP, optionally with a port, without transport, user or parameters`);
  }
  if (/^sips?:/i.test(address)) throw invalid(`${field} must not include the sip: or sips: scheme`);
}

export function validateOutboundTrunk(t: SIPOutboundTrunkInfo): void {
  validateMedia("media", t.media);
  if (t.numbers.length === 0) throw invalid("no trunk numbers specified");
  if (t.address === "") throw invalid("no outbound address specified");
  validateAddress("address", t.address);
  if (t.fromHost !== "") validateAddress("from_host", t.fromHost);
  validateHeaders("headers", t.headers);
  validateHeaders("headers_to_attributes", t.headersToAttributes, false);
}

export function rulePin(r: SIPDispatchRuleInfo): string {
  const rule = r.rule?.rule;
  return rule?.case ? rule.value.pin : "";
}

/** sip.DispatchRuleValidator: pin × trunk × inbound number × number keys are unique across rules. */
export function checkDispatchRuleConflicts(
  candidate: SIPDispatchRuleInfo,
  existing: Iterable<SIPDispatchRuleInfo>,
): void {
  const keysOf = (r: SIPDispatchRuleInfo) => {
    const pin = rulePin(r);
    const trunks = r.trunkIds.length ? r.trunkIds : [""];
    const inbound = r.inboundNumbers.length ? r.inboundNumbers.map(normalizeNumber) : [""];
    const numbers = r.numbers.length ? r.numbers.map(normalizeNumber) : [""];
    const keys: string[] = [];
    for (const t of trunks) for (const i of inbound) for (const n of numbers) keys.push(`${pin}|${t}|${i}|${n}`);
    return keys;
  };
  const taken = new Map<string, SIPDispatchRuleInfo>();
  for (const r of existing) {
    if (r.sipDispatchRuleId === candidate.sipDispatchRuleId) continue;
    for (const k of keysOf(r)) taken.set(k, r);
  }
  for (const k of keysOf(candidate)) {
    const other = taken.get(k);
    if (other) {
      throw invalid(
        `Dispatch rule for the same trunk, inbound number, number, and PIN combination already exists in dispatch rule "${other.sipDispatchRuleId}" "${other.name}"`,
      );
    }
  }
}

export function validateDispatchRule(r: SIPDispatchRuleInfo): void {
  if (!r.rule?.rule.case) throw invalid("missing rule");
}

/** sip.MatchTrunkDetailed: which inbound trunk accepts a call (null = none, rules without trunks may match). */
export function matchInboundTrunk(
  trunks: Iterable<SIPInboundTrunkInfo>,
  call: { called: string; caller: string; sourceIp?: string },
): SIPInboundTrunkInfo | null {
  const specific: SIPInboundTrunkInfo[] = [];
  const defaults: SIPInboundTrunkInfo[] = [];
  const caller = normalizeNumber(call.caller);
  for (const t of trunks) {
    if (t.allowedNumbers.length && !t.allowedNumbers.some((n) => normalizeNumber(n) === caller)) continue;
    if (
      call.sourceIp &&
      t.allowedAddresses.length &&
      !t.allowedAddresses.some((a) => addressMatches(a, call.sourceIp!))
    )
      continue;
    if (t.numbers.length === 0) defaults.push(t);
    else if (t.numbers.some((n) => n === call.called || normalizeNumber(n) === normalizeNumber(call.called)))
      specific.push(t);
  }
  if (specific.length > 1) throw new TwirpFailure("failed_precondition", "Multiple SIP Trunks matched");
  if (specific.length === 1) return specific[0]!;
  if (defaults.length > 1) throw new TwirpFailure("failed_precondition", "Multiple default SIP Trunks matched");
  return defaults[0] ?? null;
}

function addressMatches(allowed: string, ip: string): boolean {
  if (!allowed.includes("/")) return allowed === ip;
  const [base, bitsRaw] = allowed.split("/");
  const bits = Number(bitsRaw);
  const toInt = (a: string) => a.split(".").reduce((acc, o) => (acc << 8) + Number(o), 0) >>> 0;
  if (!base || !/^\d+\.\d+\.\d+\.\d+$/.test(base) || !/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (toInt(base) & mask) === (toInt(ip) & mask);
}

function rulePriority(r: SIPDispatchRuleInfo): number {
  const kind = r.rule?.rule.case;
  const base = kind === "dispatchRuleDirect" ? 0 : kind === "dispatchRuleIndividual" ? 1 : 2;
  let p = rulePin(r) ? base : base + 100;
  if (r.inboundNumbers.length === 0) p += 1000;
  if (r.numbers.length === 0) p += 1000;
  return p;
}

/** sip.MatchDispatchRuleIter: exact-string number filters, trunk-specific rules first, then priority. */
export function matchDispatchRule(
  rules: Iterable<SIPDispatchRuleInfo>,
  trunk: SIPInboundTrunkInfo | null,
  call: { called: string; caller: string; pin?: string },
): SIPDispatchRuleInfo | null {
  const specific: SIPDispatchRuleInfo[] = [];
  const general: SIPDispatchRuleInfo[] = [];
  for (const r of rules) {
    if (r.inboundNumbers.length && !r.inboundNumbers.includes(call.caller)) continue;
    if (r.numbers.length && !r.numbers.includes(call.called)) continue;
    const pin = rulePin(r);
    if (call.pin === undefined ? pin !== "" : pin !== call.pin) continue;
    if (r.trunkIds.length === 0) general.push(r);
    else if (trunk && r.trunkIds.includes(trunk.sipTrunkId)) specific.push(r);
  }
  const pool = specific.length ? specific : general;
  pool.sort((a, b) => rulePriority(a) - rulePriority(b));
  return pool[0] ?? null;
}
