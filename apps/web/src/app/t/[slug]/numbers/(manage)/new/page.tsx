import { withTextRule } from "@articulate/core";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Card, EmptyState, Notice, PageHeader } from "@/components/ui/layout";
import { withTenantPage } from "@/lib/authz/page";
import { platformReadiness } from "@/lib/platform-readiness";
import { BuyNumberForm } from "@/modules/numbers/components/number-forms";
import { configuredProviders, searchAvailableNumbers, searchSchema } from "@/modules/numbers/lib/search";

export const metadata = { title: "Buy a number" };

export default async function BuyNumberPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { slug } = await params;
  const sp = await searchParams;
  const { tenant, db } = await withTenantPage(slug, { role: "ADMIN" });
  const readiness = platformReadiness();
  // Buying needs a carrier and the calling service; without either, no search (nothing could be bought).
  const providers = readiness.canBuyNumbers ? configuredProviders() : [];
  const agents = (
    await db.agent.findMany({
      where: { archivedAt: null },
      select: { id: true, name: true },
      orderBy: { createdAt: "asc" },
    })
  ).map((a) => ({ value: a.id, label: a.name }));
  const submitted = sp.provider !== undefined;
  const parsed = submitted ? withTextRule(searchSchema).safeParse(sp) : null;
  const result = parsed?.success ? await searchAvailableNumbers(parsed.data) : null;
  const field = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";
  return (
    <>
      <PageHeader
        title="Buy a number"
        description={
          <>
            <Link className="text-brand-700 underline" href={`/t/${slug}/numbers`}>
              Numbers
            </Link>{" "}
            · Search a carrier for an available number; it is connected to your agent as soon as you buy it.
          </>
        }
      />
      {providers.length === 0 ? (
        <Notice tone="yellow" title="Buying numbers isn't available on this installation yet">
          {readiness.canConnectNumbers ? (
            <>
              No phone carrier is connected to this installation, so new numbers cannot be bought here. You can still{" "}
              <Link className="underline" href={`/t/${slug}/numbers/import`}>
                connect a number you already have
              </Link>
              .
            </>
          ) : (
            <>
              This installation's calling service is not connected, so numbers cannot be bought or connected yet.
              Meanwhile you can{" "}
              <Link className="underline" href={`/t/${slug}/agents`}>
                talk to your agent in the browser
              </Link>
              .
            </>
          )}
        </Notice>
      ) : (
        <form
          method="get"
          className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-5"
          aria-label="Search numbers"
        >
          <label className="text-sm font-medium">
            Provider
            <select name="provider" defaultValue={sp.provider ?? providers[0]?.value} className={field}>
              {providers.map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm font-medium">
            Country
            <select
              name="country"
              defaultValue={sp.country ?? (tenant.country === "US" ? "US" : "AU")}
              className={field}
            >
              <option value="AU">Australia</option>
              <option value="US">United States</option>
            </select>
          </label>
          <label className="text-sm font-medium">
            Type
            <select name="type" defaultValue={sp.type ?? "local"} className={field}>
              <option value="local">Local (geographic)</option>
              <option value="mobile">Mobile</option>
              <option value="toll_free">Toll-free (1800)</option>
            </select>
          </label>
          <label className="text-sm font-medium">
            Area code
            <input
              name="area"
              inputMode="numeric"
              defaultValue={sp.area ?? ""}
              placeholder="2 = NSW/ACT, 3 = VIC/TAS"
              className={field}
            />
          </label>
          <div className="flex items-end">
            <button type="submit" className={buttonClass("primary", "w-full")}>
              Search
            </button>
          </div>
        </form>
      )}
      <div className="mt-6">
        {parsed && !parsed.success ? (
          <Notice tone="yellow">
            {parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join("; ")}
          </Notice>
        ) : result && !result.ok ? (
          <Notice tone="red" title="The search did not work">
            {result.message}
          </Notice>
        ) : result?.ok && result.numbers.length === 0 ? (
          <EmptyState title="No numbers available for this search" body="Try another area code or number type." />
        ) : result?.ok ? (
          <ul className="grid gap-4 lg:grid-cols-2">
            {result.numbers.map((n) => (
              <li key={n.e164}>
                <Card
                  title={<span className="text-base tabular-nums">{n.display}</span>}
                  actions={
                    <span className="text-sm text-slate-600">
                      {n.monthlyCost ? `${n.currency ?? ""} ${n.monthlyCost}/month` : ""}
                    </span>
                  }
                >
                  <p className="mb-3 text-sm text-slate-600">
                    {[n.locality, n.numberType.toLowerCase().replace("_", "-")].filter(Boolean).join(" · ")}
                  </p>
                  <BuyNumberForm
                    slug={slug}
                    agents={agents}
                    businessName={tenant.name}
                    candidate={{
                      provider: n.provider,
                      e164: n.e164,
                      display: n.display,
                      locality: n.locality,
                      monthlyCost: n.monthlyCost,
                      currency: n.currency,
                      requirements: n.requirements,
                    }}
                  />
                </Card>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </>
  );
}
