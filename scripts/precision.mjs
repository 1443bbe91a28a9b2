#!/usr/bin/env node
// `npm run precision`: the recommended config's precision and recall per rule on a labelled corpus of
// published packages that ship their TypeScript sources (test/real-world/). Needs the network the first
// time (npm pack); the tarballs are unpacked once into test/.tmp/real-world/ (gitignored) and reused.
//
//   npm run precision                               score dist/ (run `npm run build` first)
//   npm run precision -- --plugin <index.js>        score another build of the plugin (e.g. a baseline)
//   npm run precision -- --findings out.json        also write every finding, for labelling
//   npm run precision -- --unlabelled --rule txo/x  list findings no label covers (--sample N --seed S)
//   npm run precision -- --unicorn                  exits unicorn/no-process-exit reports that txo does not
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { formatScores, scoreRules, unlabelledFindings, validateLabels } from "./precision-score.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const corpusDir = join(repo, "test/real-world");
const work = join(repo, "test/.tmp/real-world");
const SOURCE_FILES = ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts"];
const IGNORED = ["**/node_modules/**", "**/*.d.ts", "**/*.d.mts", "**/*.d.cts"];

function fail(whatWentWrong, howToFix) {
  console.error(`precision: ${whatWentWrong}\n  How to fix: ${howToFix}`);
  process.exit(2);
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    return fail(
      `cannot read ${relative(repo, file)}: ${error.message}`,
      "make it a valid JSON file (see test/real-world/README.md for the format).",
    );
  }
}

/** Every `packages*.json` of the corpus, so each helper can add packages in a file of its own. */
function readPackages() {
  const files = readdirSync(corpusDir)
    .filter((name) => /^packages.*\.json$/.test(name))
    .sort();
  // `set` names the file an entry came from, so each held-out set can be scored on its own.
  const packages = files.flatMap((name) =>
    readJson(join(corpusDir, name)).map((entry) => ({ ...entry, set: name.replace(/\.json$/, "") })),
  );
  for (const entry of packages) {
    if (typeof entry?.package !== "string" || !/^(@[^/@]+\/)?[^/@]+@\d[^@]*$/.test(entry.package)) {
      fail(
        `bad package entry ${JSON.stringify(entry)}`,
        'write { "package": "name@exact-version" }, e.g. { "package": "zod@4.6.7" }.',
      );
    }
  }
  return [...new Map(packages.map((entry) => [entry.package, entry])).values()];
}

function readLabels() {
  const dir = join(corpusDir, "labels");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .flatMap((name) => validateLabels(readJson(join(dir, name)), `test/real-world/labels/${name}`));
}

function packageName(spec) {
  return spec.slice(0, spec.lastIndexOf("@"));
}

/** Where a package's files are unpacked: one folder per exact version, so a version bump re-fetches. */
export function packageDir(spec) {
  return join(work, "packages", spec.replace("/", "+"));
}

/** `npm pack` fetches exactly the published tarball, without installing dependencies or running scripts. */
function fetchPackage(spec) {
  const dir = packageDir(spec);
  if (existsSync(join(dir, "package.json"))) return;
  const downloads = join(work, "tarballs");
  mkdirSync(downloads, { recursive: true });
  console.error(`fetching ${spec}`);
  const [{ filename }] = JSON.parse(
    execFileSync("npm", ["pack", spec, "--json", "--pack-destination", downloads], {
      encoding: "utf8",
      maxBuffer: 1 << 30,
    }),
  );
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync("tar", ["-xzf", join(downloads, filename), "-C", dir, "--strip-components=1"]);
}

async function lintPackages(packages, pluginPath, extraRules) {
  const { ESLint } = await import(pathToFileURL(join(repo, "node_modules/eslint/lib/api.js")).href);
  const plugin = (await import(pathToFileURL(resolve(pluginPath)).href)).default;
  const extra = extraRules ? [{ files: SOURCE_FILES, plugins: extraRules.plugins, rules: extraRules.rules }] : [];
  const config = [
    { ignores: IGNORED },
    { ...plugin.configs.recommended, files: SOURCE_FILES },
    ...extra,
    { linterOptions: { reportUnusedDisableDirectives: "off" } },
  ];
  const eslint = new ESLint({
    cwd: join(work, "packages"),
    overrideConfigFile: true,
    overrideConfig: config,
    errorOnUnmatchedPattern: false,
  });
  const findings = [];
  const unparsed = [];
  for (const { package: spec } of packages) {
    const dir = packageDir(spec);
    for (const result of await eslint.lintFiles([dir])) {
      const file = relative(dir, result.filePath).split("\\").join("/");
      for (const message of result.messages) {
        if (message.fatal) unparsed.push(`${spec} ${file}: ${message.message}`);
        else if (message.ruleId)
          findings.push({
            package: spec,
            file,
            line: message.line,
            column: message.column,
            rule: message.ruleId,
            message: message.message,
          });
      }
    }
  }
  return { findings, unparsed };
}

