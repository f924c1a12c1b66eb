// A tenant's webhook receiver, as a tenant would write one: verifies the
// Articulate-Signature over the raw body and records what it accepted.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SIGNATURE_HEADER, verifyWebhookSignature } from "../src/index";

export interface ReceivedEvent {
  headers: http.IncomingHttpHeaders;
  body: string;
  json: { id: string; type: string; apiVersion: string; createdAt: string; data: Record<string, unknown> };
}

export interface TestReceiver {
  url: string;
  secret: string;
  accepted: ReceivedEvent[];
  rejected: Array<{ reason: string }>;
  /** Status to answer with after a valid signature (default 200). */
  respondWith: number;
  close(): Promise<void>;
}

export async function startTestReceiver(): Promise<TestReceiver> {
  const receiver = { accepted: [], rejected: [], respondWith: 200, secret: "" } as unknown as TestReceiver;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const header = req.headers[SIGNATURE_HEADER.toLowerCase()];
      const check = verifyWebhookSignature({
        secret: receiver.secret,
        header: typeof header === "string" ? header : undefined,
        body,
      });
      if (!check.ok) {
        receiver.rejected.push({ reason: check.reason });
        res.writeHead(400).end("bad signature");
        return;
      }
      if (receiver.respondWith >= 200 && receiver.respondWith < 300) {
        receiver.accepted.push({ headers: req.headers, body, json: JSON.parse(body) });
      }
      res.writeHead(receiver.respondWith).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  receiver.close = () => new Promise((resolve) => server.close(() => resolve()));
  return receiver;
}
