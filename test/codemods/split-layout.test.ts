import synchronizedPrettier from "@prettier/sync";
import { afterEach, describe, expect, it } from "vitest";
import { runCodemods } from "../../src/codemods/index.js";
import { TempProject } from "./project-fixture.js";

const projects: TempProject[] = [];

afterEach(() => {
  for (const project of projects.splice(0)) project.remove();
});

function projectWith(files: Record<string, string>, maxLines: number): TempProject {
  const project = new TempProject({ ...files, "txo.config.json": JSON.stringify({ maxLines }) });
  projects.push(project);
  return project;
}

// A pricing function as a shipping module writes it: the paragraph that prices the shipment needs three
// of the function's inputs and hands two values back, so its helper's signature and call are long.
const SHIPMENT = `export interface Shipment { id: string; weightInKilograms: number; destinationCountry: string }

export function describeShipment(shipment: Shipment, pricePerKilogramByCountry: Record<string, number>, handlingFeeInCents: number): string {
  const header = \`Shipment \${shipment.id}\`;
  const lines = [header];

  // Price the shipment for its destination
  const pricePerKilogram = pricePerKilogramByCountry[shipment.destinationCountry] ?? 0;
  const weightPrice = shipment.weightInKilograms * pricePerKilogram;
  const surcharge = shipment.weightInKilograms > 30 ? weightPrice * 0.1 : 0;
  const subtotalInCents = Math.round((weightPrice + surcharge) * 100);
  const totalInCents = subtotalInCents + handlingFeeInCents;
  const label = totalInCents > 10000 ? "expensive" : "cheap";

  lines.push(\`\${totalInCents} cents\`, label);
  return lines.join("\\n");
}
`;

const PRETTIER = { parser: "typescript", singleQuote: true, semi: false, printWidth: 80 } as const;

describe("split-long-functions lays out what it inserts", () => {
  it("formats the helper and its call site with the project's Prettier options, so the file stays formatted", async () => {
    const source = synchronizedPrettier.format(SHIPMENT, PRETTIER);
    const project = projectWith(
      { "src/shipment.ts": source, ".prettierrc": JSON.stringify({ singleQuote: true, semi: false }) },
      18,
    );
    const result = await runCodemods(["split-long-functions"], { cwd: project.dir, write: true });
    const after = project.read("src/shipment.ts");
    expect(result.rows).toMatchObject([{ status: "fixed" }]);
    expect(after).toMatch(/\n {2}const \{ totalInCents, label \} = priceShipment\(\n {4}/);
    expect(after).toMatch(/\nfunction priceShipment\(\n {2}/);
    expect(after).not.toMatch(/\bvar\b|;\n|"/);
    expect(synchronizedPrettier.format(after, PRETTIER)).toBe(after);
    // The author's code before the split paragraph is untouched.
    const untouched = source.slice(0, source.indexOf("  // Price"));
    expect(after.startsWith(untouched)).toBe(true);
    expect(project.typecheck()).toEqual({ ok: true, output: "" });
  });

  it("in a file formatted by hand, keeps the author's bytes and wraps inserted lines only past the file's longest line", async () => {
    const project = projectWith({ "src/shipment.ts": SHIPMENT }, 12);
    const result = await runCodemods(["split-long-functions"], { cwd: project.dir, write: true });
    const after = project.read("src/shipment.ts");
    expect(result.rows).toMatchObject([{ status: "fixed" }]);
    // The file's longest line (the exported signature) is longer than the helper's: one line each.
    expect(after).toMatch(/\n {2}const \{ totalInCents, label \} = priceShipment\([^\n]*\);\n/);
    expect(after).toMatch(/\nfunction priceShipment\([^\n]*\) \{\n/);
    expect(after).toContain('  const label = totalInCents > 10000 ? "expensive" : "cheap";\n');
    expect(after.startsWith(SHIPMENT.slice(0, SHIPMENT.indexOf("  // Price")))).toBe(true);
    expect(project.typecheck()).toEqual({ ok: true, output: "" });
  });
});
