import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCodemods } from "../../src/codemods/index.js";
import { RuleRunner } from "../../src/codemods/findings.js";
import { nameFromComment } from "../../src/codemods/function-names.js";
import { fixturesRoot, TempProject } from "./project-fixture.js";
import { stringContaining } from "../matchers.js";

const fixtureDir = join(fixturesRoot, "split-long-functions");
const projects: TempProject[] = [];

afterEach(() => {
  for (const project of projects.splice(0)) project.remove();
});

function projectWith(files: Record<string, string>, maxLines: number): TempProject {
  const project = new TempProject({ ...files, "txo.config.json": JSON.stringify({ maxLines }) });
  projects.push(project);
  return project;
}

function longFunctionsIn(project: TempProject, file: string): number[] {
  const runner = new RuleRunner(project.dir, ["max-function-lines"]);
  return runner.lint(project.read(file), join(project.dir, file)).findings.map((finding) => finding.line);
}

interface HardCaseItem {
  name: string;
  price: number;
  tags: string[];
}

/**
 * What hard-cases.input.ts exports, written out: a type import of the fixture would compile it with this
 * repository's stricter settings, which the fixture (code as people write it) is not meant to meet.
 */
interface HardCases {
  classify(items: HardCaseItem[], budget: number): string;
  fetchAll(keys: string[], load: (key: string) => Promise<number>): Promise<number>;
  countdown(from: number): Generator<number>;
  pages(count: number, fetchPage: (index: number) => Promise<string[]>): AsyncGenerator<string>;
  makeCounter(start: number): { next: () => number; reset: () => void };
  Ledger: new () => { record(amounts: number[]): number };
  findPair(grid: number[][], target: number): string;
  parseSettings(text: string): { port: number; host: string; debug: boolean };
  safeDivide(values: number[], divisor: number): string;
  describeCode(code: number): string;
  summarize(values: number[]): string;
  formatter: { format(lines: string[]): string };
}

/** Every comment of a source text, in order of appearance, so a lost comment shows up. */
function commentsIn(text: string): string[] {
  return (text.match(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g) ?? []).map((comment) => comment.trim()).sort();
}

async function collect<T>(iterable: Iterable<T> | AsyncIterable<T>): Promise<T[]> {
  const values: T[] = [];
  for await (const value of iterable) values.push(value);
  return values;
}

/** Runs every function of the hard-cases module on a few inputs; before and after must agree. */
async function observe(module: HardCases): Promise<unknown[]> {
  const items = [
    { name: "a", price: 3, tags: ["x"] },
    { name: "b", price: 4, tags: [] },
    { name: "c", price: 5, tags: ["y"] },
  ];
  const results: unknown[] = [];
  for (const budget of [0, 8, 20]) results.push(module.classify(items, budget));
  results.push(module.classify([], 1), module.classify([{ name: " ", price: 1, tags: [] }], 1));
  const loads: string[] = [];
  results.push(
    await module.fetchAll(["a", "bb", "a", "ccc"], (key: string) => {
      loads.push(key);
      return Promise.resolve(key.length);
    }),
    loads,
  );
  results.push(
    await collect(module.countdown(3)),
    await collect(module.pages(2, (index: number) => Promise.resolve([`p${index}a`, `p${index}b`]))),
  );
  const counter = module.makeCounter(5);
  results.push(counter.next(), counter.next(), (counter.reset(), counter.next()));
  const ledger = new module.Ledger();
  results.push(ledger.record([1, 200, 3]), ledger.record(Array.from({ length: 12 }, (_, index) => index)));
  results.push(
    module.findPair(
      [
        [1, 2],
        [-1, 7],
        [3, 7],
      ],
      7,
    ),
    module.findPair([[1]], 9),
  );
  results.push(module.parseSettings("port=8080\nhost=example.org\ndebug=true"), module.parseSettings("port=-3"));
  results.push(module.safeDivide([2, 4], 2), module.safeDivide([2], 0));
  for (const code of [200, 404, 500]) results.push(module.describeCode(code));
  results.push(module.summarize([1, -2, 4]), module.summarize([]), module.formatter.format(["x", "", "y"]));
  return results;
}

