// The trees bench/audit/run.mjs measures, prepared under bench/.work/ (gitignored) and reused while
// their recipe is unchanged. Each tree holds only TypeScript sources (and, for the application, the
// package.json and tsconfig files its rules read), never JavaScript builds or node_modules.
import { optional } from "@txo-toolkit/runtime";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const EXCLUDED_DIRS = new Set(["node_modules", "dist", "build", "out", "coverage", "_cjs", "_esm", "_types", ".git"]);
const TYPESCRIPT = /\.(ts|tsx|mts|cts)$/;
const DECLARATION = /\.d\.[mc]?ts$/;
const PROJECT_FILES = new Set(["package.json", "tsconfig.json", "tsconfig.build.json"]);

/** Published library sources: about 3,400 real .ts files, from the npm registry. */
const LIBRARY_PACKAGES = ["viem@2.57.20", "ox@1.8.3", "effect@4.1.0", "rxjs@7.8.2", "zod@4.6.7"];
/** An application: Playwright's packages, tests, examples and utils (about 1,300 .ts/.tsx files). */
const APPLICATION = {
  url: "https://github.com/microsoft/playwright.git",
  commit: "d4e1023f6c03a8dced50eb3db88c2217e7c1a86a",
};

function copySources(from, to, keepProjectFiles) {
  let count = 0;
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = TYPESCRIPT.test(entry.name) && !DECLARATION.test(entry.name);
    if (entry.isDirectory() && !EXCLUDED_DIRS.has(entry.name))
      count += copySources(join(from, entry.name), join(to, entry.name), keepProjectFiles);
    else if (entry.isFile() && (source || (keepProjectFiles && PROJECT_FILES.has(entry.name)))) {
      mkdirSync(to, { recursive: true });
      cpSync(join(from, entry.name), join(to, entry.name));
      if (source) count++;
    }
  }
  return count;
}

/** Runs `prepare` unless `marker` says the same recipe was prepared before; returns the file count. */
function once(work, recipe, prepare) {
  const marker = join(work, "prepared.json");
  if (existsSync(marker)) {
    const previous = JSON.parse(readFileSync(marker, "utf8"));
    if (JSON.stringify(previous.recipe) === JSON.stringify(recipe)) return previous.files;
  }
  mkdirSync(work, { recursive: true });
  const files = prepare();
  writeFileSync(marker, JSON.stringify({ recipe, files }));
  return files;
}

export function libraryTree(benchWork) {
  const work = join(benchWork, "audit");
  const tree = join(work, "tree");
  const files = once(work, LIBRARY_PACKAGES, () => {
    writeFileSync(join(work, "package.json"), JSON.stringify({ name: "txo-audit-bench", private: true }));
    execFileSync("npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund", ...LIBRARY_PACKAGES], {
      cwd: work,
      stdio: "inherit",
    });
    rmSync(tree, { recursive: true, force: true });
    let count = 0;
    for (const spec of LIBRARY_PACKAGES)
      count += copySources(
        join(work, "node_modules", spec.slice(0, spec.lastIndexOf("@"))),
        join(tree, spec.slice(0, spec.lastIndexOf("@"))),
        false,
      );
    writeFileSync(join(tree, "package.json"), JSON.stringify({ name: "bench-tree", private: true }));
    return count;
  });
  return {
    name: "libraries",
    description: LIBRARY_PACKAGES.join(", "),
    tree,
    files,
    editedFile: "rxjs/src/internal/operators/map.ts",
  };
}

const git = (gitDir, ...args) => spawnSync("git", [`--git-dir=${gitDir}`, ...args], { encoding: "utf8" });

/** A bare repository holding the pinned commit: TXO_BENCH_APP_GIT, or a shallow fetch from GitHub. */
function applicationRepository(work) {
  const given = optional(process.env, ["TXO_BENCH_APP_GIT"], "");
  const gitDir = given === "" ? join(work, "playwright.git") : given;
  if (git(gitDir, "cat-file", "-e", `${APPLICATION.commit}^{commit}`).status === 0) return gitDir;
  if (given === "") {
    execFileSync("git", ["init", "--quiet", "--bare", gitDir]);
    if (git(gitDir, "fetch", "--quiet", "--depth=1", APPLICATION.url, APPLICATION.commit).status === 0) return gitDir;
  }
  return undefined;
}

export function applicationTree(benchWork) {
  const work = join(benchWork, "audit-application");
  const tree = join(work, "tree");
  const gitDir = existsSync(join(work, "prepared.json")) ? "" : applicationRepository(work);
  if (gitDir === undefined) {
    const how = `git clone ${APPLICATION.url} /path/playwright && TXO_BENCH_APP_GIT=/path/playwright/.git npm run bench:audit`;
    return {
      name: "application",
      skipped: `Playwright at ${APPLICATION.commit.slice(0, 12)} could not be fetched; to include it: ${how}`,
    };
  }
  const files = once(work, APPLICATION, () => {
    const archive = join(work, "source.tar");
    execFileSync("git", [`--git-dir=${gitDir}`, "archive", "--format=tar", "-o", archive, APPLICATION.commit]);
    rmSync(join(work, "source"), { recursive: true, force: true });
    mkdirSync(join(work, "source"));
    execFileSync("tar", ["-xf", archive, "-C", join(work, "source")]);
    rmSync(tree, { recursive: true, force: true });
    const count = copySources(join(work, "source"), tree, true);
    rmSync(join(work, "source"), { recursive: true, force: true });
    rmSync(archive);
    return count;
  });
  return {
    name: "application",
    description: `Playwright ${APPLICATION.commit.slice(0, 12)} (packages, tests, examples, utils)`,
    tree,
    files,
    editedFile: "packages/playwright-core/src/server/page.ts",
  };
}
