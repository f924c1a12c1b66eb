// Cumulative minutes this period against the included allowance, with the
// run-rate projection to the period's end. Plain SVG: no chart library needed.
import { formatNumber } from "@/lib/format";
import type { UsageView } from "../lib/usage";

export function UsageChart({ usage }: { usage: UsageView }) {
  const W = 640;
  const H = 220;
  const pad = { l: 48, r: 16, t: 16, b: 28 };
  const totalDays = Math.max(1, Math.round((usage.periodEnd.getTime() - usage.periodStart.getTime()) / 86_400_000));
  const cumulative: number[] = [];
  let sum = 0;
  for (const d of usage.daily) {
    sum += d.minutes;
    cumulative.push(sum);
  }
  const projected = usage.projectedMinutes;
  const maxY = Math.max(usage.includedMinutes, projected ?? 0, sum, 10) * 1.1;
  const x = (day: number) => pad.l + (day / totalDays) * (W - pad.l - pad.r);
  const y = (m: number) => H - pad.b - (m / maxY) * (H - pad.t - pad.b);
  const actual = cumulative.map((m, i) => `${i === 0 ? "M" : "L"}${x(i + 1).toFixed(1)},${y(m).toFixed(1)}`).join(" ");
  const lastDay = cumulative.length;
  const projection =
    projected === null
      ? null
      : `M${x(lastDay).toFixed(1)},${y(sum).toFixed(1)} L${x(totalDays).toFixed(1)},${y(projected).toFixed(1)}`;
  const summary = `${formatNumber(sum)} of ${formatNumber(usage.includedMinutes)} included minutes used${projected === null ? "" : `; projected ${formatNumber(projected)} by the end of the period`}.`;
  return (
    <figure>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} className="h-auto w-full">
        <line x1={pad.l} x2={W - pad.r} y1={H - pad.b} y2={H - pad.b} className="stroke-slate-300" />
        {[0, 0.5, 1].map((f) => (
          <text
            key={f}
            x={pad.l - 6}
            y={y(maxY * f * 0.909) + 4}
            textAnchor="end"
            className="fill-slate-500 text-[10px]"
          >
            {formatNumber(Math.round(maxY * f * 0.909))}
          </text>
        ))}
        <line
          x1={pad.l}
          x2={W - pad.r}
          y1={y(usage.includedMinutes)}
          y2={y(usage.includedMinutes)}
          className="stroke-amber-500"
          strokeDasharray="6 4"
        />
        <text x={W - pad.r} y={y(usage.includedMinutes) - 6} textAnchor="end" className="fill-amber-700 text-[11px]">
          Included ({formatNumber(usage.includedMinutes)} min)
        </text>
        {lastDay > 0 && projection ? (
          <path d={projection} className="fill-none stroke-brand-500" strokeDasharray="4 4" strokeWidth={2} />
        ) : null}
        {lastDay > 0 ? <path d={actual} className="fill-none stroke-brand-600" strokeWidth={2.5} /> : null}
        {cumulative.map((m, i) => (
          <circle
            key={usage.daily[i]?.day ?? i}
            cx={x(i + 1)}
            cy={y(m)}
            r={cumulative.length > 20 ? 2 : 3.5}
            className="fill-brand-600"
          />
        ))}
        <text x={pad.l} y={H - 8} className="fill-slate-500 text-[10px]">
          Day 1
        </text>
        <text x={W - pad.r} y={H - 8} textAnchor="end" className="fill-slate-500 text-[10px]">
          Day {totalDays}
        </text>
      </svg>
      <figcaption className="mt-2 flex flex-wrap gap-4 text-xs text-slate-600">
        <span className="flex items-center gap-1">
          <span className="inline-block h-0.5 w-4 bg-brand-600" /> Used
        </span>
        <span className="flex items-center gap-1">
          <span className="inline-block h-0.5 w-4 border-t-2 border-dashed border-brand-500" /> Projected
        </span>
        <span className="flex items-center gap-1">
          <span className="inline-block h-0.5 w-4 border-t-2 border-dashed border-amber-500" /> Included
        </span>
      </figcaption>
    </figure>
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
