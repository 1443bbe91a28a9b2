#!/usr/bin/env node
// `node scripts/split-hunks.mjs --work /tmp/txo-real-repos [--seed 15] [--count 20] [--out hunks.md]`:
// issue #15's "a reviewer reading 20 random hunks would merge at least 16 of them". After
// `scripts/real-repos.mjs --transform split-long-functions` has left each repository in <work>/<name>
// with the codemod's commit on top, this draws `count` diff hunks of that commit (non-test files, the
// change tables aside) with a seeded generator, so the same seed redraws the same hunks from the same
// run, and writes them as Markdown with an empty verdict line under each for the reviewer to fill in.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

/** mulberry32: a small seeded generator, enough to draw the same sample again. */
function generator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function git(dir, ...args) {
  return execFileSync("git", args, {
    cwd: dir,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

const TEST_FILE = /(^|\/)(test|tests|__tests__)\/|\.(test|spec)\.[cm]?[jt]sx?$/;

/** The hunks of the codemod's commit in one repository: file, header line and the hunk's lines. */
function hunksOf(name, dir) {
  let subject = "";
  try {
    subject = git(dir, "log", "-1", "--format=%s").trim();
  } catch {
    // A repository whose run stopped before its first commit has no hunks.
  }
  if (!subject.startsWith("txo-codemod")) return [];
  const diff = git(dir, "diff", "HEAD~1", "HEAD", "--", ".", ":!reports");
  const hunks = [];
  let file = "";
  for (const line of diff.split("\n")) {
    if (line.startsWith("+++ ")) file = line.replace(/^\+\+\+ b\//, "");
    else if (line.startsWith("@@")) hunks.push({ repo: name, file, lines: [line] });
    else if (hunks.length > 0 && /^[ +\-\\]/.test(line) && !line.startsWith("--- ")) hunks.at(-1).lines.push(line);
  }
  return hunks.filter((hunk) => !TEST_FILE.test(hunk.file));
}

function main() {
  const { values } = parseArgs({
    options: {
      work: { type: "string", default: "/tmp/txo-real-repos" },
      seed: { type: "string", default: "15" },
      count: { type: "string", default: "20" },
      out: { type: "string" },
    },
  });
  const work = resolve(values.work);
  const repos = readdirSync(work).filter((name) => existsSync(join(work, name, ".git")));
  const all = repos.flatMap((name) => hunksOf(name, join(work, name)));
  const random = generator(Number(values.seed));
  const pool = [...all];
  const drawn = [];
  while (drawn.length < Number(values.count) && pool.length > 0)
    drawn.push(...pool.splice(Math.floor(random() * pool.length), 1));
  const perRepo = repos.map((name) => `${name} ${all.filter((hunk) => hunk.repo === name).length}`).join(", ");
  const text = [
    `# ${drawn.length} of ${all.length} split hunks (seed ${values.seed}; per repository: ${perRepo})`,
    "",
    ...drawn.flatMap((hunk, index) => [
      `## ${index + 1}. ${hunk.repo}: ${hunk.file}`,
      "",
      "```diff",
      ...hunk.lines,
      "```",
      "",
      "verdict: ",
      "",
    ]),
  ].join("\n");
  if (values.out) writeFileSync(values.out, `${text}\n`);
  else process.stdout.write(text);
  console.error(`split-hunks: ${drawn.length} of ${all.length} hunks drawn (seed ${values.seed})`);
}

main();
