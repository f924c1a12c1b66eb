import type { WeeklySchedule } from "@articulate/calls";
import { keypadMenuSchema } from "@articulate/calls/keypad-menu";
import { RECORDING_NOTICE } from "@articulate/recordings";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ConfirmForm } from "@/components/ui/confirm-form";
import { Card, PageHeader } from "@/components/ui/layout";
import { livekitConfig, modelProvider, recordingStorage } from "@/env";
import { withTenantPage } from "@/lib/authz/page";
import { roleAtLeast } from "@/lib/authz/tenant-access";
import { formatPhone } from "@/lib/format";
import { HOLIDAY_REGIONS, timezoneOptions } from "@/lib/timezones";
import { archiveAgentAction } from "@/modules/agents/actions";
import { AgentEditor } from "@/modules/agents/components/agent-editor";
import { TestCallPanel } from "@/modules/agents/components/test-call-panel";
import { TextChatPanel } from "@/modules/agents/components/text-chat-panel";
import { TEXT_CHAT_UNAVAILABLE } from "@/modules/agents/lib/text-chat";
import { CallThisNumberCard } from "@/modules/outbound/components/call-this-number-card";

export const metadata = { title: "Agent" };

export default async function AgentPage({ params }: { params: Promise<{ slug: string; agentId: string }> }) {
  const { slug, agentId } = await params;
  const { db, role, user } = await withTenantPage(slug);
  // Loaded through the tenant-scoped client: another tenant's agent id is a 404.
  const agent = await db.agent.findFirst({
    where: { id: agentId, archivedAt: null },
    include: { phoneNumbers: { where: { status: { not: "RELEASED" } }, select: { e164: true } } },
  });
  if (!agent) notFound();
  const canEdit = roleAtLeast(role, "ADMIN");
  return (
    <>
      <PageHeader
        title={agent.name}
        description={
          <>
            <Link className="text-brand-700 underline" href={`/t/${slug}/agents`}>
              Agents
            </Link>{" "}
            ·{" "}
            {agent.phoneNumbers.length > 0
              ? `Answers ${agent.phoneNumbers.map((n) => formatPhone(n.e164)).join(", ")}`
              : "No number assigned yet"}
          </>
        }
        actions={
          canEdit ? (
            <ConfirmForm
              action={archiveAgentAction}
              hidden={{ slug, agentId: agent.id }}
              trigger="Archive agent"
              title={`Archive ${agent.name}?`}
              body="The agent stops answering and is hidden. Its past calls and transcripts are kept."
              confirmLabel="Archive"
            />
          ) : null
        }
      />
      <div className="grid gap-6 xl:grid-cols-3">
        <div className="xl:col-span-2">
          <AgentEditor
            slug={slug}
            canEdit={canEdit}
            recordingAvailable={recordingStorage() !== null}
            recordingNotice={RECORDING_NOTICE}
            allowCustomModels={user.isPlatformAdmin}
            timezones={timezoneOptions()}
            holidayRegions={HOLIDAY_REGIONS}
            agent={{
              id: agent.id,
              name: agent.name,
              greeting: agent.greeting,
              instructions: agent.instructions,
              language: agent.language,
              voice: agent.voice,
              sttModel: agent.sttModel,
              llmModel: agent.llmModel,
              ttsModel: agent.ttsModel,
              timezone: agent.timezone,
              holidayRegion: agent.holidayRegion,
              businessHours: (agent.businessHours as WeeklySchedule | null) ?? null,
              afterHoursBehaviour: agent.afterHoursBehaviour,
              afterHoursMessage: agent.afterHoursMessage,
              transferNumber: agent.transferNumber ? formatPhone(agent.transferNumber) : null,
              maxCallSeconds: agent.maxCallSeconds,
              aiDisclosure: agent.aiDisclosure,
              recordingEnabled: agent.recordingEnabled,
              keypadMenu: keypadMenuSchema.safeParse(agent.keypadMenu).data ?? null,
              recordingRetentionDays: agent.recordingRetentionDays,
            }}
          />
        </div>
        <div className="space-y-6">
          <Card title="Knowledge">
            <p className="text-sm text-slate-600">
              FAQ, website and documents your agent looks facts up in during calls, and the questions it could not
              answer.
            </p>
            <Link
              className="mt-3 inline-block text-sm font-medium text-brand-700 underline"
              href={`/t/${slug}/agents/${agent.id}/knowledge`}
            >
              Open knowledge
            </Link>
          </Card>
          <Card title="Talk to your agent">
            <TextChatPanel
              slug={slug}
              agentId={agent.id}
              available={modelProvider() !== null}
              unavailableText={TEXT_CHAT_UNAVAILABLE}
            />
          </Card>
          <Card title="Test call">
            <TestCallPanel slug={slug} agentId={agent.id} livekitConfigured={livekitConfig() !== null} />
          </Card>
          {canEdit ? <CallThisNumberCard slug={slug} tenantId={agent.tenantId} agentId={agent.id} /> : null}
        </div>
      </div>
    </>
  );
}
