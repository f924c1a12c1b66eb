// The Deepgram streaming fake refuses what Deepgram refuses before the upgrade, and speaks the stream protocol.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type FakeDeepgram, startDeepgramFake } from "../src/deepgram";

let dg: FakeDeepgram;
beforeAll(async () => {
  dg = await startDeepgramFake({ apiKey: "k", transcript: (c) => `heard ${c.audioBytes} bytes` });
});
afterAll(() => dg.close());

const q = "encoding=linear16&sample_rate=16000&channels=1";
/** Resolves the HTTP status of a refused upgrade, or "open". */
function connect(query: string, key = "k"): Promise<{ status: number | "open"; ws?: WebSocket }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${dg.url}/v1/listen?${query}`, { headers: { Authorization: `Token ${key}` } });
    ws.once("unexpected-response", (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.once("open", () => resolve({ status: "open", ws }));
    ws.once("error", () => undefined);
  });
}

describe("Deepgram streaming fake", () => {
  it("refuses a wrong key, an unknown model, a phone-call model in French, and missing audio format", async () => {
    expect((await connect(`model=nova-3&${q}`, "wrong")).status).toBe(401);
    expect((await connect(`model=nova-9&${q}`)).status).toBe(400);
    expect((await connect(`model=nova-2-phonecall&language=fr&${q}`)).status).toBe(400);
    expect((await connect("model=nova-3")).status).toBe(400);
    expect(dg.refused.map((r) => r.status)).toEqual([401, 400, 400, 400]);
  });

  it("records the URL, counts audio, answers Finalize with a final Results and CloseStream with Metadata", async () => {
    const { status, ws } = await connect(`model=nova-2-phonecall&language=en&${q}`);
    expect(status).toBe("open");
    const messages: Array<{
      type: string;
      is_final?: boolean;
      channel?: { alternatives: Array<{ transcript: string }> };
    }> = [];
    const closed = new Promise<number>((r) => ws!.once("close", (code) => r(code)));
    ws!.on("message", (m) => messages.push(JSON.parse(String(m))));
    ws!.send(Buffer.alloc(3200));
    ws!.send(JSON.stringify({ type: "KeepAlive" }));
    ws!.send(JSON.stringify({ type: "Finalize" }));
    ws!.send(JSON.stringify({ type: "CloseStream" }));
    expect(await closed).toBe(1000);
    expect(messages.map((m) => m.type)).toEqual(["Results", "Metadata"]);
    expect(messages[0]?.is_final).toBe(true);
    expect(messages[0]?.channel?.alternatives[0]?.transcript).toBe("heard 3200 bytes");
    expect(dg.connections.at(-1)?.params.model).toBe("nova-2-phonecall");
  });
});
