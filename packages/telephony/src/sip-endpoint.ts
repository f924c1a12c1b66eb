// Where carriers send our inbound SIP: LiveKit Cloud's endpoint (pinned to a
// region when configured: <project>.<region>.sip.livekit.cloud) or a
// self-hosted livekit-sip (LIVEKIT_SIP_HOST). Facts: reference/telephony-depth.md §2, §4.
import type { TelephonyConfig } from "./config";
import { TelephonyNotConfiguredError } from "./errors";
import type { SipSignallingOption } from "./providers/byo";

const CLOUD_SIP = /^([a-z0-9-]+)(\.[a-z]+)?\.sip\.livekit\.cloud$/i;

export interface InboundSipEndpoint {
  host: string;
  /** UDP and TCP signalling port. */
  port: number;
  /** TLS signalling port, when this installation accepts TLS. */
  tlsPort?: number;
  /** The pinned LiveKit Cloud region, if any. */
  region?: string;
  cloud: boolean;
}

export function inboundSipEndpoint(config: TelephonyConfig): InboundSipEndpoint {
  let configured = config.livekit?.sipEndpoint;
  if (!configured && config.livekit?.url) {
    const host = new URL(config.livekit.url.replace(/^ws/, "http")).hostname;
    // LiveKit Cloud: wss://<project>.livekit.cloud → <project>.sip.livekit.cloud
    if (host.endsWith(".livekit.cloud")) configured = host.replace(/\.livekit\.cloud$/, ".sip.livekit.cloud");
  }
  if (!configured) throw new TelephonyNotConfiguredError("LiveKit", ["LIVEKIT_SIP_HOST"]);
  const [rawHost = "", rawPort] = configured.split(":");
  const port = rawPort ? Number(rawPort) : 5060;
  const cloud = CLOUD_SIP.exec(rawHost);
  if (!cloud) {
    // Self-hosted: the region is wherever livekit-sip runs; TLS only when its listener is configured.
    return { host: rawHost, port, tlsPort: config.livekit?.sipTlsPort, cloud: false };
  }
  const pinned = cloud[2]?.slice(1) ?? config.sipRegion;
  const host = pinned ? `${cloud[1]}.${pinned}.sip.livekit.cloud` : rawHost;
  return { host, port, tlsPort: 5061, region: pinned, cloud: true };
}

/** The URIs a carrier can use: UDP, TCP and (where offered) TLS. */
export function signallingOptions(endpoint: InboundSipEndpoint): SipSignallingOption[] {
  const options: SipSignallingOption[] = (["udp", "tcp"] as const).map((transport) => ({
    transport,
    host: endpoint.host,
    port: endpoint.port,
    uri: `sip:${endpoint.host}${endpoint.port === 5060 ? "" : `:${endpoint.port}`};transport=${transport}`,
  }));
  if (endpoint.tlsPort) {
    options.push({
      transport: "tls",
      host: endpoint.host,
      port: endpoint.tlsPort,
      uri: `sip:${endpoint.host}:${endpoint.tlsPort};transport=tls`,
    });
  }
  return options;
}
