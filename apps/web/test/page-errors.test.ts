// Pages map domain errors in one place (lib/authz/page-errors.tsx), with the statuses actions and routes use.
import { DomainError, InputError } from "@articulate/core";
import { describe, expect, it } from "vitest";
import { renderPage } from "@/lib/authz/page-errors";

const digestOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return (err as { digest?: string }).digest ?? String(err);
  }
  return "rendered";
};

describe("renderPage", () => {
  it("a not-found DomainError is the 404 page", async () => {
    const digest = await digestOf(
      renderPage(async () => {
        throw new DomainError("not_found", "Agent was not found");
      }),
    );
    expect(digest).toMatch(/404/);
  });

  it("any other refusal is shown in the owner's words", async () => {
    const page = await renderPage(async () => {
      throw new InputError("after", "That page link is no longer valid");
    });
    expect(JSON.stringify(page)).toContain("That page link is no longer valid");
  });

  it("a bug is not a domain error: it goes on to the error boundary", async () => {
    await expect(
      renderPage(async () => {
        throw new TypeError("boom");
      }),
    ).rejects.toThrow("boom");
  });

  it("renders the body when nothing is thrown", async () => {
    expect(await renderPage(async () => "body")).toBe("body");
  });
});
