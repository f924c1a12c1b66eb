import type { CallDirection, CallStatus, PhoneNumberStatus } from "@articulate/db";
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

export function CallStatusBadge({ status }: { status: CallStatus }) {
  return <Badge tone={CALL_TONE[status]}>{status === "IN_PROGRESS" ? "In progress" : humanize(status)}</Badge>;
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
