import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot, runCli, temporaryDirectory } from "./helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

describe.runIf(existsSync(CHROMIUM))("the HTML report in headless Chromium", () => {
  const out = temporaryDirectory("html");
  const shots = mkdtempSync(join(tmpdir(), "txo-audit-shot-"));
  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
  });

  it("renders without console errors or network requests, with all three charts", async () => {
    const run = runCli([join(repoRoot, "examples/legacy-app"), "--format", "html,json", "--out", out, "--fail-on", "none", "--no-cache"]);
    expect(run.status).toBe(0);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 2000 } });
      const problems: string[] = [];
      const requests: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
      });
      page.on("pageerror", (error) => problems.push(error.message));
      page.on("request", (request) => {
        if (!request.url().startsWith("file:")) requests.push(request.url());
      });
      await page.goto(pathToFileURL(join(out, "txo-audit.html")).href);
      for (const id of ["chart-principles", "chart-directories", "chart-function-lengths"]) {
        expect(await page.locator(`svg#${id}`).count()).toBe(1);
        expect(await page.locator(`svg#${id} rect`).count()).toBeGreaterThan(0);
      }
      expect(await page.locator("table.findings tbody tr").count()).toBeGreaterThan(5);
      expect(await page.title()).toContain("legacy-app");
      const screenshot = join(shots, "txo-audit.png");
      await page.screenshot({ path: screenshot, fullPage: false });
      expect(statSync(screenshot).size).toBeGreaterThan(10_000);
      expect(problems).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it("escapes everything it prints", async () => {
    const { renderHtml } = await import("../../src/audit/render/html.js");
    const report = JSON.parse(readFileSync(join(out, "txo-audit.json"), "utf8").replace(/"message": "/, '"message": "<script>alert(1)</script> '));
    const html = renderHtml(report);
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });
});
