import type { CountBucket } from "../model.js";

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** The drawing is as wide as a chart column at 1,280 px (three columns), so 13 px text stays 13 px. */
const WIDTH = 360;
const ROW_HEIGHT = 38;
const BAR_HEIGHT = 12;
const COUNT_ROOM = 56;
const MAX_LABEL_CHARS = 48;
const MAX_BARS = 12;

function bar(bucket: CountBucket, index: number, largest: number, color: string): string {
  const top = index * ROW_HEIGHT;
  const width = largest === 0 ? 0 : Math.round((bucket.count / largest) * (WIDTH - COUNT_ROOM));
  const label = bucket.label.length > MAX_LABEL_CHARS ? `${bucket.label.slice(0, MAX_LABEL_CHARS - 1)}…` : bucket.label;
  // The label sits above its bar, across the whole width, so long names are neither tiny nor cut.
  return (
    `<g class="bar"><title>${escapeHtml(`${bucket.label}: ${bucket.count}`)}</title>` +
    `<text x="0" y="${top + 14}">${escapeHtml(label)}</text>` +
    `<rect x="0" y="${top + 20}" width="${Math.max(width, bucket.count > 0 ? 2 : 0)}" height="${BAR_HEIGHT}" rx="3" fill="${color}"></rect>` +
    `<text class="count" x="${width + 6}" y="${top + 31}">${bucket.count.toLocaleString("en-US")}</text></g>`
  );
}

/** A horizontal bar chart as inline SVG (no script, no external resources); the largest buckets first, at most 12. */
export function barChart(id: string, title: string, buckets: CountBucket[], color: string): string {
  const shown = buckets.slice(0, MAX_BARS);
  const rest = buckets.length - shown.length;
  const largest = Math.max(0, ...shown.map((bucket) => bucket.count));
  const height = Math.max(1, shown.length) * ROW_HEIGHT + 4;
  const body =
    shown.length === 0
      ? `<text x="0" y="20">No data</text>`
      : shown.map((bucket, index) => bar(bucket, index, largest, color)).join("");
  const note = rest > 0 ? `<p class="muted small">and ${rest} more (all in the JSON report)</p>` : "";
  return (
    `<figure class="chart"><figcaption>${escapeHtml(title)}</figcaption>` +
    `<svg id="${escapeHtml(id)}" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${WIDTH} ${height}" width="100%" style="max-width:${WIDTH}px" xmlns="http://www.w3.org/2000/svg">${body}</svg>${note}</figure>`
  );
}
