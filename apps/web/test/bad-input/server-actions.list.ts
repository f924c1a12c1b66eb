// Every server action the dashboard can post, with the fields it reads. The
// bad-input suite sends each field a hostile corpus; a test fails when an action
// exported from src/modules/**/actions.ts is missing here.
export type ActionAccess = "public" | "user" | "tenant" | "admin";

export interface ListedAction {
  /** Module path under src/modules, without extension. */
  module: string;
  name: string;
  access: ActionAccess;
  /** Field → a plausible value (ids are filled in by the suite from `idOf`). */
  fields: Record<string, string>;
  /** Fields holding ids of this tenant's rows, by the row kind the suite creates. */
  idOf?: Record<string, "agent" | "number" | "apiKey" | "membership" | "invitation" | "endpoint" | "delivery">;
  /** Row counts an error may still change, by design (say why at the entry). */
  errorMayWrite?: string[];
}

const agentFields = {
  name: "Front desk",
  greeting: "Hello",
  instructions: "Help callers",
  language: "en-AU",
  voice: "alloy",
  sttModel: "deepgram/nova-3",
  llmModel: "openai/gpt-4.1-mini",
  ttsModel: "cartesia/sonic-3",
  timezone: "Australia/Sydney",
  holidayRegion: "AU-NSW",
  alwaysOpen: "on",
  afterHoursBehaviour: "TAKE_MESSAGE",
  afterHoursMessage: "We are closed",
  transferNumber: "+61255501234",
  maxCallMinutes: "10",
  aiDisclosure: "on",
};

