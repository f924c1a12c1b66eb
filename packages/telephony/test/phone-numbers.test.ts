import { describe, expect, it } from "vitest";
import {
  formatPhoneNumber,
  InvalidPhoneNumberError,
  normalizeDialedNumber,
  parseAuNumber,
  parsePhoneNumber,
  transferTarget,
} from "../src";

describe("Australian numbers", () => {
  it.each([
    ["02 5550 1234", "+61255501234", "LOCAL", "+61 2 5550 1234", "02 5550 1234"],
    ["(02) 9999-8888", "+61299998888", "LOCAL", "+61 2 9999 8888", "02 9999 8888"],
    ["0412 345 678", "+61412345678", "MOBILE", "+61 412 345 678", "0412 345 678"],
    ["1800 555 012", "+611800555012", "TOLL_FREE", "+61 1800 555 012", "1800 555 012"],
    ["+61 3 5550 1234", "+61355501234", "LOCAL", "+61 3 5550 1234", "03 5550 1234"],
  ])("%s → %s (%s)", (input, e164, type, international, shown) => {
    const p = parseAuNumber(input);
    expect(p.e164).toBe(e164);
    expect(p.numberType).toBe(type);
    expect(p.international).toBe(international);
    // Shown everywhere in national format.
    expect(formatPhoneNumber(e164)).toBe(shown);
  });

  it("shows other countries' numbers internationally", () => {
    expect(formatPhoneNumber("+14155550100")).toBe("+1 415 555 0100");
    expect(formatPhoneNumber("browser")).toBe("browser");
  });

  it("names the field in the error", () => {
    expect(() => parseAuNumber("12345", "to")).toThrow(new InvalidPhoneNumberError("to", "12345"));
    expect(() => parseAuNumber("+14155550100", "to")).toThrow('to: "+14155550100" is not an Australian number.');
  });

  it("accepts other countries in E.164 where allowed", () => {
    expect(parsePhoneNumber("+14155550100").country).toBe("US");
  });

  it("builds transfer targets", () => {
    expect(transferTarget("02 9999 8888")).toBe("tel:+61299998888");
    expect(transferTarget("tel:+61299998888")).toBe("tel:+61299998888");
    expect(transferTarget("sip:reception@pbx.example.com")).toBe("sip:reception@pbx.example.com");
  });
});

describe("normalizeDialedNumber", () => {
  it("accepts the shapes carriers and LiveKit send", () => {
    expect(normalizeDialedNumber("+61255501234")).toBe("+61255501234");
    expect(normalizeDialedNumber("+61 2 5550 1234")).toBe("+61255501234");
    expect(normalizeDialedNumber("61255501234")).toBe("+61255501234");
    expect(normalizeDialedNumber("(02) 5550 1234")).toBe("+61255501234");
    expect(normalizeDialedNumber("0061255501234")).toBe("+61255501234");
    expect(normalizeDialedNumber("tel:+61255501234")).toBe("+61255501234");
    expect(normalizeDialedNumber("sip:+61255501234@sip.example")).toBe("+61255501234");
  });
  it("rejects what is not a number", () => {
    expect(normalizeDialedNumber("")).toBeNull();
    expect(normalizeDialedNumber("hello")).toBeNull();
    expect(normalizeDialedNumber("12")).toBeNull();
  });
});
