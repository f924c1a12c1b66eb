// Inbox filters from the URL (?state=…&urgency=…): validated; a bad value is
// reported by name and ignored instead of breaking the page.
import type { ListTenantMessagesOptions } from "@articulate/db";
import { z } from "zod";
import { localDayStart } from "@/modules/calls/lib/filters";

const blank = z.literal("").transform(() => undefined);
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "use YYYY-MM-DD")
  .optional()
  .or(blank);

export const messageFiltersSchema = z.object({
  /** What the inbox lists: messages and unanswered questions (default), or one kind. */
  show: z.enum(["all", "messages", "questions"]).optional().or(blank),
  /** open (default) = new + seen; all = every state. */
  state: z.enum(["open", "NEW", "SEEN", "DONE", "all"]).optional().or(blank),
  urgency: z.enum(["URGENT", "NORMAL"]).optional().or(blank),
  /** A member's user id, or "none". */
  assignee: z.string().max(64).optional().or(blank),
  from: day,
  to: day,
  after: z.string().max(256).optional().or(blank),
});
export type MessageFilters = z.infer<typeof messageFiltersSchema>;

export function parseMessageFilters(raw: Record<string, string | string[] | undefined>): {
  filters: MessageFilters;
  problems: string[];
} {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (typeof v === "string") flat[k] = v;
  const parsed = messageFiltersSchema.safeParse(flat);
  if (parsed.success) return { filters: parsed.data, problems: [] };
  const bad = new Set(parsed.error.issues.map((i) => String(i.path[0])));
  const problems = parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
  return {
    filters: messageFiltersSchema.parse(Object.fromEntries(Object.entries(flat).filter(([k]) => !bad.has(k)))),
    problems,
  };
}

/**
 * Unanswered questions (knowledge gaps) are open items without urgency,
 * assignee or dates: listed in the default open view, or on their own.
 */
export function showsQuestions(filters: MessageFilters): boolean {
  if (filters.show === "messages") return false;
  if (filters.show === "questions") return true;
  const state = filters.state ?? "open";
  return state === "open" && !filters.urgency && !filters.assignee && !filters.from && !filters.to;
}

export function showsMessages(filters: MessageFilters): boolean {
  return filters.show !== "questions";
}

/** URL filters → the read model's options (dates are local days in the tenant's timezone). */
export function listOptions(filters: MessageFilters, timeZone: string, limit: number): ListTenantMessagesOptions {
  const state = filters.state ?? "open";
  return {
    limit,
    after: filters.after,
    open: state === "open",
    status: state === "open" || state === "all" ? undefined : state,
    urgency: filters.urgency,
    assigneeId: filters.assignee,
    from: filters.from ? localDayStart(filters.from, timeZone) : undefined,
    to: filters.to ? new Date(localDayStart(filters.to, timeZone).getTime() + 86_400_000) : undefined,
  };
}

export function messageFiltersToQuery(filters: MessageFilters, overrides: Partial<MessageFilters> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...overrides })) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : "";
}
