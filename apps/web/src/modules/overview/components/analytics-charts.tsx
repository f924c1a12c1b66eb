"use client";
// The overview's charts (recharts): calls per day, outcomes, busiest hours. Each
// chart has a text summary for screen readers and tooltips on hover/focus.
import { Bar, BarChart, CartesianGrid, Cell, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const nf = new Intl.NumberFormat("en-AU");
/** "2026-11-02" → "02/11" (the axis), "02/11/2026" (tooltips). */
const shortDay = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}`;
const longDay = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

export function CallsPerDayChart({ daily }: { daily: { day: string; calls: number; answered: number }[] }) {
  const total = daily.reduce((s, d) => s + d.calls, 0);
  const answered = daily.reduce((s, d) => s + d.answered, 0);
  const data = daily.map((d) => ({ day: d.day, Answered: d.answered, "Not answered": d.calls - d.answered }));
  return (
    <figure>
      <div
        className="h-56 w-full"
        role="img"
        aria-label={`Calls per day this period: ${nf.format(total)} calls, ${nf.format(answered)} answered.`}
      >
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="day" tickFormatter={shortDay} tick={{ fontSize: 11 }} minTickGap={12} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
            <Tooltip labelFormatter={(d) => longDay(String(d))} formatter={(v) => nf.format(Number(v))} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="Answered" stackId="calls" fill="#2563eb" maxBarSize={36} />
            <Bar dataKey="Not answered" stackId="calls" fill="#cbd5e1" maxBarSize={36} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

const OUTCOME_COLOURS: Record<string, string> = {
  Resolved: "#16a34a",
  "Message taken": "#2563eb",
  Transferred: "#7c3aed",
  "Spam or blocked": "#dc2626",
  Abandoned: "#f59e0b",
  Other: "#64748b",
  "Not analysed": "#cbd5e1",
};

export function OutcomesChart({ outcomes }: { outcomes: { label: string; count: number }[] }) {
  const shown = outcomes.filter((o) => o.count > 0);
  const summary = shown.map((o) => `${o.label} ${nf.format(o.count)}`).join(", ");
  if (shown.length === 0) return <p className="text-sm text-slate-600">No finished calls this period yet.</p>;
  return (
    <div className="h-56 w-full" role="img" aria-label={`Call outcomes this period: ${summary}.`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={shown} layout="vertical" margin={{ top: 0, right: 16, bottom: 0, left: 8 }}>
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11 }} />
          <YAxis type="category" dataKey="label" width={110} tick={{ fontSize: 11 }} />
          <Tooltip formatter={(v) => [nf.format(Number(v)), "Calls"]} />
          <Bar dataKey="count" name="Calls" maxBarSize={24}>
            {shown.map((o) => (
              <Cell key={o.label} fill={OUTCOME_COLOURS[o.label] ?? "#64748b"} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const hourLabel = (h: number) => (h === 0 ? "12am" : h < 12 ? `${h}am` : h === 12 ? "12pm" : `${h - 12}pm`);

/** Busiest hours: weekday × hour, shaded by calls (a table, so it reads cell by cell). */
export function BusyHoursHeatmap({ heat, timeZone }: { heat: number[][]; timeZone: string }) {
  const max = Math.max(1, ...heat.flat());
  let best = { d: 0, h: 0, n: 0 };
  heat.forEach((row, d) => {
    row.forEach((n, h) => {
      if (n > best.n) best = { d, h, n };
    });
  });
  return (
    <div className="overflow-x-auto">
      <table className="border-separate border-spacing-0.5 text-[10px]">
        <caption className="mb-2 text-left text-xs text-slate-600">
          Calls by hour of the day ({timeZone} time).{" "}
          {best.n > 0
            ? `Busiest: ${WEEKDAYS[best.d]} ${hourLabel(best.h)}–${hourLabel((best.h + 1) % 24)} (${nf.format(best.n)} ${best.n === 1 ? "call" : "calls"}).`
            : "No calls yet."}
        </caption>
        <thead>
          <tr>
            <th scope="col" className="sr-only">
              Day
            </th>
            {Array.from({ length: 24 }, (_, h) => (
              <th key={h} scope="col" className="w-5 font-normal text-slate-500">
                {h % 3 === 0 ? hourLabel(h) : <span className="sr-only">{hourLabel(h)}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {heat.map((row, d) => (
            <tr key={WEEKDAYS[d]}>
              <th scope="row" className="pr-1 text-left font-normal text-slate-500">
                {WEEKDAYS[d]}
              </th>
              {row.map((n, h) => (
                <td
                  key={h}
                  title={`${WEEKDAYS[d]} ${hourLabel(h)}: ${nf.format(n)} ${n === 1 ? "call" : "calls"}`}
                  className="h-5 w-5 rounded-sm"
                  style={{ backgroundColor: n === 0 ? "#f1f5f9" : `rgba(37, 99, 235, ${0.15 + 0.85 * (n / max)})` }}
                >
                  <span className="sr-only">{nf.format(n)}</span>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
