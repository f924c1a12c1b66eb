// Pure decision logic: job metadata, business hours in the agent's timezone
// with NSW public holidays, and the call plan for each tenant situation.

import {
  AI_DISCLOSURE,
  decideAdmission,
  decideCallHandling as decideWithAdmission,
  describeSchedule,
  openState,
  RECORDING_NOTICE,
} from "@articulate/calls";
import type { InboundAgentConfig } from "@articulate/db";
import { encodeJobMetadata } from "@articulate/telephony";
import { describe, expect, it } from "vitest";
import { type CallConfig, readJobMetadata } from "../src/call-config";
import { recordingLogger } from "./call-harness";
import { NSW_LABOUR_DAY, OPEN_TUESDAY, TUESDAY_EVENING, WEEKDAYS_9_TO_5 } from "./fixtures";

function config(agent: Partial<InboundAgentConfig> = {}, tenant: Partial<CallConfig["tenant"]> = {}): CallConfig {
  return {
    phoneNumber: { id: "pn1", tenantId: "t1", e164: "+61255501234", status: "ACTIVE" },
    tenant: {
      id: "t1",
      slug: "t",
      name: "Harbour Dental",
      status: "ACTIVE",
      suspendedReason: null,
      plan: "STARTER",
      timezone: "Australia/Sydney",
      concurrencyCap: 5,
      hardCapMinutes: null,
      overCapBehaviour: "ALLOW_OVERAGE",
      ...tenant,
    },
    agent: {
      id: "a1",
      tenantId: "t1",
      name: "Ava",
      template: "RECEPTIONIST",
      greeting: "Hello, Harbour Dental.",
      instructions: "Help.",
      language: "en-AU",
      voice: "alloy",
      sttModel: "deepgram/nova-3",
      llmModel: "openai/gpt-4.1-mini",
      ttsModel: "deepgram/aura-2",
      businessHours: WEEKDAYS_9_TO_5,
      timezone: "Australia/Sydney",
      holidayRegion: "AU-NSW",
      afterHoursBehaviour: "TAKE_MESSAGE",
      afterHoursMessage: null,
      transferNumber: "+61299990000",
      maxCallSeconds: 600,
      aiDisclosure: true,
      recordingEnabled: false,
      transcriptRetentionDays: null,
      callingHours: null,
      keypadMenu: null,
      ...agent,
    },
  };
}

/** The plan for an inbound call, admitted by the shared admission rule with these facts. */
function decideCallHandling(c: CallConfig, now: Date, minutesUsed: number | null, activeCalls = 0) {
  const admission = decideAdmission({
    direction: "INBOUND",
    tenant: c.tenant,
    agent: c.agent,
    now,
    minutesUsed: () => minutesUsed,
    activeCalls: () => activeCalls,
  });
  return decideWithAdmission(c, admission);
}

describe("readJobMetadata", () => {
  it("reads the contract; unknown versions and malformed metadata are logged with the job id and ignored", () => {
    const log = recordingLogger();
    const inbound = encodeJobMetadata({ kind: "inbound", tenantId: "t1", agentId: null, phoneNumberId: "p1" });
    expect(readJobMetadata(inbound, "AJ_1", log)).toMatchObject({ kind: "inbound", phoneNumberId: "p1" });
    expect(readJobMetadata("", "AJ_2", log)).toBeNull();
    expect(log.entries).toHaveLength(0);
    expect(readJobMetadata('{"v":9,"kind":"inbound","tenantId":"t1"}', "AJ_3", log)).toBeNull();
    expect(readJobMetadata('{"tenantId":"t1","agentId":"a1","test":true}', "AJ_4", log)).toBeNull();
    expect(readJobMetadata("{nope", "AJ_5", log)).toBeNull();
    const logged = log.entries;
    expect(logged.map((l) => [l.level, l.fields.jobId])).toEqual([
      ["error", "AJ_3"],
      ["error", "AJ_4"],
      ["error", "AJ_5"],
    ]);
    expect(String(logged[0]?.fields.err)).toMatch(/unknown version 9/);
  });
});

describe("openState", () => {
  it("reads the schedule in the agent's timezone and treats NSW public holidays as closed", () => {
    expect(openState(WEEKDAYS_9_TO_5, OPEN_TUESDAY, "Australia/Sydney", "AU-NSW")).toEqual({ open: true });
    expect(openState(WEEKDAYS_9_TO_5, TUESDAY_EVENING, "Australia/Sydney", "AU-NSW")).toEqual({
      open: false,
      reason: "closed",
    });
    expect(openState(WEEKDAYS_9_TO_5, NSW_LABOUR_DAY, "Australia/Sydney", "AU-NSW")).toEqual({
      open: false,
      reason: "holiday",
      holiday: "Labour Day",
    });
    // Labour Day is not a holiday in Western Australia (WA's is in March).
    expect(openState(WEEKDAYS_9_TO_5, NSW_LABOUR_DAY, "Australia/Sydney", "AU-WA")).toEqual({ open: true });
    // Same instant, Perth time is 07:00: closed.
    expect(openState(WEEKDAYS_9_TO_5, OPEN_TUESDAY, "Australia/Perth", null)).toEqual({
      open: false,
      reason: "closed",
    });
    // Christmas Day at midday Sydney time.
    expect(openState(null, new Date("2026-12-25T01:00:00Z"), "Australia/Sydney", "AU-NSW")).toMatchObject({
      open: false,
      reason: "holiday",
    });
    expect(openState(null, TUESDAY_EVENING, "Australia/Sydney", null)).toEqual({ open: true });
  });

  it("describes the hours for callers", () => {
    expect(
      describeSchedule({
        mon: [
          { open: "08:30", close: "12:00" },
          { open: "13:00", close: "17:30" },
        ],
      }),
    ).toBe("Our hours are Monday 8:30am to 12pm and 1pm to 5:30pm.");
    expect(describeSchedule(null)).toBe("We're open around the clock.");
  });
});

