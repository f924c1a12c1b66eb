// Revenue, cost and gross margin per month as grouped bars (plain SVG, server-rendered).
import { formatMoney } from "@/lib/format";

export interface MarginChartPoint {
  label: string;
  revenueMinor: number;
  costMinor: number;
  marginMinor: number;
}

const SERIES = [
  { key: "revenueMinor", name: "Revenue", color: "#2563eb" },
  { key: "costMinor", name: "Platform cost", color: "#f59e0b" },
  { key: "marginMinor", name: "Gross margin", color: "#059669" },
] as const;

export function MarginChart({ points }: { points: MarginChartPoint[] }) {
  const width = 640;
  const height = 220;
  const pad = { top: 16, right: 8, bottom: 28, left: 64 };
  const values = points.flatMap((p) => SERIES.map((s) => p[s.key]));
  const empty = values.every((v) => v === 0);
  // Axis bounds on "nice" whole-dollar steps (1, 2 or 5 × 10^k cents, at least $1).
  const nice = (v: number) => {
    if (v <= 100) return 100;
    const pow = 10 ** Math.floor(Math.log10(v));
    return ([1, 2, 5, 10].find((m) => m * pow >= v) ?? 10) * pow;
  };
  const max = nice(Math.max(0, ...values));
  const min = -(Math.min(0, ...values) < 0 ? nice(-Math.min(...values)) : 0);
  const plotH = height - pad.top - pad.bottom;
  const y = (v: number) => pad.top + ((max - v) / (max - min)) * plotH;
  const groupW = (width - pad.left - pad.right) / Math.max(points.length, 1);
  const barW = Math.max(4, (groupW - 12) / SERIES.length);
  return (
    <figure>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="margin-chart-title" className="h-auto w-full">
        <title id="margin-chart-title">Platform revenue, cost and gross margin by month</title>
        {[max, (max + min) / 2, min].map((v) => (
          <g key={v}>
            <line x1={pad.left} x2={width - pad.right} y1={y(v)} y2={y(v)} stroke="#e2e8f0" />
            <text x={pad.left - 6} y={y(v) + 4} textAnchor="end" fontSize="10" fill="#64748b">
              {formatMoney(Math.round(v))}
            </text>
          </g>
        ))}
        {points.map((p, i) => (
          <g key={p.label}>
            {SERIES.map((s, j) => {
              const v = p[s.key];
              const top = y(Math.max(v, 0));
              const h = Math.abs(y(v) - y(0));
              return (
                <rect
                  key={s.key}
                  x={pad.left + i * groupW + 6 + j * barW}
                  y={top}
                  width={barW - 2}
                  height={Math.max(h, 1)}
                  fill={s.color}
                >
                  <title>{`${p.label} ${s.name}: ${formatMoney(v)}`}</title>
                </rect>
              );
            })}
            <text
              x={pad.left + i * groupW + groupW / 2}
              y={height - 8}
              textAnchor="middle"
              fontSize="11"
              fill="#334155"
            >
              {p.label}
            </text>
          </g>
        ))}
      </svg>
      {empty ? (
        <p className="mt-2 text-sm text-slate-600">No revenue or platform cost recorded in these months yet.</p>
      ) : null}
      <figcaption className="mt-2 flex flex-wrap gap-4 text-xs text-slate-600">
        {SERIES.map((s) => (
          <span key={s.key} className="inline-flex items-center gap-1">
            <span aria-hidden className="inline-block size-2.5 rounded-sm" style={{ background: s.color }} />
            {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
