// The guided first run on the overview: five steps, each with its state and the
// link that moves it forward, in the owner's words. A step the installation
// cannot do yet says so instead of leading to a dead end.
import type { CurrentPlan } from "@articulate/billing";
import type { TenantDb } from "@articulate/db";
import type { PlatformReadiness } from "@/lib/platform-readiness";

export type StepState = "done" | "todo" | "unavailable";

export interface ChecklistStep {
  key: "number" | "agent" | "hear" | "team" | "plan";
  title: string;
  state: StepState;
  detail: string;
  href: string;
  cta: string;
}

export async function loadChecklist(
  db: TenantDb,
  slug: string,
  plan: CurrentPlan,
  readiness: PlatformReadiness,
): Promise<ChecklistStep[]> {
  const [activeNumbers, agents, heard, members, invites] = await Promise.all([
    db.phoneNumber.count({ where: { status: "ACTIVE" } }),
    db.agent.findMany({ where: { archivedAt: null }, select: { id: true, createdAt: true, updatedAt: true } }),
    db.call.count({ where: { OR: [{ isTest: true }, { answeredAt: { not: null } }] } }),
    db.membership.count({ where: {} }),
    db.invitation.count({ where: { acceptedAt: null, revokedAt: null } }),
  ]);
  // "Shaped": an agent edited after it was created from its template.
  const shaped = agents.some((a) => a.updatedAt.getTime() - a.createdAt.getTime() > 1000);
  const firstAgent = agents[0];
  const agentHref = firstAgent ? `/t/${slug}/agents/${firstAgent.id}` : `/t/${slug}/agents`;
  return [
    {
      key: "number",
      title: "Connect a number",
      state: activeNumbers > 0 ? "done" : readiness.canConnectNumbers ? "todo" : "unavailable",
      detail:
        activeNumbers > 0
          ? "Callers can reach your agent."
          : readiness.canConnectNumbers
            ? "Buy an Australian number or bring the one you have."
            : "Not available on this installation yet. You can still talk to your agent in the browser.",
      href: `/t/${slug}/numbers`,
      cta: "Numbers",
    },
    {
      key: "agent",
      title: "Shape your agent",
      state: shaped ? "done" : "todo",
      detail: shaped
        ? "Your greeting and instructions are your own."
        : "Set the greeting, hours and what it should do.",
      href: agentHref,
      cta: "Edit agent",
    },
    {
      key: "hear",
      title: "Hear your agent",
      state: heard > 0 ? "done" : "todo",
      detail:
        heard > 0 ? "You have seen a call with its transcript." : "Talk to it from the agent page and see the call.",
      href: agentHref,
      cta: "Talk to your agent",
    },
    {
      key: "team",
      title: "Invite your team",
      state: members > 1 || invites > 0 ? "done" : "todo",
      detail: members > 1 || invites > 0 ? "Your team can see calls and messages." : "Let colleagues read calls too.",
      href: `/t/${slug}/team`,
      cta: "Team",
    },
    {
      key: "plan",
      title: "Choose a plan",
      state: plan.billed ? "done" : readiness.canTakePayments ? "todo" : "unavailable",
      detail: plan.billed
        ? `${plan.label}: ${plan.detail.toLowerCase()}.`
        : readiness.canTakePayments
          ? "You are on the free trial. Pick a plan when you are ready."
          : "Online payment isn't available on this installation yet; you stay on the free trial.",
      href: `/t/${slug}/billing`,
      cta: "Billing",
    },
  ];
}
