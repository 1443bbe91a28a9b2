import { describe, expect, it } from "vitest";
import { ConfigurationError, HelpfulError } from "../../../src/runtime/errors.js";
import { outputFileName, parallelMap, ResultTracker, utcFileTimestamp } from "../../../src/runtime/index.js";

describe("ResultTracker", () => {
  it("records each item once with its outcome and summarises failures and skips with their reasons", () => {
    let clock = 1000;
    const tracker = new ResultTracker<{ id: string }, number>({ now: () => clock });
    tracker.succeeded({ id: "u1" }, 200);
    tracker.skipped({ id: "u2" }, "already up to date");
    tracker.failed(
      { id: "u3" },
      new ConfigurationError({
        whatWentWrong: 'Required configuration key "global.region" is missing.',
        howToFix: "Add it.",
      }),
    );
    tracker.failed({ id: "u4" }, new Error("socket hang up"), 3);
    clock = 1750;
    expect(tracker.isSuccess()).toBe(false);
    expect(tracker.summary()).toBe(
      [
        "❌ 4 processed: 1 succeeded, 1 skipped, 2 failed",
        "Failed:",
        '  - u3: Required configuration key "global.region" is missing.',
        "  - u4: socket hang up",
        "Skipped:",
        "  - u2: already up to date",
      ].join("\n"),
    );
    const results = tracker.results();
    expect(results).toMatchObject({ total: 4, successRate: 0.25, durationMs: 750 });
    expect(results.succeeded).toEqual([{ index: 0, item: { id: "u1" }, value: 200 }]);
    expect(results.failed.map((failure) => [failure.index, failure.attempts])).toEqual([
      [2, 1],
      [3, 3],
    ]);
    expect(results.skipped).toEqual([{ index: 1, item: { id: "u2" }, reason: "already up to date" }]);
  });

  it("counts skips as success, lists at most listLimit names, and prints with a newline", () => {
    const tracker = new ResultTracker<string>({ listLimit: 2 });
    for (const name of ["a", "b", "c"]) tracker.skipped(name, "inactive");
    tracker.succeeded("d");
    expect(tracker.isSuccess()).toBe(true);
    const written: string[] = [];
    tracker.printSummary({ write: (text: string) => written.push(text) });
    expect(written).toEqual([
      "✅ 4 processed: 1 succeeded, 3 skipped, 0 failed\nSkipped:\n  - a: inactive\n  - b: inactive\n  … and 1 more\n",
    ]);
    expect(new ResultTracker().isSuccess()).toBe(true);
    expect(new ResultTracker().results().successRate).toBe(1);
  });

  it("shares the ProcessingResults vocabulary with parallelMap", async () => {
    const bulk = await parallelMap([1, 2], (value) => Promise.resolve(value * 2), { concurrency: 2 });
    const tracker = new ResultTracker<number, number>();
    for (const success of bulk.succeeded) tracker.succeeded(success.item, success.value);
    expect(Object.keys(tracker.results()).sort()).toEqual(Object.keys(bulk).sort());
    expect(tracker.results().succeeded).toEqual(bulk.succeeded);
  });
});

describe("outputFileName", () => {
  it("follows {org}-{env}-{name}_{UTC timestamp}.{ext}", () => {
    expect(
      outputFileName({
        orgId: "txo",
        envType: "prod",
        name: "report",
        extension: "xlsx",
        at: new Date("2025-01-15T14:30:59.999Z"),
      }),
    ).toBe("txo-prod-report_2025-01-15T1430Z.xlsx");
    expect(utcFileTimestamp(new Date("2025-01-15T23:05:00+02:00"))).toBe("2025-01-15T2105Z");
  });

  it("refuses parts that would make a path or an odd name, with an example", () => {
    for (const parts of [
      { name: "../etc/passwd" },
      { name: "a/b" },
      { extension: ".xlsx" },
      { orgId: "" },
      { envType: "prod\\x" },
    ]) {
      const attempt = (): string =>
        outputFileName({ orgId: "txo", envType: "prod", name: "report", extension: "xlsx", ...parts });
      expect(attempt).toThrow(HelpfulError);
      expect(attempt).toThrow(/may only contain letters, digits/);
    }
    expect(() =>
      outputFileName({ orgId: "txo", envType: "prod", name: "r", extension: "csv", at: new Date("nope") }),
    ).toThrow(/invalid date/);
  });
});