describe("split-long-functions", () => {
  it("extracts commented paragraphs with TypeScript's Extract Symbol, names them from the comments, and the result compiles", async () => {
    const project = projectWith({ "src/report.ts": readFileSync(join(fixtureDir, "report.input.ts"), "utf8") }, 20);
    const result = await runCodemods(["split-long-functions"], { cwd: project.dir, write: true });
    const after = project.read("src/report.ts");
    expect(after).toBe(readFileSync(join(fixtureDir, "report.output.ts"), "utf8"));
    expect(after).not.toMatch(/\bnew(Function|Method)\b/);
    expect(after).toMatch(/function applyTax\(/);
    expect(after).toMatch(/private async summariseValues\(/);
    expect(project.typecheck()).toEqual({ ok: true, output: "" });
    const original = result.rows.filter((row) => row.status === "fixed").map((row) => row.line);
    // The writer's method ends in twenty one-line calls: no group of them is worth a helper.
    expect(original).toEqual([7]);
    expect(longFunctionsIn(project, "src/report.ts")).not.toContain(7);
    expect(result.rows.filter((row) => row.verificationFailed)).toEqual([]);
  });

  it("keeps behaviour: the split function returns what the original returned", async () => {
    const project = projectWith({ "src/report.ts": readFileSync(join(fixtureDir, "report.input.ts"), "utf8") }, 20);
    const order = { id: "7", items: [{ sku: "A", quantity: 2, price: 3 }], customer: { name: "Ann", country: "NL" } };
    const before = await import("../fixtures/codemods/split-long-functions/report.input.js");
    await runCodemods(["split-long-functions"], { cwd: project.dir, write: true });
    // The file is the same module after the split, which keeps every export and its signature.
    const afterModule = (await import(join(project.dir, "src", "report.ts"))) as typeof before;
    expect(afterModule.buildInvoice(order, { NL: 0.21 })).toBe(before.buildInvoice(order, { NL: 0.21 }));
    const lines: string[] = [];
    const sink = (line: string) => {
      lines.push(line);
      return Promise.resolve();
    };
    expect(await new afterModule.ReportWriter().write([{ name: "x", value: 1 }], sink)).toBe(
      await new before.ReportWriter().write([{ name: "x", value: 1 }], () => Promise.resolve()),
    );
  });

  it("splits the hard cases (early returns, await, generators, closures, this, labels, outer writes, try, switch, arrows, object methods) without changing behaviour", async () => {
    const input = readFileSync(join(fixtureDir, "hard-cases.input.ts"), "utf8");
    const project = projectWith({ "src/hard-cases.ts": input }, 11);
    const result = await runCodemods(["split-long-functions"], { cwd: project.dir, write: true });
    const after = project.read("src/hard-cases.ts");
    expect(after).toBe(readFileSync(join(fixtureDir, "hard-cases.output.ts"), "utf8"));
    expect(after).not.toMatch(/\bnew(Function|Method)\b/);
    expect(commentsIn(after)).toEqual(commentsIn(input));
    expect(project.typecheck()).toEqual({ ok: true, output: "" });
    // Both are the hard-cases module, before and after the split (which keeps every export and its signature).
    const before = (await import(join(fixtureDir, "hard-cases.input.ts"))) as HardCases;
    // import() of the fixture gives its module; hard-cases.ts exports the HardCases functions.
    const split = (await import(join(project.dir, "src", "hard-cases.ts"))) as HardCases;
    expect(await observe(split)).toEqual(await observe(before));
    const fixed = result.rows.filter((row) => row.status === "fixed");
    // Groups that would leave a one-line wrapper or only declare locals are refused, not extracted.
    expect(fixed.length).toBeGreaterThanOrEqual(6);
    expect(result.rows.filter((row) => row.status === "manual").every((row) => (row.reason ?? "").length > 0)).toBe(
      true,
    );
    expect(result.rows.filter((row) => row.verificationFailed)).toEqual([]);
    const reasonAt = (line: number) => result.rows.find((row) => row.line === line)?.reason ?? "";
    expect(reasonAt(7)).toContain("early returns");
    expect(reasonAt(87)).toContain("closures");
    project.commitAll();
    const again = await runCodemods(["split-long-functions"], { cwd: project.dir, write: true });
    expect(again.fileChanges).toEqual([]);
  });

  it("extracts groups with early returns, continue out of a loop and written locals into helpers that report how they ended", async () => {
    const input = readFileSync(join(fixtureDir, "early-exits.input.ts"), "utf8");
    // 33 lines; two helpers and their call sites leave 21.
    const project = projectWith({ "src/early-exits.ts": input }, 21);
    const result = await runCodemods(["split-long-functions"], { cwd: project.dir, write: true });
    const after = project.read("src/early-exits.ts");
    expect(result.rows).toMatchObject([{ line: 7, status: "fixed" }]);
    expect(longFunctionsIn(project, "src/early-exits.ts")).toEqual([]);
    expect(after).toMatch(/control: "continue" as const, lastError/);
    expect(after).not.toMatch(/\bnew(Function|Method)\b|[a-z]\d+\(/);
    expect(commentsIn(after)).toEqual(commentsIn(input));
    expect(project.typecheck()).toEqual({ ok: true, output: "" });
    type Module = typeof import("../fixtures/codemods/split-long-functions/early-exits.input.js");
    const before = await import("../fixtures/codemods/split-long-functions/early-exits.input.js");
    // The split keeps every export and its signature (the typecheck above compiles the result).
    const split = (await import(join(project.dir, "src", "early-exits.ts"))) as Module;
    const scripts: number[][] = [[200], [429, 200], [429, 429], [500, 503, 200], [404], [400], [500, 500]];
    for (const statuses of scripts) {
      const run = async (module: Module) => {
        const log: string[] = [];
        const read = (attempt: number) =>
          Promise.resolve({
            status: statuses[attempt] ?? 500,
            body: attempt === 0 && statuses[0] === 400 ? "" : `body ${attempt}`,
          });
        const value = await module
          .fetchWithRetries(read, statuses.length - 1, log)
          .catch((error: unknown) => `threw ${error instanceof Error ? error.message : "a non-Error"}`);
        return { value, log };
      };
      expect(await run(split)).toEqual(await run(before));
    }
  });

  it("passes more than five inputs of an early-exit helper as one named object, and the result behaves the same", async () => {
    const input = readFileSync(join(fixtureDir, "many-inputs.input.ts"), "utf8");
    const project = projectWith({ "src/many-inputs.ts": input }, 22);
    const result = await runCodemods(["split-long-functions"], { cwd: project.dir, write: true });
    const after = project.read("src/many-inputs.ts");
    expect(result.rows).toMatchObject([{ line: 8, status: "fixed" }]);
    expect(longFunctionsIn(project, "src/many-inputs.ts")).toEqual([]);
    expect(after).toMatch(/\(\{ event, total, penalty, log, label, floor \}\);/);
    // The object's type is a named interface, so the helper's signature stays one line under a formatter.
    expect(after).toMatch(/\(\{ event, total, penalty, log, label, floor \}: ApplyPenaltyInputs\)/);
    expect(after).toMatch(/interface ApplyPenaltyInputs \{\n  event: ScoredEvent;\n  total: number;/);
    expect(commentsIn(after)).toEqual(commentsIn(input));
    expect(project.typecheck()).toEqual({ ok: true, output: "" });
    type Module = typeof import("../fixtures/codemods/split-long-functions/many-inputs.input.js");
    const before = await import("../fixtures/codemods/split-long-functions/many-inputs.input.js");
    // The split keeps every export and its signature (the typecheck above compiles the result).
    const split = (await import(join(project.dir, "src", "many-inputs.ts"))) as Module;
    const event = (kind: string, value: number) => ({ kind, value, tag: `${kind}${value}` });
    const scans = [
      [event("bonus", 2), event("plain", 1), event("penalty", 1)],
      [event("bonus", 9), event("plain", 5)],
      [event("penalty", 4), event("bonus", 1)],
      [event("plain", 3), event("penalty", 1), event("penalty", 1), event("plain", 2)],
    ];
    const observe = (module: Module) =>
      scans.map((events) => {
        const log: string[] = [];
        return [module.scoreEvents(events, 2, 3, 10, log), log];
      });
    expect(observe(split)).toEqual(observe(before));
  });

  it("names helpers from the comment that introduced the statements, up to the first boundary word", () => {
    expect(nameFromComment("Validate the order before doing any arithmetic")).toBe("validateOrder");
    expect(nameFromComment("Record the failure and fall back to zero")).toBe("recordFailure");
    expect(nameFromComment("Sort and dedupe the keys")).toBe("sortDedupeKeys");
    expect(nameFromComment("Skip jobs that already ran")).toBe("skipJobs");
    expect(nameFromComment("Check that the input is set")).toBe("checkInput");
    expect(nameFromComment("TODO")).toBeUndefined();
    expect(nameFromComment("1. return")).toBeUndefined();
    expect(nameFromComment("eslint-disable-next-line unicorn/prefer-at")).toBeUndefined();
    expect(nameFromComment("@ts-expect-error the typings lag behind")).toBeUndefined();
  });

  it("marks a function it cannot split as manual and leaves it as it was", async () => {
    const cases = Array.from({ length: 30 }, (_, index) => `    case ${index}:\n      return "${index}";`).join("\n");
    const source = `export function spell(digit: number): string {\n  switch (digit) {\n${cases}\n    default:\n      return "?";\n  }\n}\n`;
    const project = projectWith({ "src/flat.ts": source }, 10);
    const result = await runCodemods(["split-long-functions"], { cwd: project.dir, write: true });
    expect(project.read("src/flat.ts")).toBe(source);
    expect(result.rows).toMatchObject([
      { file: "src/flat.ts", line: 1, status: "manual", reason: stringContaining("split it by hand") },
    ]);
  });
});

describe("split-long-functions on shared state", () => {
  it("moves groups that use `this` into private methods and locals written by synchronous callbacks into helpers that hand them back", async () => {
    const input = readFileSync(join(fixtureDir, "shared-state.input.ts"), "utf8");
    const project = projectWith({ "src/shared-state.ts": input }, 16);
    const result = await runCodemods(["split-long-functions"], { cwd: project.dir, write: true });
    const after = project.read("src/shared-state.ts");
    expect(result.rows.map((row) => row.status)).toEqual(["fixed", "fixed"]);
    expect(longFunctionsIn(project, "src/shared-state.ts")).toEqual([]);
    expect(after).toMatch(/\n  private skipJobs\(job: Job, log: string\[\]\) \{\n    if \(this\.done/);
    expect(after).toMatch(/const outcome = this\.countFailedJob\(job, log, processed\);/);
    expect(after).toMatch(/\(\{ units, revenue \} = addUpOrders\(/);
    // The signature is longer than any line of the file: it is wrapped as Prettier would.
    expect(after).toContain(
      "function addUpOrders(\n  orders: { sku: string; quantity: number; price: number }[],\n  units: number,",
    );
    expect(after).not.toMatch(/\bnew(Function|Method)\b|[a-z]\d+\(/);
    expect(commentsIn(after)).toEqual(commentsIn(input));
    expect(project.typecheck()).toEqual({ ok: true, output: "" });
    type Module = typeof import("../fixtures/codemods/split-long-functions/shared-state.input.js");
    const before = await import("../fixtures/codemods/split-long-functions/shared-state.input.js");
    // The split keeps every export and its signature (the typecheck above compiles the result).
    const split = (await import(join(project.dir, "src", "shared-state.ts"))) as Module;
    const jobs = [
      { id: "a", payload: "x" },
      { id: "b", payload: "" },
      { id: "a", payload: "y" },
      { id: "c", payload: "!" },
      { id: "d", payload: "!" },
      { id: "e", payload: "z" },
    ];
    const observe = (module: Module) =>
      [1, 2, 3].map((limit) => {
        const log: string[] = [];
        const queue = new module.JobQueue(limit);
        return [queue.run(jobs, log), queue.run(jobs, log), log];
      });
    expect(observe(split)).toEqual(observe(before));
    const orders = [
      { sku: "b", quantity: 2, price: 30 },
      { sku: "a", quantity: 1, price: 5 },
      { sku: "c", quantity: 3, price: 20 },
    ];
    for (const list of [orders, [], orders.slice(1)]) expect(split.tally(list)).toBe(before.tally(list));
  });
});
