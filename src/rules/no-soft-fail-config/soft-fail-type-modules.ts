import { statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESTree } from "@typescript-eslint/utils";
import { parseSync } from "oxc-parser";
import { type Derivation, type ProjectFileReader, RecordedMemo } from "../../config/file-reader.js";
import type { ProjectConfigStore } from "../../config/project-config.js";
import { loadedTypeNames } from "./soft-fail-loaded-types.js";

export type TypeDeclaration = TSESTree.TSInterfaceDeclaration | TSESTree.TSTypeAliasDeclaration;

/** Where a name of a module comes from: `imported` of module `source` ("*" for a namespace import). */
interface NameOrigin {
  /** A module specifier, or undefined for a local name (`export { Local as Public }`). */
  source: string | undefined;
  imported: string;
}

/**
 * The type-level facts of one module that optional-key lookups need: its named types (top level and
 * inside `declare namespace`, as "Ns.Name"), its imports, and what it re-exports.
 */
export interface TypeModule {
  /** Absolute path of the module's file; relative imports are resolved from it. */
  file: string;
  types: Map<string, TypeDeclaration>;
  imports: Map<string, NameOrigin>;
  exports: Map<string, NameOrigin>;
  starSources: string[];
  /** Names of the types this module produces from parsed or loaded data (see `loadedTypeNames`). */
  loadedTypes: () => ReadonlySet<string>;
  /** The module declares `defineConfig` (or `define…Config`): the helper users write their config file with. */
  definesConfig: boolean;
}

/** `defineConfig`, `defineWorkspaceConfig`: the typed identity function of a tool's config file. */
const CONFIG_DEFINER = /^define\w*Config$/;

function declaresConfigDefiner(statement: TSESTree.Node | null | undefined): boolean {
  if (statement?.type === AST_NODE_TYPES.FunctionDeclaration) return CONFIG_DEFINER.test(statement.id?.name ?? "");
  return (
    statement?.type === AST_NODE_TYPES.VariableDeclaration &&
    statement.declarations.some(
      (declarator) => declarator.id.type === AST_NODE_TYPES.Identifier && CONFIG_DEFINER.test(declarator.id.name),
    )
  );
}

/** TypeScript sources a relative import may name, tried in this order (`./x.js` is `./x.ts` on disk). */
const SOURCE_EXTENSIONS = [".ts", ".tsx", ".d.ts", ".mts", ".cts"];
const JS_EXTENSION = /\.(?:[cm]?js|jsx)$/;

type Statement = TSESTree.ProgramStatement | TSESTree.Statement;

function addDeclaration(module: TypeModule, statement: TSESTree.Node | null | undefined, prefix: string): void {
  if (
    statement?.type === AST_NODE_TYPES.TSInterfaceDeclaration ||
    statement?.type === AST_NODE_TYPES.TSTypeAliasDeclaration
  ) {
    module.types.set(prefix + statement.id.name, statement);
  } else if (
    statement?.type === AST_NODE_TYPES.TSModuleDeclaration &&
    statement.id.type === AST_NODE_TYPES.Identifier &&
    statement.body?.type === AST_NODE_TYPES.TSModuleBlock
  ) {
    const inner = `${prefix}${statement.id.name}.`;
    for (const member of statement.body.body) addStatement(module, member, inner, false);
  }
}

function addImport(module: TypeModule, statement: TSESTree.ImportDeclaration): void {
  for (const specifier of statement.specifiers) {
    const imported =
      specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier
        ? "*"
        : specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier
          ? "default"
          : nameOf(specifier.imported);
    module.imports.set(specifier.local.name, { source: statement.source.value, imported });
  }
}

function nameOf(node: TSESTree.Identifier | TSESTree.StringLiteral): string {
  return node.type === AST_NODE_TYPES.Identifier ? node.name : node.value;
}

function addExport(module: TypeModule, statement: TSESTree.ExportNamedDeclaration | TSESTree.ExportAllDeclaration) {
  if (statement.type === AST_NODE_TYPES.ExportAllDeclaration) {
    if (statement.exported)
      module.exports.set(nameOf(statement.exported), { source: statement.source.value, imported: "*" });
    else module.starSources.push(statement.source.value);
    return;
  }
  for (const specifier of statement.specifiers) {
    const imported = nameOf(specifier.local);
    module.exports.set(nameOf(specifier.exported), { source: statement.source?.value, imported });
  }
}

