// Production entry (`pnpm start`): Next's request handler behind a plain Node
// HTTP server, so the client address is decided here from the socket (and from
// X-Forwarded-For only when the socket is one of TRUSTED_PROXIES). What the app
// reads as X-Forwarded-For is exactly that one address, never the client's header.
import { createServer } from "node:http";
import { parseTrustedProxies } from "@articulate/config";
import next from "next";
import { resolveClientAddress } from "./src/lib/http/client-address";

// The entry point, before Next.js (and env()) loads: the listening address and the proxies to believe.
const port = Number(process.env.PORT ?? 3000);
// Not HOSTNAME: container runtimes set that to the container name.
const hostname = process.env.HOST ?? "0.0.0.0";
const trusted = parseTrustedProxies(process.env.TRUSTED_PROXIES);

const app = next({ dev: false, dir: import.meta.dirname, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

createServer((req, res) => {
  const client = resolveClientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], trusted);
  if (client) req.headers["x-forwarded-for"] = client;
  else delete req.headers["x-forwarded-for"];
  void handle(req, res);
}).listen(port, hostname, () => {
  console.log(`[web] listening on http://${hostname}:${port}`);
});
