// Starting points for a new agent. Each is a complete, sensible configuration
// that a business can use unchanged and edit later.
import type { Weekday, WeeklySchedule } from "@articulate/calls";
import type { AfterHoursBehaviour, AgentTemplate } from "@articulate/db";

export interface AgentTemplateDefinition {
  template: Exclude<AgentTemplate, "CUSTOM">;
  label: string;
  description: string;
  name: string;
  greeting: (business: string) => string;
  instructions: (business: string) => string;
  afterHoursBehaviour: AfterHoursBehaviour;
  /** null = always open. */
  businessHours: WeeklySchedule | null;
}

/** The weekdays with their labels, in the order the editor shows them. */
export const WEEKDAY_LABELS: { key: Weekday; label: string }[] = [
  { key: "mon", label: "Monday" },
  { key: "tue", label: "Tuesday" },
  { key: "wed", label: "Wednesday" },
  { key: "thu", label: "Thursday" },
  { key: "fri", label: "Friday" },
  { key: "sat", label: "Saturday" },
  { key: "sun", label: "Sunday" },
];

const officeHours: WeeklySchedule = {
  mon: [{ open: "09:00", close: "17:00" }],
  tue: [{ open: "09:00", close: "17:00" }],
  wed: [{ open: "09:00", close: "17:00" }],
  thu: [{ open: "09:00", close: "17:00" }],
  fri: [{ open: "09:00", close: "17:00" }],
};

export const AGENT_TEMPLATES: Record<AgentTemplateDefinition["template"], AgentTemplateDefinition> = {
  RECEPTIONIST: {
    template: "RECEPTIONIST",
    label: "Receptionist",
    description: "Answers questions about the business, takes messages and transfers to a person when asked.",
    name: "Receptionist",
    greeting: (b) => `Thanks for calling ${b}, how can I help you today?`,
    instructions: (b) =>
      `You are the friendly receptionist for ${b}. Answer questions about opening hours and services briefly. ` +
      "If the caller wants a person, offer to transfer them. If nobody can help right now, take a message: " +
      "their name, the best number to call back and what it is about. Never make up prices or promises.",
    afterHoursBehaviour: "TAKE_MESSAGE",
    businessHours: officeHours,
  },
  AFTER_HOURS: {
    template: "AFTER_HOURS",
    label: "After-hours answering",
    description: "Tells callers when you are open and takes a message for the next business day.",
    name: "After-hours line",
    greeting: (b) => `Thanks for calling ${b}. We're closed right now, but I can take a message.`,
    instructions: (b) =>
      `You answer calls for ${b} outside business hours. Tell callers the opening hours, then take a message ` +
      "with their name, callback number and reason. For emergencies, give the emergency number 000.",
    afterHoursBehaviour: "TAKE_MESSAGE",
    businessHours: null,
  },
  APPOINTMENTS: {
    template: "APPOINTMENTS",
    label: "Appointment requests",
    description: "Collects appointment requests (preferred day and time) for your team to confirm.",
    name: "Bookings",
    greeting: (b) => `Hello, you've reached ${b} bookings. Would you like to make an appointment?`,
    instructions: (b) =>
      `You take appointment requests for ${b}. Ask for the caller's name, callback number, the service they need and ` +
      "two preferred days and times. Explain that the team will call back to confirm. Do not confirm bookings yourself.",
    afterHoursBehaviour: "TAKE_MESSAGE",
    businessHours: officeHours,
  },
};

export function agentDataFromTemplate(
  template: AgentTemplateDefinition["template"],
  businessName: string,
  timezone: string,
) {
  const t = AGENT_TEMPLATES[template];
  return {
    name: t.name,
    template: t.template,
    greeting: t.greeting(businessName),
    instructions: t.instructions(businessName),
    afterHoursBehaviour: t.afterHoursBehaviour,
    businessHours: t.businessHours ?? undefined,
    timezone,
  };
}