function addStatement(module: TypeModule, statement: Statement, prefix: string, topLevel: boolean): void {
  const declared = statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : statement;
  if (topLevel && declaresConfigDefiner(declared)) module.definesConfig = true;
  switch (statement.type) {
    case AST_NODE_TYPES.ImportDeclaration:
      if (topLevel) addImport(module, statement);
      return;
    case AST_NODE_TYPES.ExportAllDeclaration:
      if (topLevel) addExport(module, statement);
      return;
    case AST_NODE_TYPES.ExportNamedDeclaration:
      if (topLevel && !statement.declaration) addExport(module, statement);
      addDeclaration(module, statement.declaration, prefix);
      return;
    default:
      addDeclaration(module, statement, prefix);
  }
}

/**
 * Collects the type-level facts of a module: the linted file's own AST (its loaded types are worked
 * out on first use), or one parsed here (worked out at once, so the AST is not kept).
 */
export function typeModuleOf(program: TSESTree.Program, file: string, eager = false): TypeModule {
  let loaded: ReadonlySet<string> | undefined = eager ? loadedTypeNames(program) : undefined;
  const loadedTypes = () => (loaded ??= loadedTypeNames(program));
  const module: TypeModule = {
    file,
    types: new Map(),
    imports: new Map(),
    exports: new Map(),
    starSources: [],
    loadedTypes,
    definesConfig: false,
  };
  for (const statement of program.body) addStatement(module, statement, "", true);
  return module;
}

function parseTypeModuleText(text: string, file: string): TypeModule | undefined {
  const lang = file.endsWith(".d.ts") ? "dts" : file.endsWith(".tsx") ? "tsx" : "ts";
  const result = parseSync(file, text, { lang, sourceType: "module", astType: "ts" });
  if (result.errors.length > 0) return undefined;
  // oxc's ts AST is ESTree with typescript-estree's node shapes, which is what typeModuleOf reads.
  return typeModuleOf(result.program as unknown as TSESTree.Program, file, true);
}

/** The source text of a node of oxc's AST, which carries its offsets as `start` and `end`. */
function sourceOf(node: TSESTree.Node, text: string): string {
  // oxc's nodes have start/end offsets in place of typescript-estree's range.
  const { start, end } = node as unknown as { start: number; end: number };
  return text.slice(start, end);
}

/**
 * Everything lookups take from an imported module (its declarations' text, imports, exports, loaded
 * types, config definer), so a cached result survives an edit to its functions' bodies.
 */
export const TYPE_FACTS: Derivation<TypeModule | undefined> = {
  name: "type-facts",
  parse: parseTypeModuleText,
  facts: (module, text) =>
    module === undefined
      ? "none"
      : JSON.stringify([
          [...module.types].map(([name, declaration]) => [name, sourceOf(declaration, text)]),
          [...module.imports],
          [...module.exports],
          module.starSources,
          [...module.loadedTypes()].sort(),
          module.definesConfig,
        ]),
};

function parseTypeModule(files: ProjectFileReader, file: string): TypeModule | undefined {
  try {
    return files.readParsed(file, TYPE_FACTS);
  } catch {
    // An unreadable or unparsable module declares nothing we can rely on: the finding stays.
    return undefined;
  }
}

/**
 * False when the file's text cannot declare a `define…Config` function: the name is not in it and no
 * `\\u` escape could spell it.
 */
export const CONFIG_DEFINER_MENTION: Derivation<boolean> = {
  name: "config-definer-mention",
  parse: (text) => /define\w*Config/.test(text) || text.includes("\\u"),
  facts: String,
};

/** An unreadable file is left to the parser, which reports nothing either. */
function mayNameConfigDefiner(files: ProjectFileReader, file: string): boolean {
  try {
    return files.readParsed(file, CONFIG_DEFINER_MENTION);
  } catch {
    return true;
  }
}

