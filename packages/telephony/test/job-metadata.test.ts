// The job-metadata contract: every writer encodes through it, the worker parses
// through it; unknown versions and malformed input are refused with a reason.
import { describe, expect, it } from "vitest";
import { encodeJobMetadata, JobMetadataError, parseJobMetadata } from "../src";

describe("job metadata contract", () => {
  it("round-trips inbound, outbound and test-call metadata with the version", () => {
    const inbound = encodeJobMetadata({ kind: "inbound", tenantId: "t1", agentId: null, phoneNumberId: "p1" });
    expect(parseJobMetadata(inbound)).toEqual({
      v: 1,
      kind: "inbound",
      tenantId: "t1",
      agentId: null,
      phoneNumberId: "p1",
    });
    const test = encodeJobMetadata({ kind: "test", tenantId: "t1", agentId: "a1" });
    expect(parseJobMetadata(test)).toMatchObject({ kind: "test", agentId: "a1" });
    const out = encodeJobMetadata({
      kind: "outbound",
      tenantId: "t1",
      agentId: "a1",
      phoneNumberId: "p1",
      callId: "c1",
      to: "+61412345678",
      participantIdentity: "sip_out_c1",
    });
    expect(parseJobMetadata(out)).toMatchObject({ kind: "outbound", callId: "c1" });
  });

  it("writers cannot produce invalid metadata", () => {
    expect(() => encodeJobMetadata({ kind: "test", tenantId: "", agentId: "a1" })).toThrow();
  });

  it("empty → null; not JSON, unknown version or a bad field → JobMetadataError naming the problem", () => {
    expect(parseJobMetadata("")).toBeNull();
    expect(parseJobMetadata(undefined)).toBeNull();
    const problem = (raw: string) => {
      try {
        parseJobMetadata(raw);
      } catch (err) {
        expect(err).toBeInstanceOf(JobMetadataError);
        return { problem: (err as JobMetadataError).problem, message: (err as Error).message };
      }
      throw new Error("expected a JobMetadataError");
    };
    expect(problem("{nope").problem).toBe("not_json");
    // Unversioned (written before the contract) and future versions alike.
    expect(problem('{"tenantId":"t1","agentId":"a1","test":true}')).toMatchObject({ problem: "unknown_version" });
    expect(problem('{"v":2,"kind":"inbound"}').message).toMatch(/unknown version 2/);
    expect(
      problem(
        '{"v":1,"kind":"outbound","tenantId":"t1","agentId":"a1","phoneNumberId":"p1","callId":"c1","to":"0412","participantIdentity":"x"}',
      ).message,
    ).toMatch(/to/);
    expect(problem('{"v":1,"kind":"walk-in","tenantId":"t1"}').problem).toBe("invalid");
  });
});
