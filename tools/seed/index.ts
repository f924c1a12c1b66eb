// Demo data: a tenant (Harbour Dental) with an owner, a platform admin, one AU
// number, one agent, ~50 calls with transcripts and messages over the current
// and previous calendar month, one usage record per answered call, a
// subscription row, appointment types and bookings (most made on demo calls). Idempotent: running it again changes nothing.
import { billableDuration, recordCallUsage } from "@articulate/billing";
import { hashPassword, platformDb } from "@articulate/db";
import { seedDemoBookings } from "./bookings";
import { buildDemoCalls } from "./demo-calls";
import { seedDemoKnowledge, seedDemoLookups } from "./knowledge";

export const DEMO_OWNER = { email: "owner@demo.articulate.local", password: "demo-owner-pass" };
export const DEMO_ADMIN = { email: "admin@articulate.local", password: "demo-admin-pass" };
export const DEMO_TENANT_SLUG = "harbour-dental";
/** 02 5550 xxxx is ACMA's range for fictional Sydney numbers. */
export const DEMO_NUMBER = "+61255504477";

const BUSINESS_HOURS = Object.fromEntries(
  ["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [{ open: "08:00", close: "17:30" }]]),
);

// The practice's facts (hours, parking, fees, services) live in its knowledge
// (seed/knowledge.ts), looked up during calls; the instructions keep only how to behave.
const AGENT_INSTRUCTIONS = `You are Ava, the receptionist for Harbour Dental, a family dental practice in Balmain NSW.
- Be warm, brief and clear; use Australian English. Say you are an AI assistant if asked.
- You can book, move or cancel appointments (take the request as a message if you cannot confirm a time) and answer questions about the practice from its knowledge.
- Dental emergencies (swelling, bleeding, knocked-out tooth, severe pain): transfer to the practice right away. If the caller has trouble breathing or swallowing, tell them to call 000.
- Never give clinical advice or diagnoses. Never take card details over the phone.
- When taking a message, get the caller's name, best callback number and the reason, and read them back.`;

export async function seedDemo(now = new Date()): Promise<{ tenantId: string; summary: string }> {
  const db = platformDb();
  const owner = await db.user.upsert({
    where: { email: DEMO_OWNER.email },
    update: {},
    create: {
      email: DEMO_OWNER.email,
      name: "Dana Owner",
      emailVerified: new Date(),
      passwordHash: await hashPassword(DEMO_OWNER.password),
    },
  });
  await db.user.upsert({
    where: { email: DEMO_ADMIN.email },
    update: { isPlatformAdmin: true },
    create: {
      email: DEMO_ADMIN.email,
      name: "Platform Admin",
      emailVerified: new Date(),
      isPlatformAdmin: true,
      passwordHash: await hashPassword(DEMO_ADMIN.password),
    },
  });
  const tenant = await db.tenant.upsert({
    where: { slug: DEMO_TENANT_SLUG },
    update: {},
    create: { slug: DEMO_TENANT_SLUG, name: "Harbour Dental", timezone: "Australia/Sydney", plan: "STARTER" },
  });
  const tenantId = tenant.id;
  await db.membership.upsert({
    where: { tenantId_userId: { tenantId, userId: owner.id } },
    update: {},
    create: { tenantId, userId: owner.id, role: "OWNER" },
  });

  const created = await db.$transaction(
    async (tx) => {
      let agent = await tx.agent.findFirst({ where: { tenantId, name: "Ava (reception)" } });
      agent ??= await tx.agent.create({
        data: {
          tenantId,
          name: "Ava (reception)",
          template: "RECEPTIONIST",
          greeting:
            "Thanks for calling Harbour Dental, this is Ava, the practice's AI receptionist. How can I help you today?",
          instructions: AGENT_INSTRUCTIONS,
          language: "en-AU",
          businessHours: BUSINESS_HOURS,
          timezone: "Australia/Sydney",
          holidayRegion: "AU-NSW",
          afterHoursBehaviour: "TAKE_MESSAGE",
          afterHoursMessage: "The practice is closed right now; we're open Monday to Friday, 8 am to 5:30 pm.",
          transferNumber: "+61255504400",
          maxCallSeconds: 600,
          aiDisclosure: true,
          transcriptRetentionDays: 365,
        },
      });
      let number = await tx.phoneNumber.findFirst({ where: { tenantId, e164: DEMO_NUMBER } });
      if (!number) {
        // Another tenant holding the demo number (a reused database) is left alone.
        const heldElsewhere = await tx.phoneNumber.findUnique({ where: { e164Active: DEMO_NUMBER } });
        number = await tx.phoneNumber.create({
          data: {
            tenantId,
            e164: DEMO_NUMBER,
            e164Active: heldElsewhere ? null : DEMO_NUMBER,
            country: "AU",
            numberType: "LOCAL",
            provider: "BYO",
            providerRef: null,
            status: heldElsewhere ? "FAILED" : "ACTIVE",
            failureReason: heldElsewhere ? "number already held by another tenant" : null,
            provisioningStep: "DONE",
            // Shaped like LiveKit's ids; no LiveKit server holds them in the demo.
            livekitInboundTrunkId: "ST_demoHarbourDntl",
            livekitDispatchRuleId: "SDR_demoHarbourDntl",
            agentId: agent.id,
            monthlyCostMinor: 0,
            allowedAddresses: [],
            label: "Main line",
          },
        });
      }
      await tx.subscription.upsert({
        where: { tenantId },
        update: {},
        create: {
          tenantId,
          plan: "STARTER",
          status: "NONE",
          currentPeriodStart: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
          currentPeriodEnd: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)),
        },
      });

      // Calls are created once, as a unit: their presence marks the demo as seeded.
      if ((await tx.call.count({ where: { tenantId, roomName: { startsWith: "call-demo-" } } })) > 0) return 0;
      const calls = buildDemoCalls(now);
      for (const c of calls) {
        const duration = billableDuration(c.answeredAt, c.endedAt);
        const call = await tx.call.create({
          data: {
            tenantId,
            agentId: agent.id,
            phoneNumberId: number.id,
            direction: c.direction,
            fromNumber: c.direction === "INBOUND" ? c.callerNumber : DEMO_NUMBER,
            toNumber: c.direction === "INBOUND" ? DEMO_NUMBER : c.callerNumber,
            roomName: c.roomName,
            sipCallId: `SCL_${c.roomName.replace("call-demo-", "demo")}`,
            participantIdentity: `sip_${c.callerNumber}`,
            status: c.status,
            startedAt: c.startedAt,
            answeredAt: c.answeredAt,
            endedAt: c.endedAt,
            endReason: c.endReason,
            finalizedBy: "WORKER",
            billableSeconds: duration.seconds,
            billableMinutes: duration.minutes,
            latency: c.latency ?? undefined,
            summary: c.summary,
            outcome: c.outcome,
            analysisStatus: c.answeredAt ? "ANALYSED" : "NOT_ANALYSED",
            // History: nobody is notified about demo calls and messages when the jobs start.
            notifiedAt: c.endedAt,
            createdAt: c.startedAt,
          },
        });
        if (c.segments.length > 0) {
          await tx.transcriptSegment.createMany({
            data: c.segments.map((s) => ({ ...s, tenantId, callId: call.id, createdAt: c.answeredAt ?? c.startedAt })),
          });
        }
        if (c.message) {
          await tx.message.create({
            data: {
              ...c.message,
              tenantId,
              callId: call.id,
              agentId: agent.id,
              createdAt: c.endedAt,
              notifiedAt: c.endedAt,
            },
          });
        }
        // The real ledger path: one UsageRecord, the period rollup, price and platform cost.
        const usage = await recordCallUsage(tx, {
          id: call.id,
          tenantId,
          direction: c.direction,
          answeredAt: c.answeredAt,
          endedAt: c.endedAt,
          provider: "BYO",
        });
        await tx.call.update({
          where: { id: call.id, tenantId },
          data: { priceMinor: usage.priceMinor, platformCostMinor: usage.platformCostMinor },
        });
      }
      return calls.length;
    },
    { timeout: 60_000 },
  );
  const agent = await db.agent.findFirstOrThrow({ where: { tenantId, name: "Ava (reception)" }, select: { id: true } });
  const knowledgeAdded = await seedDemoKnowledge(tenantId, agent.id);
  // The demo calls that asked about the practice show the lookups the agent made (real searches).
  if (created > 0) await seedDemoLookups(tenantId, agent.id, buildDemoCalls(now));
  const bookingsAdded = await seedDemoBookings(tenantId, agent.id, now);

  const summary = [
    "[seed] demo tenant: Harbour Dental (/t/harbour-dental)",
    `[seed] number ${DEMO_NUMBER}, agent "Ava (reception)"${created > 0 ? `, ${created} calls with transcripts added` : ", calls already present"}`,
    `[seed] knowledge: ${knowledgeAdded > 0 ? `${knowledgeAdded} FAQ entries and documents added` : "already present"}`,
    `[seed] bookings: ${bookingsAdded > 0 ? `3 appointment types, ${bookingsAdded} bookings (most made on demo calls)` : "already present"}`,
    `[seed] owner login:  ${DEMO_OWNER.email} / ${DEMO_OWNER.password}`,
    `[seed] admin login:  ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}`,
  ].join("\n");
  return { tenantId, summary };
}
