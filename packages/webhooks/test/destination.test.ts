import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import {
  checkedDestination,
  isPrivateAddress,
  postToAddress,
  privateDestinationsBlocked,
  refusedDestination,
} from "../src/destination";

describe("webhook destination guard", () => {
  it("classifies private, loopback, link-local and mapped addresses", () => {
    for (const a of [
      "127.0.0.1",
      "10.1.2.3",
      "172.20.0.5",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "fd00::1",
      "fe80::1",
      "::ffff:10.0.0.1",
    ]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ["203.0.113.10", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8"]) {
      expect(isPrivateAddress(a), a).toBe(false);
    }
  });

  it("refuses hostnames that resolve to a private address, after DNS", async () => {
    const lookup = async (host: string) =>
      host === "internal.example" ? [{ address: "10.0.0.7" }] : [{ address: "203.0.113.10" }];
    expect(await refusedDestination("https://internal.example/hook", lookup)).toMatch(
      /private address \(10\.0\.0\.7\)/,
    );
    expect(await refusedDestination("https://hooks.example/hook", lookup)).toBeNull();
    expect(await refusedDestination("http://[::1]:8080/x", lookup)).toMatch(/private/);
    expect(
      await refusedDestination("https://nx.example/", async () => {
        throw new Error("ENOTFOUND");
      }),
    ).toMatch(/could not resolve/);
  });

  it("applies in production unless WEBHOOKS_ALLOW_PRIVATE=1", () => {
    expect(privateDestinationsBlocked({ NODE_ENV: "production" })).toBe(true);
    expect(privateDestinationsBlocked({ NODE_ENV: "production", WEBHOOKS_ALLOW_PRIVATE: "1" })).toBe(false);
    expect(privateDestinationsBlocked({ NODE_ENV: "test" })).toBe(false);
  });

  it("resolves once and connects to the address it checked (no DNS rebinding between check and send)", async () => {
    let lookups = 0;
    // A rebinding resolver: public on the first answer, private on any later one.
    const rebinding = async () => (lookups++ === 0 ? [{ address: "203.0.113.10" }] : [{ address: "127.0.0.1" }]);
    expect(await checkedDestination("https://hooks.example/x", rebinding)).toEqual({
      ok: true,
      address: "203.0.113.10",
    });
    expect(lookups).toBe(1);

    // The request goes to the given address, whatever the URL's host resolves to (this one resolves nowhere).
    const seen: { host?: string; body: string }[] = [];
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        seen.push({ host: req.headers.host, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    try {
      const res = await postToAddress(`http://hooks.invalid:${port}/in`, "127.0.0.1", {
        headers: { "content-type": "application/json" },
        body: '{"a":1}',
        timeoutMs: 10_000,
      });
      expect(res.status).toBe(204);
      expect(seen).toEqual([{ host: `hooks.invalid:${port}`, body: '{"a":1}' }]);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
