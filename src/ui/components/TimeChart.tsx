// A time series chart (uPlot: small, fast, canvas): bytes per bucket, one series per action.
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";

export function TimeChart(props: { x: number[]; series: { label: string; values: number[]; color: string }[]; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const plot = new uPlot(
      {
        width: Math.max(320, ref.current.clientWidth || 800),
        height: 240,
        series: [{}, ...props.series.map((s) => ({ label: s.label, stroke: s.color, fill: `${s.color}33`, width: 1.5 }))],
        axes: [
          {},
          {
            size: 70,
            values: (_u: uPlot, vals: number[]) =>
              vals.map((v) => (v >= 1e9 ? `${v / 1e9} GB` : v >= 1e6 ? `${v / 1e6} MB` : v >= 1e3 ? `${v / 1e3} kB` : `${v} B`)),
          },
        ],
      },
      [props.x, ...props.series.map((s) => s.values)],
      ref.current,
    );
    return () => plot.destroy();
  }, [props.x, props.series]);
  return <div ref={ref} class="chart" role="img" aria-label={props.label} data-testid="time-chart" />;
}
