import { PLANS } from "@articulate/billing";
import { requireUserPage } from "@/lib/authz/page";
import { formatMoney, formatNumber } from "@/lib/format";
import { COUNTRIES, timezoneOptions } from "@/lib/timezones";
import { stripeConfigured } from "@/modules/billing/lib/checkout";
import { CreateBusinessForm, type PlanChoice } from "@/modules/onboarding/components/create-business-form";

export const metadata = { title: "Create your business" };

export default async function OnboardingPage() {
  const user = await requireUserPage("/onboarding");
  const plans: PlanChoice[] = [
    {
      value: "TRIAL",
      title: "Free trial",
      price: "A$0",
      detail: `${formatNumber(PLANS.TRIAL.includedMinutes)} minutes to try it, not billed`,
    },
    ...(["STARTER", "PROFESSIONAL"] as const).map((p) => ({
      value: p,
      title: PLANS[p].label,
      price: `${formatMoney(PLANS[p].baseMinor)}/month`,
      detail: `${formatNumber(PLANS[p].includedMinutes)} min included, then ${formatMoney(PLANS[p].overageMinorPerMinute)}/min`,
    })),
  ];
  return (
    <main className="mx-auto max-w-2xl px-4 py-12">
      <p className="text-sm font-medium text-brand-700">Welcome{user.name ? `, ${user.name}` : ""}</p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight">Tell us about your business</h1>
      <p className="mt-1 mb-6 text-sm text-slate-600">
        We will set up a receptionist agent for you. You can change everything later.
      </p>
      <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <CreateBusinessForm
          countries={COUNTRIES}
          timezones={timezoneOptions()}
          plans={plans}
          stripeConfigured={stripeConfigured()}
        />
      </div>
    </main>
  );
}