function printUnicornComparison(findings) {
  const txo = new Set(
    findings
      .filter((finding) => finding.rule === "txo/no-process-exit-in-library")
      .map((finding) => `${finding.package} ${finding.file}:${finding.line}`),
  );
  const unicorn = findings.filter((finding) => finding.rule === "unicorn/no-process-exit");
  const missed = unicorn.filter((finding) => !txo.has(`${finding.package} ${finding.file}:${finding.line}`));
  console.log(
    `\nunicorn/no-process-exit: ${unicorn.length} findings, ${unicorn.length - missed.length} also reported by txo, ${missed.length} not:`,
  );
  for (const finding of missed) console.log(`  ${finding.package} ${finding.file}:${finding.line}`);
}

function printUnlabelled(findings, labels, values) {
  const wanted = values.rule ? findings.filter((finding) => finding.rule === values.rule) : findings;
  const sample = values.sample === undefined ? undefined : Number(values.sample);
  const list = unlabelledFindings(wanted, labels, { sample, seed: Number(values.seed ?? 1) });
  console.log(
    `\nunlabelled findings${sample === undefined ? "" : ` (random sample of ${list.length}, seed ${values.seed ?? 1})`}:`,
  );
  for (const finding of list)
    console.log(
      `  ${finding.package} ${finding.file}:${finding.line} ${finding.rule}  ${finding.message.slice(0, 140)}`,
    );
}

function printScores(findings, labels, packages) {
  const rules = [...new Set([...findings, ...labels].map((item) => item.rule))]
    .filter((rule) => rule.startsWith("txo/"))
    .sort();
  const tuned = new Set(packages.filter((entry) => !entry.heldOut).map((entry) => entry.package));
  const heldOut = new Set(packages.filter((entry) => entry.heldOut).map((entry) => entry.package));
  console.log(
    formatScores(
      scoreRules(findings, labels, { rules }),
      `\nall ${packages.length} packages (${labels.length} labels):`,
    ),
  );
  console.log(
    formatScores(
      scoreRules(findings, labels, { rules, onlyPackages: tuned }),
      `\ntuning set (${tuned.size} packages):`,
    ),
  );
  console.log(
    formatScores(
      scoreRules(findings, labels, { rules, onlyPackages: heldOut }),
      `\nheld-out set (${heldOut.size} packages, not looked at while changing the rules):`,
    ),
  );
  const heldOutSets = [...new Set(packages.filter((entry) => entry.heldOut).map((entry) => entry.set))];
  if (heldOutSets.length < 2) return;
  for (const set of heldOutSets) {
    const members = new Set(
      packages.filter((entry) => entry.heldOut && entry.set === set).map((entry) => entry.package),
    );
    console.log(
      formatScores(scoreRules(findings, labels, { rules, onlyPackages: members }), `\n  held out in ${set}.json:`),
    );
  }
}

async function unicornRules(enabled) {
  if (!enabled) return undefined;
  const unicorn = (await import(pathToFileURL(join(repo, "node_modules/eslint-plugin-unicorn/index.js")).href)).default;
  return { plugins: { unicorn }, rules: { "unicorn/no-process-exit": "error" } };
}

async function main() {
  const { values } = parseArgs({
    options: {
      plugin: { type: "string", default: join(repo, "dist/rules/index.js") },
      package: { type: "string", multiple: true },
      findings: { type: "string" },
      unlabelled: { type: "boolean" },
      rule: { type: "string" },
      sample: { type: "string" },
      seed: { type: "string" },
      unicorn: { type: "boolean" },
    },
  });
  if (!existsSync(values.plugin))
    fail(
      `no plugin build at ${values.plugin}`,
      "run `npm run build` first, or pass --plugin <path to dist/rules/index.js>.",
    );
  const packages = readPackages().filter(
    (entry) =>
      !values.package || values.package.some((name) => entry.package === name || packageName(entry.package) === name),
  );
  const labels = readLabels().filter((label) => packages.some((entry) => entry.package === label.package));
  for (const { package: spec } of packages) fetchPackage(spec);
  const { findings, unparsed } = await lintPackages(packages, values.plugin, await unicornRules(values.unicorn));
  if (unparsed.length > 0) console.log(`files that did not parse (${unparsed.length}):\n  ${unparsed.join("\n  ")}`);
  if (values.findings) writeFileSync(values.findings, `${JSON.stringify(findings, null, 1)}\n`);
  printScores(findings, labels, packages);
  if (values.unicorn) printUnicornComparison(findings);
  if (values.unlabelled) printUnlabelled(findings, labels, values);
}

await main();
