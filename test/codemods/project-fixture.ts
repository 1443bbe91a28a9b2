import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const fixturesRoot = join(repoRoot, "test", "fixtures", "codemods");

/** A throwaway project in a temp dir: a git repo whose tsconfig maps @txo-toolkit/runtime (and txo-toolkit/runtime) to this repo's source. */
export class TempProject {
  readonly dir: string;

  constructor(files: Record<string, string> = {}, options: { tsconfig?: boolean; git?: boolean } = {}) {
    this.dir = mkdtempSync(join(tmpdir(), "txo-codemod-"));
    if (options.tsconfig !== false) this.write("tsconfig.json", JSON.stringify(fixtureTsConfig(), null, 2));
    // The project depends on the runtime helpers (tsconfig paths resolve them), as one that uses the codemods would.
    const dependencies = { "@txo-toolkit/runtime": "*" };
    this.write(
      "package.json",
      JSON.stringify({ name: "fixture", private: true, type: "module", dependencies }, null, 2),
    );
    for (const [path, content] of Object.entries(files)) this.write(path, content);
    if (options.git !== false) this.commitAll();
  }

  write(path: string, content: string): void {
    mkdirSync(dirname(join(this.dir, path)), { recursive: true });
    writeFileSync(join(this.dir, path), content);
  }

  read(path: string): string {
    return readFileSync(join(this.dir, path), "utf8");
  }

  copyFrom(source: string, target = "."): void {
    cpSync(source, join(this.dir, target), { recursive: true });
  }

  git(...args: string[]): string {
    // stderr piped: asking whether a fresh directory is a repository must not print git's "fatal: not a git repository".
    return execFileSync("git", args, { cwd: this.dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  }

  commitAll(): void {
    if (!this.isRepository()) {
      this.git("init", "-q");
      this.git("config", "user.email", "test@example.com");
      this.git("config", "user.name", "txo test");
    }
    this.git("add", "-A");
    this.git("commit", "-q", "--allow-empty", "-m", "fixture");
  }

  private isRepository(): boolean {
    try {
      this.git("rev-parse", "--git-dir");
      return this.git("rev-parse", "--show-toplevel").trim() === this.dir;
    } catch {
      return false;
    }
  }

  typecheck(): { ok: boolean; output: string } {
    try {
      execFileSync(join(repoRoot, "node_modules", ".bin", "tsc"), ["--noEmit", "-p", this.dir], {
        encoding: "utf8",
        stdio: "pipe",
      });
      return { ok: true, output: "" };
    } catch (error) {
      // execFileSync throws an Error carrying the child's stdout and stderr when it exits non-zero.
      const failure = error as { stdout?: string; stderr?: string };
      return { ok: false, output: `${failure.stdout ?? ""}${failure.stderr ?? ""}` };
    }
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function fixtureTsConfig(): object {
  return {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      allowJs: true,
      checkJs: false,
      jsx: "preserve",
      types: ["node"],
      typeRoots: [join(repoRoot, "node_modules", "@types")],
      paths: {
        "@txo-toolkit/runtime": [join(repoRoot, "src", "runtime", "index.ts")],
        "txo-toolkit/runtime": [join(repoRoot, "src", "runtime", "index.ts")],
        lodash: [join(repoRoot, "test", "fixtures", "codemods", "lodash-stub.d.ts")],
      },
    },
    include: ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts", "**/*.js", "**/*.mjs", "**/*.cjs"],
    exclude: ["node_modules", "reports"],
  };
}

/** `tsc -b` on a project with references: the check a solution-style repository runs. */
export function tscBuild(dir: string): { ok: boolean; output: string } {
  try {
    execFileSync(join(repoRoot, "node_modules", ".bin", "tsc"), ["-b", dir], { encoding: "utf8", stdio: "pipe" });
    return { ok: true, output: "" };
  } catch (error) {
    // execFileSync throws an Error carrying the child's stdout and stderr when it exits non-zero.
    const failure = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failure.stdout ?? ""}${failure.stderr ?? ""}` };
  }
}
