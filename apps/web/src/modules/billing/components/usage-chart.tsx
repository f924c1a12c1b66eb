"use client";
// Cumulative minutes this period against the included allowance, with the
// run-rate projection to the period's end (recharts: tooltips, a text summary).
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatNumber } from "@/lib/format";
import type { UsageView } from "../lib/usage";

/** The axis top: the value rounded up to 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × a power of ten (110 → 120). */
function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  const step = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((m) => m * p >= v) ?? 10;
  return step * p;
}

export function UsageChart({ usage }: { usage: UsageView }) {
  const totalDays = Math.max(1, Math.round((usage.periodEnd.getTime() - usage.periodStart.getTime()) / 86_400_000));
  let sum = 0;
  const points: { day: number; label: string; Used?: number; Projected?: number }[] = usage.daily.map((d, i) => {
    sum += d.minutes;
    return { day: i + 1, label: `${d.day.slice(8, 10)}/${d.day.slice(5, 7)}`, Used: sum };
  });
  const projected = usage.projectedMinutes;
  const last = points[points.length - 1];
  if (projected !== null && last) {
    last.Projected = last.Used;
    if (totalDays > last.day) points.push({ day: totalDays, label: `Day ${totalDays}`, Projected: projected });
  }
  const summary = `${formatNumber(sum)} of ${formatNumber(usage.includedMinutes)} included minutes used${projected === null ? "" : `; projected ${formatNumber(projected)} by the end of the period`}.`;
  const maxY = niceCeil(Math.max(usage.includedMinutes, projected ?? 0, sum, 10) * 1.1);
  return (
    <div className="h-56 w-full" role="img" aria-label={summary}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 16, right: 16, bottom: 0, left: -8 }}>
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis
            dataKey="day"
            type="number"
            domain={[1, totalDays]}
            tickFormatter={(d: number) => `Day ${d}`}
            tick={{ fontSize: 11 }}
          />
          <YAxis domain={[0, maxY]} tickFormatter={(v: number) => formatNumber(v)} tick={{ fontSize: 11 }} />
          <Tooltip
            labelFormatter={(d) => `Day ${d}`}
            formatter={(v, name) => [`${formatNumber(Number(v))} min`, String(name)]}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <ReferenceLine
            y={usage.includedMinutes}
            stroke="#f59e0b"
            strokeDasharray="6 4"
            label={{
              value: `Included (${formatNumber(usage.includedMinutes)} min)`,
              position: "insideTopRight",
              fontSize: 11,
              fill: "#b45309",
            }}
          />
          <Line
            type="monotone"
            dataKey="Used"
            stroke="#2563eb"
            strokeWidth={2.5}
            dot={points.length <= 20}
            connectNulls
          />
          <Line
            type="linear"
            dataKey="Projected"
            stroke="#60a5fa"
            strokeDasharray="4 4"
            strokeWidth={2}
            dot={false}
            connectNulls
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

export function UsageBar({ usage }: { usage: UsageView }) {
  const pct =
    usage.includedMinutes > 0 ? Math.min(100, Math.round((usage.usedMinutes / usage.includedMinutes) * 100)) : 100;
  const over = usage.usedMinutes > usage.includedMinutes;
  return (
    <div>
      <div className="flex justify-between text-sm">
        <span className="font-medium tabular-nums">
          {formatNumber(usage.usedMinutes)} / {formatNumber(usage.includedMinutes)} min
        </span>
        <span className="text-slate-600">{pct}% of included</span>
      </div>
      <div
        className="mt-2 h-2.5 w-full overflow-hidden rounded-full bg-slate-100"
        role="progressbar"
        aria-label="Minutes used this period"
        aria-valuemin={0}
        aria-valuemax={usage.includedMinutes}
        aria-valuenow={usage.usedMinutes}
      >
        <div className={`h-full rounded-full ${over ? "bg-amber-500" : "bg-brand-600"}`} style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}
