import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Ajv } from "ajv";

export const repoRoot = resolve(import.meta.dirname, "../..");
export const binary = join(repoRoot, "dist/cli/txo-audit.js");

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the BUILT binary, as users do. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const result = spawnSync(process.execPath, [binary, ...args], {
    cwd: options.cwd ?? repoRoot,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "", FORCE_COLOR: "0", ...options.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function temporaryDirectory(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `txo-audit-${prefix}-`));
}

/**
 * Copies the fixture tree and adds what git would not commit: ignored files (root and nested
 * .gitignore), build output, a declaration file, and an unreadable file. Root can read a chmod-000
 * file, so under root the unreadable file is a dangling symlink instead.
 */
export function prepareFixtureTree(): { root: string; unreadable: string } {
  const root = temporaryDirectory("tree");
  cpSync(join(repoRoot, "test/fixtures/audit/tree"), root, { recursive: true });
  const exitInLibrary = "export function stop(): void {\n  process.exit(3);\n}\n";
  mkdirSync(join(root, "generated"));
  writeFileSync(join(root, "generated/gen.ts"), exitInLibrary);
  writeFileSync(join(root, "src/skip.local.ts"), exitInLibrary);
  writeFileSync(join(root, "src/nested/secret.ts"), exitInLibrary);
  mkdirSync(join(root, "dist"));
  writeFileSync(join(root, "dist/out.js"), exitInLibrary.replace(": void", ""));
  writeFileSync(join(root, "src/types.d.ts"), "export declare let mutable: number;\n");
  const unreadable = "src/unreadable.ts";
  if (process.getuid?.() === 0) symlinkSync(join(root, "missing-target.ts"), join(root, unreadable));
  else {
    writeFileSync(join(root, unreadable), exitInLibrary);
    chmodSync(join(root, unreadable), 0o000);
  }
  return { root, unreadable };
}

/** Reads a JSON file the tool under test wrote; the caller names its shape, which the schema tests check. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- T is that named shape: one cast here, not one per caller
export function readJson<T>(file: string): T {
  // The file's shape is the caller's T (see above); the report and SARIF schema tests validate it.
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

export function reportSchemaValidator(): ReturnType<Ajv["compile"]> {
  const schema = readJson<object>(join(repoRoot, "schemas/audit-report.schema.json"));
  return new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
}

/** The official SARIF 2.1.0 schema (draft-04), read with Ajv's draft-07 validator: `id` becomes `$id`. */
export function sarifSchemaValidator(): ReturnType<Ajv["compile"]> {
  const schema = readJson<Record<string, unknown>>(join(repoRoot, "test/fixtures/sarif/sarif-schema-2.1.0.json"));
  const { id, $schema, ...rest } = schema;
  // The SARIF schema's top level is an object; Ajv's compile wants a schema object, not the record type readJson gives.
  return new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile({ ...rest, $id: id } as object);
}
