// The mailer against a real SMTP server: what arrives, and that a refusal throws
// (so the job that sent it retries) instead of being swallowed.
import { startSmtpTestServer } from "@articulate/testing/smtp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMailer } from "../src/index";

let smtp: Awaited<ReturnType<typeof startSmtpTestServer>>;
beforeAll(async () => {
  smtp = await startSmtpTestServer();
});
afterAll(async () => {
  await smtp.close();
});

describe("mailer", () => {
  it("delivers text, HTML, headers and a stable Message-ID over SMTP", async () => {
    const mailer = createMailer({ smtpUrl: smtp.url, from: "Articulate <no-reply@articulate.test>" });
    await mailer.send({
      to: "owner@example.test",
      subject: "New message from Jo",
      text: "Call Jo back",
      html: "<p>Call <b>Jo</b> back</p>",
      headers: { "List-Unsubscribe": "<https://app.test/u/x>" },
      messageId: "delivery-123@articulate.test",
    });
    mailer.close();
    const got = await smtp.waitFor((m) => m.subject === "New message from Jo");
    expect(got.to).toEqual(["owner@example.test"]);
    expect(got.from).toBe("no-reply@articulate.test");
    expect(got.text.trim()).toBe("Call Jo back");
    expect(got.html).toContain("<b>Jo</b>");
    expect(got.parsed.headerLines.find((h) => h.key === "list-unsubscribe")?.line).toContain("<https://app.test/u/x>");
    expect(got.messageId).toBe("<delivery-123@articulate.test>");
  });

  it("throws when the server refuses, and delivers once it recovers", async () => {
    const mailer = createMailer({ smtpUrl: smtp.url, from: "no-reply@articulate.test", pool: false });
    smtp.refuse(true);
    await expect(mailer.send({ to: "a@example.test", subject: "refused", text: "x" })).rejects.toThrow(/451/);
    smtp.refuse(false);
    await mailer.send({ to: "a@example.test", subject: "recovered", text: "x" });
    expect((await smtp.waitFor((m) => m.subject === "recovered")).to).toEqual(["a@example.test"]);
    expect(smtp.received.some((m) => m.subject === "refused")).toBe(false);
  });

  it("prints instead of sending when no SMTP server is configured", async () => {
    const lines: string[] = [];
    const mailer = createMailer({ from: "x@articulate.test", log: (l) => lines.push(l) });
    await mailer.send({ to: "a@example.test", subject: "Verify", text: "https://app/verify?t=1" });
    expect(mailer.configured).toBe(false);
    expect(lines.join("\n")).toContain("https://app/verify?t=1");
  });
});
