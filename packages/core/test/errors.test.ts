import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DomainError, fieldErrorsFromZod, InputError, parseInput } from "../src/errors";

const schema = z.object({
  name: z.string().min(2, "Give a name (2+ characters)"),
  hours: z.object({ mon: z.array(z.object({ open: z.string().regex(/^\d\d:\d\d$/, "must be HH:MM") })) }),
});

describe("errors", () => {
  it("maps every zod issue to its dotted field path", () => {
    const r = schema.safeParse({ name: "x", hours: { mon: [{ open: "9am" }] } });
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(fieldErrorsFromZod(r.error.issues)).toEqual({
      name: ["Give a name (2+ characters)"],
      "hours.mon.0.open": ["must be HH:MM"],
    });
  });

  it("parseInput throws an InputError naming the first field and keeping all of them", () => {
    let caught: unknown;
    try {
      parseInput(schema, { name: "x", hours: { mon: [{ open: "9am" }] } });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect(caught).toBeInstanceOf(DomainError);
    const e = caught as InputError;
    expect(e.code).toBe("invalid_input");
    expect(e.field).toBe("name");
    expect(e.message).toBe("Give a name (2+ characters)");
    expect(e.name).toBe("InputError");
    expect(Object.keys(e.fieldErrors)).toEqual(["name", "hours.mon.0.open"]);
  });

  it("a subclass keeps its own name and code", () => {
    class QuotaError extends DomainError {
      constructor() {
        super("quota_reached", "You have used all your minutes", { limit: 10 });
      }
    }
    const e = new QuotaError();
    expect(e.name).toBe("QuotaError");
    expect(e.details).toEqual({ limit: 10 });
  });
});
