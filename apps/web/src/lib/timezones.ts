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

export function timezoneOptions(): { value: string; label: string }[] {
  const all = Intl.supportedValuesOf("timeZone");
  const rest = all.filter((z) => !AU_TIMEZONES.includes(z));
  return [...AU_TIMEZONES, ...rest].map((z) => ({ value: z, label: z.replace(/_/g, " ") }));
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
