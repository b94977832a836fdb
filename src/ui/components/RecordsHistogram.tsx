// Records (or bytes) over time above the table, as SLS and Zui draw them: one bar per
// bucket, its size stated, each bar labelled with its bucket and count; dragging across
// the bars (or pressing Enter on one) sets the time range to the buckets covered.
import { useState } from "preact/hooks";
import type { Histogram } from "../../query/timeline";
import { formatBytes, formatDuration, formatTime, t, tn } from "../i18n";

const HEIGHT = 72;
/** Fewer buckets than this are drawn centred among empty slots, not as bars the chart's whole width. */
const MIN_SLOTS = 24;

export function RecordsHistogram(props: {
  histogram: Histogram;
  metric: "records" | "bytes";
  onRange: (from: number, to: number) => void;
  testId?: string;
}) {
  const h = props.histogram;
  const values = props.metric === "bytes" ? h.bytes : h.records;
  const rejected = props.metric === "bytes" ? h.rejectBytes : h.rejectRecords;
  const top = Math.max(1, ...values);
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  const n = values.length;
  const slots = Math.max(n, MIN_SLOTS);
  const pad = Math.floor((slots - n) / 2);
  const bucketAt = (e: PointerEvent) => {
    const box = (e.currentTarget as SVGElement).getBoundingClientRect();
    return Math.max(0, Math.min(n - 1, Math.floor(((e.clientX - box.left) / box.width) * slots) - pad));
  };
  const apply = (a: number, b: number) => {
    const lo = Math.min(a, b),
      hi = Math.max(a, b);
    props.onRange(h.start + lo * h.bucket, h.start + (hi + 1) * h.bucket - 1);
  };
  const say = (v: number) => (props.metric === "bytes" ? formatBytes(v) : tn("recordsN", v));
  const label = (k: number) =>
    `${formatTime(h.start + k * h.bucket)} – ${formatTime(h.start + (k + 1) * h.bucket - 1).slice(11)}: ${say(values[k])}` +
    (rejected[k] ? ` ${t("histogramRejected", say(rejected[k]))}` : "");
  const sel = drag && { lo: Math.min(drag.a, drag.b), hi: Math.max(drag.a, drag.b) };
  return (
    <figure class="histogram" data-testid={props.testId ?? "records-histogram"}>
      <figcaption>
        {t(
          props.metric === "bytes" ? "histogramCaptionBytes" : "histogramCaption",
          formatDuration(h.bucket),
          formatTime(h.start),
          formatTime(h.start + n * h.bucket - 1),
        )}
        <span class="top"> · {t("histogramTop", say(top))}</span>
        {h.partialLast && <span class="partial"> {t("histogramPartial")}</span>}
      </figcaption>
      <svg
        viewBox={`0 0 ${slots * 10} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="group"
        aria-label={t("histogramLabel")}
        onPointerDown={(e) => {
          (e.currentTarget as SVGElement).setPointerCapture?.(e.pointerId);
          const k = bucketAt(e);
          setDrag({ a: k, b: k });
        }}
        onPointerMove={(e) => drag && setDrag({ a: drag.a, b: bucketAt(e) })}
        onPointerUp={() => {
          if (drag) apply(drag.a, drag.b);
          setDrag(null);
        }}
      >
        {sel && <rect class="selection" x={(sel.lo + pad) * 10} y={0} width={(sel.hi - sel.lo + 1) * 10} height={HEIGHT} />}
        {values.map((v, k) => {
          const bar = v ? Math.max(2, (v / top) * (HEIGHT - 4)) : 0;
          const red = rejected[k] ? Math.max(1, (rejected[k] / v) * bar) : 0;
          return [
            <rect
              key={k}
              role="button"
              tabIndex={k === n - 1 ? 0 : -1}
              data-bar={k}
              aria-label={label(k)}
              class={h.partialLast && k === n - 1 ? "bar partial" : "bar"}
              x={(k + pad) * 10 + 1}
              y={HEIGHT - bar}
              width={8}
              height={bar}
              onKeyDown={(e) => {
                if (e.key === "Enter" || e.key === " ") {
                  e.preventDefault();
                  apply(k, k);
                }
                const next = e.key === "ArrowLeft" ? k - 1 : e.key === "ArrowRight" ? k + 1 : -1;
                if (next >= 0 && next < n)
                  (e.currentTarget.parentNode as Element).querySelector<SVGElement>(`[data-bar="${next}"]`)?.focus();
              }}
            >
              <title>{label(k)}</title>
            </rect>,
            red > 0 && <rect key={`r${k}`} class="bar-reject" x={(k + pad) * 10 + 1} y={HEIGHT - bar} width={8} height={red} />,
          ];
        })}
      </svg>
      <div class="axis" aria-hidden="true">
        <span>{formatTime(h.start - pad * h.bucket).slice(5, 16)}</span>
        <span>{formatTime(h.start + (slots - pad) * h.bucket).slice(5, 16)}</span>
      </div>
    </figure>
  );
}

/** The histogram in its box, with the choice of what its bars count (records or bytes). */
export function HistogramBox(props: {
  histogram: Histogram;
  onRange: (from: number, to: number) => void;
  testId?: string;
  metric?: "records" | "bytes";
}) {
  const [metric, setMetric] = useState<"records" | "bytes">(props.metric ?? "records");
  return (
    <div class="histogram-box">
      <RecordsHistogram histogram={props.histogram} metric={metric} onRange={props.onRange} testId={props.testId} />
      <select value={metric} onChange={(e) => setMetric(e.currentTarget.value as "records" | "bytes")} aria-label={t("histogramMetric")}>
        <option value="records">{t("metricRecords")}</option>
        <option value="bytes">{t("metricBytes")}</option>
      </select>
    </div>
  );
}
