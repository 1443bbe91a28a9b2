import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getOutputDirectory, getSavedFiles, load, save, setOutputDirectory } from "../src/load-n-save.js";

let outputDir: string;

beforeEach(() => {
  outputDir = mkdtempSync(join(tmpdir(), "legacy-app-output-"));
  setOutputDirectory(outputDir);
});
afterEach(() => rmSync(outputDir, { recursive: true, force: true }));

function readOutput(name: string): string {
  return readFileSync(join(outputDir, name), "utf8");
}

describe("save", () => {
  it("writes objects as indented JSON into the output folder and reads them back", async () => {
    const path = await save({ id: 1, tags: ["a", "b"] }, "item.json");
    expect(path).toBe(join(outputDir, "item.json"));
    expect(readOutput("item.json")).toBe('{\n  "id": 1,\n  "tags": [\n    "a",\n    "b"\n  ]\n}\n');
    expect(await load("item.json")).toEqual({ id: 1, tags: ["a", "b"] });
    expect(getOutputDirectory()).toBe(outputDir);
  });

  it("turns Maps into objects, Sets into arrays and bigints into strings", async () => {
    await save(new Map<string, unknown>([["ids", new Set([1, 2])], ["big", 12n]]), "mixed.json", { indent: 0 });
    expect(readOutput("mixed.json")).toBe('{"ids":[1,2],"big":"12"}\n');
  });

  it("writes arrays of objects as CSV with a header of every key, quoting where needed", async () => {
    const rows = [
      { name: "Ada", note: 'said "hi", then left' },
      { name: "Linus", city: "Helsinki", when: new Date("2024-05-01T10:00:00Z") },
    ];
    await save(rows, "people.csv");
    expect(readOutput("people.csv")).toBe(
      'name,note,city,when\nAda,"said ""hi"", then left",,\nLinus,,Helsinki,2024-05-01T10:00:00.000Z\n',
    );
    expect(await load("people.csv")).toEqual([
      { name: "Ada", note: 'said "hi", then left', city: "", when: "" },
      { name: "Linus", note: "", city: "Helsinki", when: "2024-05-01T10:00:00.000Z" },
    ]);
  });

  it("writes arrays of arrays as CSV rows with the chosen delimiter", async () => {
    await save([["a", 1], ["b;c", 2]], "grid.csv", { csvDelimiter: ";" });
    expect(readOutput("grid.csv")).toBe('a;1\n"b;c";2\n');
  });

  it("refuses CSV output for something that is not a list of rows", async () => {
    await expect(save({ not: "rows" }, "bad.csv")).rejects.toThrow(/array of rows/);
  });

  it("writes JSON Lines and text files", async () => {
    await save([{ a: 1 }, { b: 2 }], "events.jsonl");
    await save(["first line", { second: true }], "notes.txt");
    expect(readOutput("events.jsonl")).toBe('{"a":1}\n{"b":2}\n');
    expect(readOutput("notes.txt")).toBe('first line\n{"second":true}\n');
    expect(await load("events.jsonl")).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it("writes strings and binary data as they are", async () => {
    await save("# Report\n", "report.md");
    await save(Buffer.from([0, 1, 2, 255]), "blob.bin");
    expect(readOutput("report.md")).toBe("# Report\n");
    expect([...readFileSync(join(outputDir, "blob.bin"))]).toEqual([0, 1, 2, 255]);
  });

  it("refuses to write a string that is not JSON into a .json file", async () => {
    await expect(save("not json", "broken.json")).rejects.toThrow(/invalid JSON/);
  });

  it("keeps an existing file when overwrite is false", async () => {
    await save({ version: 1 }, "state.json");
    const second = await save({ version: 2 }, "state.json", { overwrite: false });
    expect(second).not.toBe(join(outputDir, "state.json"));
    expect(JSON.parse(readOutput("state.json"))).toEqual({ version: 1 });
    expect(readdirSync(outputDir)).toHaveLength(2);
  });

  it("replaces characters that file systems refuse in names", async () => {
    const path = await save({ ok: true }, "report:2024?.json");
    expect(path).toBe(join(outputDir, "report_2024_.json"));
  });

  it("writes into an explicit directory and remembers every written file", async () => {
    const elsewhere = join(outputDir, "nested", "deeper");
    const path = await save({ ok: true }, "result.json", { directory: elsewhere });
    expect(path).toBe(join(elsewhere, "result.json"));
    expect(getSavedFiles()).toContain(path);
  });

  it("refuses values that cannot be saved", async () => {
    await expect(save(() => 1, "function.json")).rejects.toThrow(TypeError);
  });
});