/** The version a file's memo entries are kept under: an editor's ESLint server sees an edited file. */
function stampOf(file: string): string | undefined {
  try {
    const stats = statSync(file);
    return stats.isFile() ? `${stats.mtimeMs}:${stats.size}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The modules one linter has parsed for optional-key lookups, by absolute path, each kept while the
 * file's mtime and size stay the same (an editor's ESLint server sees an edited types file). Only the
 * project's own modules are read: relative imports, never node_modules. Reads go through the
 * linter's ProjectFileReader, so a cached result is dropped when a module it looked at changes.
 */
export class TypeModuleStore {
  private readonly byFile: RecordedMemo<string, TypeModule | undefined>;
  private readonly manifests: RecordedMemo<string, Manifest | undefined>;
  /** Whether a module's text may declare a config definer: one that cannot is never parsed for it. */
  private readonly screened: RecordedMemo<string, boolean>;

  constructor(private readonly files: ProjectFileReader) {
    this.byFile = new RecordedMemo(files);
    this.manifests = new RecordedMemo(files);
    this.screened = new RecordedMemo(files);
  }

  /**
   * Whether `module` declares `defineConfig` or imports a module of its package that does: its
   * functions build what users write in the tool's config file (`foundry({...})` in wagmi.config.ts).
   */
  buildsUserConfig(module: TypeModule): boolean {
    if (module.definesConfig) return true;
    const sources = new Set([...module.imports.values()].map((origin) => origin.source));
    return [...sources].some((source) => this.importedDefinesConfig(module.file, source));
  }

  /**
   * Whether the module a relative specifier names declares a config definer. Parsing a module costs
   * far more than reading it, so one whose text cannot name such a function is not parsed (a file
   * importing forty modules, linted alone after an edit, would parse all forty).
   */
  private importedDefinesConfig(fromFile: string, specifier: string | undefined): boolean {
    if (!specifier?.startsWith(".")) return false;
    const file = resolveSourceFile(this.files, resolve(dirname(fromFile), specifier));
    const stamp = file === undefined ? undefined : stampOf(file);
    if (file === undefined || stamp === undefined) return false;
    const mayDefine = this.screened.get(file, () => mayNameConfigDefiner(this.files, file), stamp);
    return mayDefine && this.moduleAt(file)?.definesConfig === true;
  }

  /** The module a relative specifier names from `fromFile`, or undefined (a package, or no such file). */
  imported(fromFile: string, specifier: string | undefined): TypeModule | undefined {
    if (!specifier?.startsWith(".")) return undefined;
    const file = resolveSourceFile(this.files, resolve(dirname(fromFile), specifier));
    return file === undefined ? undefined : this.moduleAt(file);
  }

  /**
   * Whether `file` belongs to a package published to a registry: its nearest named package.json has
   * a version and is not `"private": true`. Applications and fixtures are private.
   */
  isPublished(file: string): boolean {
    return this.nearestManifest(file)?.published ?? false;
  }

  /**
   * Whether `file` belongs to a published library: a published package that others import (it has a
   * `main`, `module`, `exports` or `types`, or no `bin`), not one that only ships a command.
   */
  isLibrary(file: string): boolean {
    const manifest = this.nearestManifest(file);
    return manifest !== undefined && manifest.published && !manifest.onlyBin;
  }

  private nearestManifest(file: string): Manifest | undefined {
    for (let dir = dirname(resolve(file)); ; dir = dirname(dir)) {
      const manifest = this.manifestIn(dir);
      // A package.json without a name is a subpath stub (`tempo/package.json` pointing at `_esm/`): keep walking.
      if (manifest?.named) return manifest;
      if (dirname(dir) === dir) return undefined;
    }
  }

  private manifestIn(dir: string): Manifest | undefined {
    const file = join(dir, "package.json");
    const read = () => (this.files.isFile(file) ? readManifest(this.files, file) : undefined);
    return this.manifests.get(file, read, stampOf(file) ?? "absent");
  }

  private moduleAt(file: string): TypeModule | undefined {
    const stamp = stampOf(file);
    if (stamp === undefined) return undefined;
    return this.byFile.get(file, () => parseTypeModule(this.files, file), stamp);
  }
}

interface Manifest {
  named: boolean;
  published: boolean;
  /** A `bin` and nothing to import (`main`, `module`, `exports`, `types`): a command, not a library. */
  onlyBin: boolean;
}

const LIBRARY_ENTRY_FIELDS = ["main", "module", "exports", "types", "typings"] as const;

function readManifest(files: ProjectFileReader, file: string): Manifest {
  try {
    // Every field is unknown and checked before use.
    const data = JSON.parse(files.readText(file)) as Record<string, unknown>;
    const named = typeof data.name === "string";
    const onlyBin = data.bin !== undefined && LIBRARY_ENTRY_FIELDS.every((field) => data[field] === undefined);
    return { named, published: named && typeof data.version === "string" && data.private !== true, onlyBin };
  } catch {
    // A package.json that cannot be read says nothing about publishing: treat the code as an application's.
    return { named: true, published: false, onlyBin: false };
  }
}

function resolveSourceFile(files: ProjectFileReader, base: string): string | undefined {
  const stem = base.replace(JS_EXTENSION, "");
  const candidates = [
    ...(SOURCE_EXTENSIONS.some((extension) => base.endsWith(extension)) ? [base] : []),
    ...SOURCE_EXTENSIONS.map((extension) => stem + extension),
    ...SOURCE_EXTENSIONS.map((extension) => `${base}/index${extension}`),
  ];
  return candidates.find((candidate) => files.isFile(candidate));
}

const storesByProject = new WeakMap<ProjectConfigStore, TypeModuleStore>();

/** One module cache per project-configuration store, so it lives exactly as long as the linter's settings. */
export function typeModulesOf(projectConfigs: ProjectConfigStore): TypeModuleStore {
  let store = storesByProject.get(projectConfigs);
  if (store === undefined) {
    store = new TypeModuleStore(projectConfigs.files);
    storesByProject.set(projectConfigs, store);
  }
  return store;
}
