import { existsSync, readFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import { dirname, join } from "node:path";
import { Node, type SourceFile, ts } from "ts-morph";
import { helperImportSources, namedImportText, namedRequireText } from "../rewrite/fix-text.js";
import { detectCodeStyle, matchBraceSpacing } from "./code-style.js";

const NODE_MODULE_KINDS = new Set([ts.ModuleKind.Node16, ts.ModuleKind.NodeNext, 101, 102]);

/** The `type` field of the package.json nearest to the file. */
function packageTypeOf(filePath: string): string | undefined {
  for (let directory = dirname(filePath); ; directory = dirname(directory)) {
    const manifest = join(directory, "package.json");
    if (existsSync(manifest)) {
      try {
        // Callers compare the field with "module" only, so a value of another type just means CommonJS.
        return (JSON.parse(readFileSync(manifest, "utf8")) as { type?: string }).type;
      } catch {
        return undefined;
      }
    }
    if (dirname(directory) === directory) return undefined;
  }
}

/**
 * Whether a TypeScript file compiles to CommonJS under `module: node16/nodenext` (a .cts file, or
 * a .ts file in a package without `"type": "module"`): an `import` of an ES-only module is then
 * TS1479. Worked out here because ts-morph's trees do not carry TypeScript's impliedNodeFormat.
 */
export function isCommonJsTypeScript(sourceFile: SourceFile): boolean {
  const path = sourceFile.getFilePath();
  if (!/\.[cm]?tsx?$/.test(path) || /\.d\.[cm]?ts$/.test(path)) return false;
  const moduleKind = sourceFile.getProject().getCompilerOptions().module;
  if (moduleKind === undefined || !NODE_MODULE_KINDS.has(moduleKind)) return false;
  if (path.endsWith(".cts")) return true;
  if (path.endsWith(".mts")) return false;
  return packageTypeOf(path) !== "module";
}

/** Whether the file is CommonJS (uses require and no ES module syntax), so imports must be require() calls. */
export function isCommonJsFile(sourceFile: SourceFile): boolean {
  const path = sourceFile.getFilePath();
  if (path.endsWith(".cjs")) return true;
  if (
    path.endsWith(".mjs") ||
    path.endsWith(".mts") ||
    path.endsWith(".ts") ||
    path.endsWith(".tsx") ||
    path.endsWith(".cts")
  )
    return false;
  const hasEsmSyntax =
    sourceFile.getImportDeclarations().length > 0 ||
    sourceFile.getExportDeclarations().length > 0 ||
    sourceFile.getExportAssignments().length > 0;
  return !hasEsmSyntax && /\brequire\s*\(/.test(sourceFile.getFullText());
}

function findExistingImportName(sourceFile: SourceFile, name: string, source: string): string | undefined {
  for (const declaration of sourceFile.getImportDeclarations()) {
    if (declaration.getModuleSpecifierValue() !== source || declaration.isTypeOnly()) continue;
    for (const specifier of declaration.getNamedImports()) {
      if (specifier.getName() !== name || specifier.isTypeOnly()) continue;
      return specifier.getAliasNode()?.getText() ?? name;
    }
  }
  return undefined;
}

function isNameTaken(sourceFile: SourceFile, name: string): boolean {
  return sourceFile.getDescendants().some((node) => Node.isIdentifier(node) && node.getText() === name);
}

function chooseLocalName(sourceFile: SourceFile, name: string): string {
  if (!isNameTaken(sourceFile, name)) return name;
  for (let suffix = 1; ; suffix++) {
    const candidate = `Txo${name}${suffix === 1 ? "" : suffix}`;
    if (!isNameTaken(sourceFile, candidate)) return candidate;
  }
}

function addEsmImport(sourceFile: SourceFile, name: string, localName: string, source: string): void {
  const existing = sourceFile
    .getImportDeclarations()
    .find((d) => d.getModuleSpecifierValue() === source && !d.isTypeOnly() && !d.getNamespaceImport());
  const lastSpecifier = existing?.getNamedImports().at(-1);
  if (lastSpecifier) {
    // Inserted as text right after the last specifier: keeps trailing commas and comments where they were.
    sourceFile.insertText(lastSpecifier.getEnd(), `, ${localName === name ? name : `${name} as ${localName}`}`);
    return;
  }
  const text = matchBraceSpacing(namedImportText(name, localName, source, detectCodeStyle(sourceFile)), sourceFile);
  if (existing && !existing.getDefaultImport()) {
    existing.replaceWithText(text);
    return;
  }
  insertAfterImports(sourceFile, text);
}

/** Below the last import, else below a file header comment, else at the top (after a shebang). */
function insertAfterImports(sourceFile: SourceFile, text: string): void {
  const lastImport = sourceFile.getImportDeclarations().at(-1);
  if (lastImport !== undefined) {
    sourceFile.insertText(lastImport.getEnd(), `\n${text}`);
    return;
  }
  const fullText = sourceFile.getFullText();
  const headerEnd = fileHeaderEnd(fullText);
  if (headerEnd !== undefined) {
    sourceFile.insertText(headerEnd, `\n${text}`);
    return;
  }
  const shebang = /^#![^\n]*\n/.exec(fullText)?.[0].length ?? 0;
  const directives = sourceFile
    .getStatements()
    .filter((_statement, index, all) =>
      all.slice(0, index + 1).every((d) => Node.isExpressionStatement(d) && Node.isStringLiteral(d.getExpression())),
    );
  const lastDirective = directives.at(-1);
  if (lastDirective !== undefined) sourceFile.insertText(lastDirective.getEnd(), `\n${text}`);
  else sourceFile.insertText(shebang, `${text}\n${fullText.slice(shebang).trim() ? "\n" : ""}`);
}

/** A shebang and comments at the top of a file, followed by a blank line. */
const FILE_HEADER = /^(?:#![^\n]*\n)?(?:[ \t]*(?:\/\/[^\n]*|\/\*[\s\S]*?\*\/)[ \t]*\r?\n)+(?=[ \t]*\r?\n)/;

/**
 * Where a file's header comment (licence, `@file` doc) ends, when it is set apart from the code by
 * a blank line: a first import goes below it. A comment right above the first statement documents
 * that statement, and the import goes above both.
 */
function fileHeaderEnd(text: string): number | undefined {
  const header = FILE_HEADER.exec(text)?.[0];
  return header === undefined ? undefined : header.trimEnd().length;
}

function addRequire(sourceFile: SourceFile, name: string, localName: string, source: string): void {
  const style = detectCodeStyle(sourceFile);
  const text = namedRequireText(name, localName, source, style, isCommonJsTypeScript(sourceFile));
  insertAfterImports(sourceFile, matchBraceSpacing(text, sourceFile));
}

export interface PlannedImport {
  localName: string;
  /** Removes the import again when nothing ended up using it. */
  removeIfUnused: () => void;
}

function countIdentifierUses(sourceFile: SourceFile, name: string): number {
  return sourceFile.getDescendants().filter((node) => Node.isIdentifier(node) && node.getText() === name).length;
}

function makeRemover(sourceFile: SourceFile, name: string, localName: string, source: string): () => boolean {
  return () => {
    if (countIdentifierUses(sourceFile, localName) > 1) return true;
    for (const declaration of sourceFile.getImportDeclarations()) {
      if (declaration.getModuleSpecifierValue() !== source) continue;
      const specifier = declaration.getNamedImports().find((s) => s.getName() === name);
      if (!specifier) continue;
      if (declaration.getNamedImports().length === 1 && !declaration.getDefaultImport()) declaration.remove();
      else specifier.remove();
      return true;
    }
    const head = `const { ${localName === name ? name : `${name}: ${localName}`} } = require(`;
    const requireStatement = sourceFile.getStatements().find(
      (s) =>
        s.getText().startsWith(head) &&
        s
          .getText()
          .slice(head.length + 1)
          .startsWith(source),
    );
    requireStatement?.remove();
    return true;
  };
}

/**
 * Makes `name` from `source` available in the file and returns the local name to use: reuses an
 * existing (possibly aliased) import, merges into an existing import of the same module, or adds
 * one (an ES import, or a require() in CommonJS files).
 */
export function ensureNamedImport(sourceFile: SourceFile, name: string, requestedSource: string): PlannedImport {
  const source = alreadyImportedSource(sourceFile, requestedSource);
  const existing =
    findExistingImportName(sourceFile, name, source) ?? findExistingRequireName(sourceFile, name, source);
  if (existing) return { localName: existing, removeIfUnused: () => undefined };
  const localName = chooseLocalName(sourceFile, name);
  const before = sourceFile.getFullText();
  // A Node built-in loads from CommonJS either way; only an ES-only package needs require() there.
  const esOnlyFromCommonJs = isCommonJsTypeScript(sourceFile) && !isBuiltin(source);
  if (isCommonJsFile(sourceFile) || esOnlyFromCommonJs) addRequire(sourceFile, name, localName, source);
  else addEsmImport(sourceFile, name, localName, source);
  const insertion = findInsertion(before, sourceFile.getFullText());
  const fallback = makeRemover(sourceFile, name, localName, source);
  return { localName, removeIfUnused: () => removeInsertion(sourceFile, localName, insertion) || fallback() };
}

interface Insertion {
  position: number;
  text: string;
}

/** The text an edit inserted, when the edit was a pure insertion (nothing around it reformatted). */
function findInsertion(before: string, after: string): Insertion | undefined {
  let prefix = 0;
  while (prefix < before.length && before[prefix] === after[prefix]) prefix++;
  const inserted = after.length - before.length;
  if (inserted <= 0 || after.slice(prefix + inserted) !== before.slice(prefix)) return undefined;
  return { position: prefix, text: after.slice(prefix, prefix + inserted) };
}

/**
 * Takes an unused import out byte for byte as it went in, so blank lines and comments around the
 * imports stay as they were. False when the text there has changed since and this cannot be done.
 */
function removeInsertion(sourceFile: SourceFile, localName: string, insertion: Insertion | undefined): boolean {
  if (countIdentifierUses(sourceFile, localName) > 1) return true;
  if (!insertion) return false;
  const { position, text } = insertion;
  const current = sourceFile.getFullText();
  if (current.slice(position, position + text.length) !== text) return false;
  // Whole-text replacement: ts-morph cannot re-parent a range edit that removes a file's only statement.
  sourceFile.replaceWithText(current.slice(0, position) + current.slice(position + text.length));
  return true;
}

/** The module the file already imports the helpers from, when it names an equivalent entry; else `requested`. */
function alreadyImportedSource(sourceFile: SourceFile, requested: string): string {
  const sources = helperImportSources(requested);
  if (sources.length === 1) return requested;
  const text = sourceFile.getFullText();
  const imported = (source: string): boolean =>
    sourceFile.getImportDeclarations().some((d) => d.getModuleSpecifierValue() === source && !d.isTypeOnly()) ||
    new RegExp(`require\\(\\s*["']${escapeRegExp(source)}["']\\s*\\)`).test(text);
  return sources.find(imported) ?? requested;
}

function escapeRegExp(text: string): string {
  return text.replace(/[/.\\-]/g, "\\$&");
}

function findExistingRequireName(sourceFile: SourceFile, name: string, source: string): string | undefined {
  const escapedSource = escapeRegExp(source);
  const pattern = new RegExp(
    `\\{[^}]*\\b${name}\\b(?:\\s*:\\s*(\\w+))?[^}]*}\\s*=\\s*require\\(\\s*["']${escapedSource}["']\\s*\\)`,
  );
  const match = pattern.exec(sourceFile.getFullText());
  return match ? (match[1] ?? name) : undefined;
}
