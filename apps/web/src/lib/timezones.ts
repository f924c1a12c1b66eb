// Timezone choices offered in forms (Australian zones first), validated against the runtime's IANA list.
export const AU_TIMEZONES = [
  "Australia/Sydney",
  "Australia/Melbourne",
  "Australia/Brisbane",
  "Australia/Adelaide",
  "Australia/Darwin",
  "Australia/Perth",
  "Australia/Hobart",
  "Australia/Lord_Howe",
];

/** Every IANA zone, Australian ones first; the label adds the current UTC offset ("Australia/Sydney (UTC+11:00)"). */
export function timezoneOptions(now = new Date()): { value: string; label: string }[] {
  const all = Intl.supportedValuesOf("timeZone");
  const rest = all.filter((z) => !AU_TIMEZONES.includes(z));
  return [...AU_TIMEZONES, ...rest].map((z) => ({ value: z, label: `${z.replace(/_/g, " ")} (${utcOffset(z, now)})` }));
}

function utcOffset(timeZone: string, at: Date): string {
  const name = new Intl.DateTimeFormat("en-AU", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName")?.value;
  return name === "GMT" || !name ? "UTC" : name.replace("GMT", "UTC");
}

export function isValidTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-AU", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const COUNTRIES = [
  { value: "AU", label: "Australia" },
  { value: "NZ", label: "New Zealand" },
  { value: "US", label: "United States" },
  { value: "GB", label: "United Kingdom" },
];

/** date-holidays regions offered for Australian agents. */
export const HOLIDAY_REGIONS = [
  { value: "", label: "No public holidays" },
  { value: "AU", label: "Australia (national only)" },
  { value: "AU-ACT", label: "Australian Capital Territory" },
  { value: "AU-NSW", label: "New South Wales" },
  { value: "AU-NT", label: "Northern Territory" },
  { value: "AU-QLD", label: "Queensland" },
  { value: "AU-SA", label: "South Australia" },
  { value: "AU-TAS", label: "Tasmania" },
  { value: "AU-VIC", label: "Victoria" },
  { value: "AU-WA", label: "Western Australia" },
  { value: "NZ", label: "New Zealand" },
];
