import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditReport } from "../../src/audit/model.js";
import { readJson, repoRoot, runCli, temporaryDirectory } from "./helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const VIEWPORT = { width: 1280, height: 900 };
/** Screenshots stay after the run for people to look at (test/.tmp is git-ignored). */
const SCREENSHOTS = join(repoRoot, "test/.tmp/html-screenshots");

/** A module with 24 findings: 20 config soft-fails, an exit, a global cache and a long function. */
function moduleSource(index: number): string {
  const reads = Array.from({ length: 20 }, (_, key) => `  const value${key} = config.key${key} ?? ${key};`).join("\n");
  const long = Array.from({ length: 60 }, (_, line) => `  total += ${line};`).join("\n");
  return (
    `export interface Config${index} { [key: string]: number | undefined }\n` +
    `export const cache${index} = new Map<string, number>();\n` +
    `export function read${index}(config: Config${index}): number {\n${reads}\n  cache${index}.set("k", value0);\n  if (value1 < 0) process.exit(1);\n  return value0 + value19;\n}\n` +
    `export function long${index}(): number {\n  let total = 0;\n${long}\n  return total;\n}\n`
  );
}

/** 90 modules in nested packages (2,160 findings) plus test files, with a baseline and one new file. */
function largeTree(): { root: string; baseline: string } {
  const root = temporaryDirectory("html-large");
  for (let index = 0; index < 90; index++) {
    const directory = join(root, "packages", `pkg-${index % 9}`, index % 2 === 0 ? "src" : "src/lib");
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, `module-${index}.ts`), moduleSource(index));
  }
  mkdirSync(join(root, "packages/pkg-0/test"), { recursive: true });
  writeFileSync(join(root, "packages/pkg-0/test/module.test.ts"), moduleSource(999));
  const baseline = join(root, ".txo-baseline.json");
  expect(
    runCli([
      root,
      "--baseline",
      baseline,
      "--update-baseline",
      "--format",
      "json",
      "--out",
      join(root, "reports"),
      "--no-cache",
    ]).status,
  ).toBe(0);
  writeFileSync(join(root, "packages/pkg-3/src/added.ts"), "export function stop(): void {\n  process.exit(4);\n}\n");
  return { root, baseline };
}

async function openReport(
  browser: Browser,
  file: string,
): Promise<{ page: Page; problems: string[]; requests: string[] }> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("request", (request) => {
    if (!request.url().startsWith("file:")) requests.push(request.url());
  });
  await page.goto(pathToFileURL(file).href);
  return { page, problems, requests };
}

async function screenshot(page: Page, name: string): Promise<void> {
  const path = join(SCREENSHOTS, name);
  await page.screenshot({ path, fullPage: false });
  expect(statSync(path).size).toBeGreaterThan(10_000);
}

// The page's elements, as far as these tests read them: the repository compiles without the DOM library, so
// playwright's callbacks would otherwise see untyped elements.
interface ScrollBox {
  scrollWidth: number;
  scrollHeight: number;
}
interface Measurable {
  getBoundingClientRect(): { height: number };
}
interface Scrollable {
  scrollIntoView(): void;
}