describe("decideCallHandling", () => {
  it("open: converse with all tools; no transfer tool without a transfer number", () => {
    expect(decideCallHandling(config(), OPEN_TUESDAY, null)).toMatchObject({
      kind: "converse",
      situation: "open",
      greeting: `Hello, Harbour Dental. ${AI_DISCLOSURE}`,
    });
    expect(decideCallHandling(config({ transferNumber: null }), OPEN_TUESDAY, null)).toMatchObject({
      tools: ["take_message", "lookup_business_info", "end_call"],
    });
  });

  it("suspended wins over everything", () => {
    expect(decideCallHandling(config({}, { status: "SUSPENDED" }), TUESDAY_EVENING, 99999)).toMatchObject({
      kind: "announce_and_end",
      endReason: "SUSPENDED",
    });
  });

  it("over the hard cap follows the tenant's behaviour; under it nothing changes", () => {
    expect(
      decideCallHandling(config({}, { hardCapMinutes: 100, overCapBehaviour: "REJECT" }), OPEN_TUESDAY, 100),
    ).toMatchObject({ kind: "announce_and_end", endReason: "OVER_CAP" });
    expect(
      decideCallHandling(config({}, { hardCapMinutes: 100, overCapBehaviour: "REJECT" }), OPEN_TUESDAY, 99),
    ).toMatchObject({ kind: "converse", situation: "open" });
    expect(
      decideCallHandling(config({}, { hardCapMinutes: 100, overCapBehaviour: "TAKE_MESSAGE" }), OPEN_TUESDAY, 150),
    ).toMatchObject({ situation: "over_cap" });
  });

  it("at the concurrency cap the caller hears the lines are busy; one below it the call is answered", () => {
    expect(decideCallHandling(config({}, { concurrencyCap: 2 }), OPEN_TUESDAY, null, 2)).toMatchObject({
      kind: "announce_and_end",
      endReason: "BUSY",
      text: expect.stringContaining("lines are busy"),
    });
    expect(decideCallHandling(config({}, { concurrencyCap: 2 }), OPEN_TUESDAY, null, 1)).toMatchObject({
      kind: "converse",
      situation: "open",
    });
  });

  it("a stored schedule that cannot be read is treated as closed, not open at all hours", () => {
    expect(
      decideCallHandling(config({ businessHours: { mon: [{ open: "9am", close: "5pm" }] } }), OPEN_TUESDAY, null),
    ).toMatchObject({ kind: "converse", situation: "after_hours" });
  });

  it("after hours: take a message, announce the hours, or transfer (falls back to a message without a number)", () => {
    expect(decideCallHandling(config({ afterHoursMessage: "We open at 9." }), TUESDAY_EVENING, null)).toMatchObject({
      kind: "converse",
      situation: "after_hours",
      greeting: expect.stringContaining("We open at 9."),
    });
    expect(decideCallHandling(config({ afterHoursBehaviour: "ANNOUNCE_HOURS" }), NSW_LABOUR_DAY, null)).toMatchObject({
      kind: "announce_and_end",
      endReason: "AFTER_HOURS",
      text: expect.stringContaining("closed today for Labour Day"),
    });
    expect(decideCallHandling(config({ afterHoursBehaviour: "TRANSFER" }), TUESDAY_EVENING, null)).toMatchObject({
      kind: "transfer_now",
      to: "+61299990000",
    });
    expect(
      decideCallHandling(config({ afterHoursBehaviour: "TRANSFER", transferNumber: null }), TUESDAY_EVENING, null),
    ).toMatchObject({ kind: "converse", situation: "after_hours" });
  });
});

describe("recording notice (#15)", () => {
  const greeting = (plan: ReturnType<typeof decideCallHandling>) =>
    plan.kind === "converse" ? plan.greeting : plan.text;

  it("is in the opening line only when the agent records", () => {
    const on = decideCallHandling(config({ recordingEnabled: true }), OPEN_TUESDAY, null);
    expect(greeting(on)).toBe(`Hello, Harbour Dental. ${AI_DISCLOSURE} ${RECORDING_NOTICE}`);
    const off = decideCallHandling(config({ recordingEnabled: false }), OPEN_TUESDAY, null);
    expect(greeting(off)).not.toContain(RECORDING_NOTICE);
    // After hours, taking a message: still a conversation, still recorded.
    const afterHours = decideCallHandling(config({ recordingEnabled: true }), TUESDAY_EVENING, null);
    expect(afterHours.kind).toBe("converse");
    expect(greeting(afterHours)).toContain(RECORDING_NOTICE);
  });

  it("is not said on refused calls, which are never recorded", () => {
    const announce = decideCallHandling(
      config({ recordingEnabled: true, afterHoursBehaviour: "ANNOUNCE_HOURS" }),
      TUESDAY_EVENING,
      null,
    );
    expect(announce.kind).toBe("announce_and_end");
    expect(greeting(announce)).not.toContain(RECORDING_NOTICE);
    const suspended = decideCallHandling(
      config({ recordingEnabled: true }, { status: "SUSPENDED" }),
      OPEN_TUESDAY,
      null,
    );
    expect(greeting(suspended)).not.toContain(RECORDING_NOTICE);
  });
});
