// A local stand-in for Deepgram's streaming speech-to-text (`GET /v1/listen`
// upgraded to a WebSocket), speaking its wire protocol and enforcing its rules:
// - `Authorization: Token <key>` (401 otherwise, before the upgrade);
// - the query: a known `model` (400 otherwise), `encoding=linear16` with a
//   `sample_rate`, and Nova-2's use-case models (phonecall, meeting, …) only
//   with English (400 for another language), as the API refuses them;
// - binary frames are 16-bit PCM audio (an odd byte count is a protocol error);
//   `{"type":"KeepAlive"}` is accepted, `{"type":"Finalize"}` answers with a
//   final `Results` (`is_final`, `speech_final`), `{"type":"CloseStream"}`
//   answers with `Metadata` and closes (1000).
// What the "recogniser" hears is decided by `transcript` (it recognises
// nothing: accuracy cannot be measured against this fake). Every connection's
// URL and parameters are recorded, so tests can assert what the real client sent.
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";

/** The streaming models Deepgram lists for /v1/listen (the subset the LiveKit plugin's types name). */
export const DEEPGRAM_STREAMING_MODELS = [
  "nova-3",
  "nova-3-general",
  "nova-3-medical",
  "nova-2",
  "nova-2-general",
  "nova-2-meeting",
  "nova-2-phonecall",
  "nova-2-finance",
  "nova-2-conversationalai",
  "nova-2-voicemail",
  "nova-2-video",
  "nova-2-medical",
  "nova-2-drivethru",
  "nova-2-automotive",
  "nova-2-atc",
  "enhanced-general",
  "enhanced-phonecall",
  "base",
  "phonecall",
] as const;

const ENGLISH_ONLY = /^nova-2-(?!general$)/;

export interface DeepgramConnection {
  url: string;
  params: Record<string, string>;
  /** Bytes of PCM audio received. */
  audioBytes: number;
  closed: boolean;
}

export interface FakeDeepgram {
  /** ws://127.0.0.1:port (the plugin's `baseUrl`). */
  url: string;
  connections: DeepgramConnection[];
  /** Refused upgrades: status and reason. */
  refused: Array<{ status: number; reason: string; url: string }>;
  close(): Promise<void>;
}

export async function startDeepgramFake(opts: {
  apiKey: string;
  /** What the recogniser "heard" when asked to finalize. */
  transcript?: (conn: DeepgramConnection) => string;
}): Promise<FakeDeepgram> {
  const connections: DeepgramConnection[] = [];
  const refused: FakeDeepgram["refused"] = [];
  const server = http.createServer((_req, res) => {
    res.writeHead(426, { "content-type": "application/json" });
    res.end(JSON.stringify({ err_code: "UPGRADE_REQUIRED", err_msg: "Streaming requires a WebSocket." }));
  });
  const wss = new WebSocketServer({ noServer: true });
  const refuse = (socket: import("node:stream").Duplex, url: string, status: number, reason: string) => {
    refused.push({ status, reason, url });
    const body = JSON.stringify({ err_code: status === 401 ? "INVALID_AUTH" : "Bad Request", err_msg: reason });
    socket.end(
      `HTTP/1.1 ${status} ${status === 401 ? "Unauthorized" : "Bad Request"}\r\ncontent-type: application/json\r\n` +
        `dg-error: ${reason}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  };
  server.on("upgrade", (req, socket, head) => {
    const url = new URL(req.url ?? "/", "http://deepgram.local");
    const raw = req.url ?? "";
    if (url.pathname !== "/v1/listen") return refuse(socket, raw, 400, `unknown path ${url.pathname}`);
    if (req.headers.authorization !== `Token ${opts.apiKey}`) return refuse(socket, raw, 401, "Invalid credentials.");
    const params = Object.fromEntries(url.searchParams);
    const model = params.model ?? "base";
    if (!(DEEPGRAM_STREAMING_MODELS as readonly string[]).includes(model))
      return refuse(socket, raw, 400, `No such model: ${model}`);
    const language = params.language ?? "en";
    if (ENGLISH_ONLY.test(model) && !language.toLowerCase().startsWith("en"))
      return refuse(socket, raw, 400, `Model ${model} does not support language ${language}`);
    if (params.encoding !== "linear16" || !/^\d+$/.test(params.sample_rate ?? ""))
      return refuse(socket, raw, 400, "raw audio needs encoding=linear16 and a sample_rate");
    wss.handleUpgrade(req, socket, head, (ws) => {
      const conn: DeepgramConnection = { url: raw, params, audioBytes: 0, closed: false };
      connections.push(conn);
      const requestId = randomUUID();
      const sampleRate = Number(params.sample_rate);
      let sentSeconds = 0;
      ws.on("message", (data, isBinary) => {
        if (isBinary) {
          const n = (data as Buffer).length;
          if (n % 2 !== 0) return ws.close(1008, "linear16 audio must be whole 16-bit samples");
          conn.audioBytes += n;
          return;
        }
        let msg: { type?: string };
        try {
          msg = JSON.parse(String(data));
        } catch {
          return ws.close(1008, "text frames must be JSON control messages");
        }
        const heard = conn.audioBytes / 2 / sampleRate;
        if (msg.type === "KeepAlive") return;
        if (msg.type === "Finalize") {
          const text = opts.transcript?.(conn) ?? "";
          ws.send(
            JSON.stringify({
              type: "Results",
              channel_index: [0, 1],
              duration: heard - sentSeconds,
              start: sentSeconds,
              is_final: true,
              speech_final: true,
              from_finalize: true,
              channel: {
                alternatives: [
                  {
                    transcript: text,
                    confidence: 0.98,
                    words: text
                      .split(/\s+/)
                      .filter(Boolean)
                      .map((w) => ({ word: w, start: sentSeconds, end: heard, confidence: 0.98, punctuated_word: w })),
                    languages: [language],
                  },
                ],
              },
              metadata: { request_id: requestId, model_info: { name: model, version: "fake", arch: model } },
            }),
          );
          sentSeconds = heard;
          return;
        }
        if (msg.type === "CloseStream") {
          ws.send(
            JSON.stringify({
              type: "Metadata",
              request_id: requestId,
              created: new Date().toISOString(),
              duration: heard,
              channels: 1,
            }),
          );
          return ws.close(1000);
        }
        ws.close(1008, `unknown control message ${msg.type}`);
      });
      ws.on("close", () => {
        conn.closed = true;
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    connections,
    refused,
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.close(() => r());
      }),
  };
}
