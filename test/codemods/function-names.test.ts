import { describe, expect, it } from "vitest";
import { Node, Project } from "ts-morph";
import { chooseExtractedName, nameFromComment } from "../../src/codemods/function-names.js";
import { paragraphsOf, type StatementGroup } from "../../src/codemods/statement-groups.js";
import { nth } from "../nth.js";

/** The paragraphs of the body of the first function in the code, as the transform sees them. */
function paragraphs(code: string): { groups: StatementGroup[]; name: (group: StatementGroup) => string | undefined } {
  const sourceFile = new Project({ useInMemoryFileSystem: true }).createSourceFile("sample.ts", code);
  const fn = sourceFile.getFirstDescendant(
    (node) => Node.isFunctionDeclaration(node) || Node.isMethodDeclaration(node),
  );
  const body = fn && (Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn)) ? fn.getBody() : undefined;
  if (!body || !Node.isBlock(body)) throw new Error("the sample has no function with a body");
  return {
    groups: paragraphsOf(body.getStatements()),
    name: (group) => chooseExtractedName(sourceFile, group, "parse"),
  };
}

// The shapes below are written after blocks met in CLI parsers and config loaders: a help printer
// that builds sections and then prints them, an argv matcher that sets fields, a guard run.
const HELP_PRINTER = `
interface Section { title?: string; body: string }
export class Help {
  examples: string[] = [];
  print(name: string, commands: string[], callback?: (sections: Section[]) => Section[] | void) {
    const sections: Section[] = [{ body: name }];
    for (const command of commands) sections.push({ body: command });
    const width = Math.max(...commands.map((command) => command.length));

    if (this.examples.length > 0) sections.push({ title: "Examples", body: this.examples.join("\\n") });
    const shown = callback ? callback(sections) || sections : sections;

    console.info(shown.map((section) => section.body.padEnd(width)).join("\\n"));
  }
}`;

const ARGV_MATCHER = `
export class Cli {
  rawArgs: string[] = [];
  name = "";
  parse(argv: string[]) {
    this.rawArgs = argv;
    if (!this.name) this.name = argv[1] ?? "cli";
    let matched = false;
    for (const arg of argv) if (arg === this.name) matched = true;

    return matched;
  }
}`;

const GUARDS = `
export function load(path: string, size: number) {
  if (!path) throw new Error("no path");
  if (size < 0) throw new Error("negative size");
  if (size > 1e6) return undefined;

  return path.slice(0, size);
}`;

describe("helper names", () => {
  it("names a group after the values it hands back and how it makes them, never compute… or prepare…", () => {
    const { groups, name } = paragraphs(HELP_PRINTER);
    expect(name(nth(groups, 0))).toBe("collectSectionsAndWidth");
    // `shown` comes from a conditional: nothing says what making it does.
    expect(name(nth(groups, 1))).toBeUndefined();
  });

  it("gives no name to a group whose result is a flag set in a loop", () => {
    const { groups, name } = paragraphs(ARGV_MATCHER);
    expect(name(nth(groups, 0))).toBeUndefined();
  });

  it("names a run of guard clauses validate… after what they check", () => {
    const { groups, name } = paragraphs(GUARDS);
    expect(name(nth(groups, 0))).toBe("validatePath");
  });

  it("gives no name, rather than a generic or numbered one, when nothing says what the statements do", () => {
    const { groups, name } = paragraphs(
      `export function tick(log: string[]) {\n  log.push("a");\n  console.info(log.length);\n  log.length = 0;\n}`,
    );
    expect(name(nth(groups, 0))).toBeUndefined();
  });

  it("takes the verb of the call that makes the value, and names a loop after what it does to each element", () => {
    const { groups, name } = paragraphs(`
export async function build(root: string, deps: { name: string }[], externals: string[]) {
  const options = { root };
  const config = await readConfigFile(options.root, "build.config");
  const entries = config.entries.map((entry) => entry.trim());

  for (const dep of deps) {
    if (dep.name.startsWith(".")) continue;
    externals.push(dep.name);
  }

  return { config, entries };
}
declare function readConfigFile(root: string, name: string): Promise<{ entries: string[] }>;`);
    expect(name(nth(groups, 0))).toBe("readConfigAndEntries");
    expect(name(nth(groups, 1))).toBe("collectExternals");
  });

  it("refuses groups that only declare locals, and groups too small to be worth a helper", () => {
    const { groups, name } = paragraphs(`
export function walk(text: string) {
  let depth = 0;
  const seen: string[] = [];
  let inString = false;

  const trimmed = text.trim();
  const upper = trimmed.toUpperCase();

  return { depth, seen, inString, upper };
}`);
    expect(name(nth(groups, 0))).toBeUndefined();
    expect(name(nth(groups, 1))).toBeUndefined();
  });

  it("ignores comments too vague to name code", () => {
    expect(nameFromComment("Options")).toBeUndefined();
    expect(nameFromComment("Handle stuff")).toBeUndefined();
    expect(nameFromComment("Fix for the windows paths")).toBeUndefined();
    expect(nameFromComment("Search sub-commands")).toBe("searchSubCommands");
    expect(nameFromComment("Check if a name is a known string option")).toBeUndefined();
    expect(nameFromComment("Finish with a zero and a marker")).toBe("finish");
  });

  it("does not take a name from a comment with a typo, a file name, a generic verb or no object", () => {
    const named = (comment: string) => {
      const { groups, name } = paragraphs(`
export function load(paths: string[], loaders: string[]) {
  const size = paths.length;
  // ${comment}
  for (const path of paths) {
    if (path.endsWith(".mjs")) loaders.push(path);
    if (path.endsWith(".cjs")) loaders.unshift(path);
  }

  return size;
}`);
      return name(nth(groups, 1));
    };
    expect(named("Rsolve loaders before reading")).toBe("collectLoaders");
    expect(named("mjs stub, try the next one")).toBe("collectLoaders");
    expect(named("Process the output")).toBe("collectLoaders");
    expect(named("Skip the rest")).toBe("collectLoaders");
    expect(named("Register the loaders")).toBe("registerLoaders");
  });
});
