import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { auDay, type CallFilters } from "../lib/filters";

type Opt = { value: string; label: string };

/** Plain GET form: filters live in the URL, so a filtered view can be bookmarked and shared. */
export function CallFiltersForm({
  slug,
  filters,
  agents,
  numbers,
}: {
  slug: string;
  filters: CallFilters;
  agents: Opt[];
  numbers: Opt[];
}) {
  const select = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";
  return (
    <form
      method="get"
      className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4"
      aria-label="Filter calls"
    >
      <label className="text-sm font-medium sm:col-span-2 lg:col-span-4">
        Search transcripts
        <input
          type="search"
          name="q"
          defaultValue={filters.q ?? ""}
          placeholder="e.g. appointment, refund, 0412…"
          className={select}
        />
      </label>
      <label className="text-sm font-medium">
        From
        <input
          type="text"
          name="from"
          inputMode="numeric"
          placeholder="dd/mm/yyyy"
          pattern="\d{1,2}/\d{1,2}/\d{4}"
          title="dd/mm/yyyy"
          defaultValue={auDay(filters.from)}
          className={select}
        />
      </label>
      <label className="text-sm font-medium">
        To
        <input
          type="text"
          name="to"
          inputMode="numeric"
          placeholder="dd/mm/yyyy"
          pattern="\d{1,2}/\d{1,2}/\d{4}"
          title="dd/mm/yyyy"
          defaultValue={auDay(filters.to)}
          className={select}
        />
      </label>
      <label className="text-sm font-medium">
        Status
        <select name="status" defaultValue={filters.status ?? ""} className={select}>
          <option value="">Any</option>
          {["IN_PROGRESS", "COMPLETED", "FAILED", "NO_ANSWER", "BUSY", "DECLINED", "RINGING"].map((s) => (
            <option key={s} value={s}>
              {s.charAt(0) + s.slice(1).toLowerCase().replace(/_/g, " ")}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium">
        Direction
        <select name="direction" defaultValue={filters.direction ?? ""} className={select}>
          <option value="">Any</option>
          <option value="INBOUND">Inbound</option>
          <option value="OUTBOUND">Outbound</option>
        </select>
      </label>
      <label className="text-sm font-medium">
        Agent
        <select name="agent" defaultValue={filters.agent ?? ""} className={select}>
          <option value="">Any</option>
          {agents.map((a) => (
            <option key={a.value} value={a.value}>
              {a.label}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium">
        Number
        <select name="number" defaultValue={filters.number ?? ""} className={select}>
          <option value="">Any</option>
          {numbers.map((n) => (
            <option key={n.value} value={n.value}>
              {n.label}
            </option>
          ))}
        </select>
      </label>
      <div className="flex items-end gap-2 sm:col-span-2">
        <button type="submit" className={buttonClass("primary")}>
          Apply
        </button>
        <Link href={`/t/${slug}/calls`} className={buttonClass("ghost")}>
          Clear
        </Link>
      </div>
    </form>
  );
}
