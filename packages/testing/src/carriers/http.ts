// Small HTTP plumbing shared by the carrier fakes.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeRequest {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  rawBody: string;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
  /** Extra response headers (a redirect's Location, a Retry-After). */
  headers?: Record<string, string>;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function serve(
  handle: (req: FakeRequest) => FakeResponse | Promise<FakeResponse>,
): Promise<RunningServer> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      let out: FakeResponse;
      try {
        out = await handle({
          method: req.method ?? "GET",
          url: new URL(req.url ?? "/", "http://127.0.0.1"),
          headers: req.headers,
          rawBody: Buffer.concat(chunks).toString("utf8"),
        });
      } catch (e) {
        out = { status: 500, body: { error: (e as Error).message } };
      }
      if (out.body === undefined) {
        res.writeHead(out.status, out.headers);
        res.end();
        return;
      }
      res.writeHead(out.status, { "content-type": "application/json", ...out.headers });
      res.end(JSON.stringify(out.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

export function randomSid(prefix: string, length = 32): string {
  const hex = "0123456789abcdef";
  let s = prefix;
  for (let i = 0; i < length; i++) s += hex[Math.floor(Math.random() * 16)];
  return s;
}
