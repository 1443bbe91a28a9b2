import type { CountBucket } from "../model.js";

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

const ROW_HEIGHT = 26;
const LABEL_WIDTH = 210;
const BAR_AREA = 330;

function bar(bucket: CountBucket, index: number, largest: number, color: string): string {
  const y = index * ROW_HEIGHT + 4;
  const width = largest === 0 ? 0 : Math.round((bucket.count / largest) * BAR_AREA);
  const label = bucket.label.length > 30 ? `${bucket.label.slice(0, 29)}…` : bucket.label;
  return (
    `<g class="bar"><title>${escapeHtml(`${bucket.label}: ${bucket.count}`)}</title>` +
    `<text x="${LABEL_WIDTH - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(label)}</text>` +
    `<rect x="${LABEL_WIDTH}" y="${y}" width="${Math.max(width, bucket.count > 0 ? 2 : 0)}" height="${ROW_HEIGHT - 8}" rx="3" fill="${color}"></rect>` +
    `<text x="${LABEL_WIDTH + width + 6}" y="${y + 15}">${bucket.count}</text></g>`
  );
}

/** A horizontal bar chart as inline SVG (no script, no external resources). */
export function barChart(id: string, title: string, buckets: CountBucket[], color: string): string {
  const shown = buckets.slice(0, 15);
  const largest = Math.max(0, ...shown.map((bucket) => bucket.count));
  const height = Math.max(1, shown.length) * ROW_HEIGHT + 8;
  const body = shown.length === 0 ? `<text x="8" y="20">No data</text>` : shown.map((bucket, index) => bar(bucket, index, largest, color)).join("");
  return (
    `<figure class="chart"><figcaption>${escapeHtml(title)}</figcaption>` +
    `<svg id="${escapeHtml(id)}" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${LABEL_WIDTH + BAR_AREA + 60} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg">${body}</svg></figure>`
  );
}