describe.runIf(existsSync(CHROMIUM))("the HTML report in headless Chromium", () => {
  const out = temporaryDirectory("html");
  let browser: Browser | undefined;
  const started = (): Browser => {
    if (browser === undefined) throw new Error("chromium did not start: see the beforeAll error above");
    return browser;
  };
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(out, { recursive: true, force: true });
  });

  it("renders the example app without console errors or network requests, with all three charts", async () => {
    const run = runCli([
      join(repoRoot, "examples/legacy-app"),
      "--format",
      "html,json",
      "--out",
      out,
      "--fail-on",
      "none",
      "--no-cache",
    ]);
    expect(run.status).toBe(0);
    const { page, problems, requests } = await openReport(started(), join(out, "txo-audit.html"));
    for (const id of ["chart-principles", "chart-directories", "chart-function-lengths"]) {
      expect(await page.locator(`svg#${id}`).count()).toBe(1);
      expect(await page.locator(`svg#${id} rect`).count()).toBeGreaterThan(0);
    }
    expect(await page.locator("#results table.findings tbody tr").count()).toBeGreaterThan(5);
    expect(await page.title()).toContain("legacy-app");
    await screenshot(page, "legacy-app-top.png");
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
  }, 120_000);

  it("keeps a 2,000-finding report to a few screens at 1,280 px, with legible charts, filters and pages", async () => {
    const { root, baseline } = largeTree();
    try {
      const reportDir = join(root, "reports");
      expect(
        runCli([
          root,
          "--baseline",
          baseline,
          "--format",
          "html,json",
          "--out",
          reportDir,
          "--no-cache",
          "--fail-on",
          "none",
        ]).status,
      ).toBe(0);
      const report = readJson<AuditReport>(join(reportDir, "txo-audit.json"));
      expect(report.summary.findings).toBeGreaterThanOrEqual(2_000);
      expect(report.baseline?.newFindings).toBe(1);
      const { page, problems, requests } = await openReport(started(), join(reportDir, "txo-audit.html"));
      const size = await page
        .locator("html")
        .evaluate((root: ScrollBox) => ({ width: root.scrollWidth, height: root.scrollHeight }));
      expect(size.width).toBeLessThanOrEqual(VIEWPORT.width);
      expect(size.height).toBeLessThanOrEqual(4 * VIEWPORT.height);
      // Chart labels are drawn at 13 px and scaled no smaller than 12 px on screen.
      const labelHeights = await page
        .locator("svg#chart-principles text")
        .evaluateAll((texts: Measurable[]) => texts.map((text) => text.getBoundingClientRect().height));
      expect(Math.min(...labelHeights)).toBeGreaterThanOrEqual(12);
      await screenshot(page, "large-top.png");
      // New findings first: the one new finding's file opens the list, marked new.
      expect(await page.locator("#results details.file").count()).toBe(20);
      await page.locator("#findings").evaluate((heading: Scrollable) => {
        heading.scrollIntoView();
      });
      expect(await page.locator("#results details.file").first().locator("summary .tag.new").textContent()).toBe(
        "1 new",
      );
      await page.locator("#results details.file summary").first().click();
      await screenshot(page, "large-findings.png");
      // The explanation is once per rule, not once per row.
      expect(await page.locator(".rules .rule").count()).toBe(4);
      // Rows show the message's first clause; the rest of it opens on click.
      expect(await page.locator("details.message > p:visible").count()).toBe(0);
      await page.locator("#results details.file[open] details.message summary").first().click();
      expect(await page.locator("details.message > p:visible").count()).toBe(1);
      await page.selectOption("select[name=status]", "new");
      expect(await page.locator("#results details.file").count()).toBe(1);
      expect(await page.locator("#results details.file[open] .tag.new").count()).toBeGreaterThan(0);
      await screenshot(page, "large-new-only.png");
      await page.selectOption("select[name=status]", "all");
      await page.selectOption("select[name=principle]", "4");
      await page.selectOption("select[name=severity]", "warning");
      const headings = await page.locator("#results h3.principle").allTextContents();
      expect(headings.length).toBeGreaterThan(0);
      expect(headings.every((heading) => heading.startsWith("4."))).toBe(true);
      await page.selectOption("select[name=principle]", "all");
      await page.selectOption("select[name=severity]", "all");
      const pager = page.locator(".pager").first();
      expect(await pager.textContent()).toContain("Page 1 of");
      await pager.getByRole("button", { name: "Next ›" }).click();
      expect(await pager.textContent()).toContain("Page 2 of");
      expect(problems).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 300_000);

  it("escapes everything it prints, in the markup and in the data block", async () => {
    const { renderHtml } = await import("../../src/audit/render/html.js");
    // The report the audit wrote above, with two strings changed: still an AuditReport.
    const report = JSON.parse(
      readFileSync(join(out, "txo-audit.json"), "utf8")
        .replace(/"message": "/, '"message": "<script>alert(1)</script> ')
        .replace(/"file": "/, '"file": "</script><b>x</b>'),
    ) as AuditReport;
    const html = renderHtml(report);
    expect(html).not.toContain("<script>alert(1)");
    expect(html).not.toContain("</script><b>");
    expect(html).toContain("\\u003cscript>alert(1)\\u003c/script>");
    expect(html.match(/<script[ >]/g)).toHaveLength(2);
  });
});
