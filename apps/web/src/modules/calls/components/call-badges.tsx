import type { CallDirection, CallEndReason, CallOutcome, CallStatus, PhoneNumberStatus } from "@articulate/db";
import { Badge, type BadgeTone } from "@/components/ui/layout";
import { humanize } from "@/lib/format";

const CALL_TONE: Record<CallStatus, BadgeTone> = {
  RINGING: "blue",
  IN_PROGRESS: "blue",
  COMPLETED: "green",
  FAILED: "red",
  NO_ANSWER: "yellow",
  BUSY: "yellow",
  DECLINED: "yellow",
};

/** The call's status; a call refused by the block list reads "Blocked", and test calls carry a "Test" badge. */
export function CallStatusBadge({
  status,
  endReason,
  isTest,
}: {
  status: CallStatus;
  endReason?: CallEndReason | null;
  isTest?: boolean;
}) {
  return (
    <span className="inline-flex flex-wrap gap-1">
      {endReason === "BLOCKED" ? (
        <Badge tone="gray">Blocked</Badge>
      ) : (
        <Badge tone={CALL_TONE[status]}>{status === "IN_PROGRESS" ? "In progress" : humanize(status)}</Badge>
      )}
      {isTest ? <Badge tone="blue">Test</Badge> : null}
    </span>
  );
}

const OUTCOME: Record<CallOutcome, { label: string; tone: BadgeTone }> = {
  RESOLVED: { label: "Resolved", tone: "green" },
  MESSAGE_TAKEN: { label: "Message taken", tone: "blue" },
  TRANSFERRED: { label: "Transferred", tone: "blue" },
  SPAM: { label: "Spam", tone: "gray" },
  ABANDONED: { label: "Abandoned", tone: "yellow" },
  OTHER: { label: "Other", tone: "gray" },
};

/** The call's outcome from analysis; blocked callers count as spam. */
export function OutcomeBadge({
  outcome,
  endReason,
}: {
  outcome: CallOutcome | null;
  endReason?: CallEndReason | null;
}) {
  const o = endReason === "BLOCKED" ? OUTCOME.SPAM : outcome ? OUTCOME[outcome] : null;
  return o ? <Badge tone={o.tone}>{o.label}</Badge> : <span className="text-slate-400">—</span>;
}

/** A test call from the dashboard: shown with real calls, never billed. */
export function TestCallBadge() {
  return (
    <span className="ml-1">
      <Badge tone="gray">Test</Badge>
    </span>
  );
}

export function DirectionLabel({ direction }: { direction: CallDirection }) {
  return <span className="text-xs text-slate-600">{direction === "INBOUND" ? "Inbound" : "Outbound"}</span>;
}

const NUMBER_TONE: Record<PhoneNumberStatus, BadgeTone> = {
  PROVISIONING: "blue",
  ACTIVE: "green",
  FAILED: "red",
  RELEASING: "yellow",
  RELEASED: "gray",
};

export function NumberStatusBadge({ status }: { status: PhoneNumberStatus }) {
  return <Badge tone={NUMBER_TONE[status]}>{humanize(status)}</Badge>;
}