export const SERVER_ACTIONS: ListedAction[] = [
  { module: "admin/actions", name: "suspendTenantAction", access: "admin", fields: { tenantId: "", reason: "Abuse" } },
  {
    module: "admin/actions",
    name: "resumeTenantAction",
    access: "admin",
    fields: { tenantId: "", reason: "Resolved" },
  },
  { module: "agents/actions", name: "createAgentAction", access: "tenant", fields: { template: "RECEPTIONIST" } },
  {
    module: "agents/actions",
    name: "updateAgentAction",
    access: "tenant",
    fields: { agentId: "", ...agentFields },
    idOf: { agentId: "agent" },
  },
  {
    module: "agents/actions",
    name: "archiveAgentAction",
    access: "tenant",
    fields: { agentId: "" },
    idOf: { agentId: "agent" },
  },
  {
    module: "agents/actions",
    name: "startTestCallAction",
    access: "tenant",
    fields: { agentId: "" },
    idOf: { agentId: "agent" },
  },
  { module: "api-keys/actions", name: "createApiKeyAction", access: "tenant", fields: { name: "CI" } },
  {
    module: "api-keys/actions",
    name: "revokeApiKeyAction",
    access: "tenant",
    fields: { keyId: "" },
    idOf: { keyId: "apiKey" },
  },
  {
    module: "auth/actions",
    name: "signUpAction",
    access: "public",
    fields: { name: "Ann", email: "ann@example.test", password: "long-enough-1", next: "/onboarding" },
  },
  {
    module: "auth/actions",
    name: "signInAction",
    access: "public",
    fields: { email: "ann@example.test", password: "long-enough-1", next: "/app" },
  },
  { module: "auth/actions", name: "signOutAction", access: "user", fields: {} },
  { module: "auth/actions", name: "requestPasswordResetAction", access: "public", fields: { email: "a@example.test" } },
  {
    module: "auth/actions",
    name: "resetPasswordAction",
    access: "public",
    fields: { token: "0123456789abcdef", password: "long-enough-1", confirm: "long-enough-1" },
  },
  { module: "auth/actions", name: "resendVerificationAction", access: "user", fields: {} },
  {
    module: "auth/actions",
    name: "changePasswordAction",
    access: "user",
    fields: { current: "old-password-1", password: "long-enough-1", confirm: "long-enough-1" },
  },
  { module: "auth/actions", name: "connectProviderAction", access: "user", fields: { provider: "google" } },
  { module: "billing/actions", name: "startCheckoutAction", access: "tenant", fields: { plan: "STARTER" } },
  { module: "billing/actions", name: "openPortalAction", access: "tenant", fields: {} },
  {
    module: "numbers/actions",
    name: "buyNumberAction",
    access: "tenant",
    // A carrier refusal keeps a FAILED number row with its reason, retryable from the numbers page.
    errorMayWrite: ["numbers"],
    fields: { provider: "TELNYX", phoneNumber: "+61255501234", agentId: "", label: "Main" },
    idOf: { agentId: "agent" },
  },
  {
    module: "numbers/actions",
    name: "importNumberAction",
    access: "tenant",
    // A carrier refusal keeps a FAILED number row with its reason, retryable from the numbers page.
    errorMayWrite: ["numbers"],
    fields: {
      phoneNumber: "+61255501299",
      agentId: "",
      label: "Imported",
      authMode: "addresses",
      allowedAddresses: "203.0.113.1",
    },
    idOf: { agentId: "agent" },
  },
  {
    module: "numbers/actions",
    name: "assignAgentAction",
    access: "tenant",
    fields: { phoneNumberId: "", agentId: "" },
    idOf: { phoneNumberId: "number", agentId: "agent" },
  },
  {
    module: "numbers/actions",
    name: "retryProvisioningAction",
    access: "tenant",
    fields: { phoneNumberId: "" },
    idOf: { phoneNumberId: "number" },
  },
  {
    module: "numbers/actions",
    name: "releaseNumberAction",
    access: "tenant",
    fields: { phoneNumberId: "" },
    idOf: { phoneNumberId: "number" },
  },
  {
    module: "onboarding/actions",
    name: "createBusinessAction",
    access: "user",
    fields: { name: "Harbour Dental", country: "AU", timezone: "Australia/Sydney", plan: "TRIAL" },
  },
  {
    module: "outbound/actions",
    name: "placeOutboundCallAction",
    access: "tenant",
    fields: { agentId: "", fromNumberId: "", to: "0412345678" },
    idOf: { agentId: "agent", fromNumberId: "number" },
  },
  {
    module: "team/actions",
    name: "inviteMemberAction",
    access: "tenant",
    fields: { email: "new@example.test", role: "MEMBER" },
  },
  {
    module: "team/actions",
    name: "changeRoleAction",
    access: "tenant",
    fields: { membershipId: "", role: "ADMIN" },
    idOf: { membershipId: "membership" },
  },
  {
    module: "team/actions",
    name: "removeMemberAction",
    access: "tenant",
    fields: { membershipId: "" },
    idOf: { membershipId: "membership" },
  },
  {
    module: "team/actions",
    name: "revokeInvitationAction",
    access: "tenant",
    fields: { invitationId: "" },
    idOf: { invitationId: "invitation" },
  },
  {
    module: "webhooks/actions",
    name: "createWebhookEndpointAction",
    access: "tenant",
    fields: { url: "https://hooks.example.test/in", description: "CRM", events: "call.ended" },
  },
  {
    module: "webhooks/actions",
    name: "setWebhookEndpointEnabledAction",
    access: "tenant",
    fields: { endpointId: "", enabled: "false" },
    idOf: { endpointId: "endpoint" },
  },
  {
    module: "webhooks/actions",
    name: "rotateWebhookSecretAction",
    access: "tenant",
    fields: { endpointId: "" },
    idOf: { endpointId: "endpoint" },
  },
  {
    module: "webhooks/actions",
    name: "deleteWebhookEndpointAction",
    access: "tenant",
    fields: { endpointId: "" },
    idOf: { endpointId: "endpoint" },
  },
  {
    module: "webhooks/actions",
    name: "replayWebhookDeliveryAction",
    access: "tenant",
    fields: { deliveryId: "" },
    idOf: { deliveryId: "delivery" },
  },
  {
    module: "bookings/actions",
    name: "addBookingAction",
    access: "tenant",
    fields: {
      appointmentTypeId: "apt_missing",
      date: "01/12/2026",
      time: "09:30",
      callerName: "Ann",
      callerPhone: "0412345678",
      reason: "Check-up",
    },
  },
  {
    module: "bookings/actions",
    name: "moveBookingAction",
    access: "tenant",
    fields: { bookingId: "bk_missing", date: "02/12/2026", time: "10:00" },
  },
  { module: "bookings/actions", name: "cancelBookingAction", access: "tenant", fields: { bookingId: "bk_missing" } },
  {
    module: "bookings/actions",
    name: "saveAppointmentTypeAction",
    access: "tenant",
    fields: {
      name: "Check-up",
      agentId: "",
      durationMinutes: "30",
      bufferMinutes: "5",
      minNoticeHours: "2",
      maxDaysAhead: "60",
    },
    idOf: { agentId: "agent" },
  },
  { module: "bookings/actions", name: "rotateFeedAction", access: "tenant", fields: {} },
];
