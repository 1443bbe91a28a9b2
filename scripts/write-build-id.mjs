#!/usr/bin/env node
// Writes dist/build-id.txt: a hash of the built code that decides what txo-audit reports (the rules,
// the lint layer, the project-file reader). txo-audit's cache key takes this id instead of hashing
// those ~170 files on every run; a rebuild that changes any of them changes the id. Run by `npm run build`.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const dist = resolve(dirname(fileURLToPath(import.meta.url)), "../dist");
/** The folders whose code decides lint results; keep in step with codeStamp in src/audit/cache.ts. */
const CODE_FOLDERS = ["rules", "lint", "config"];

const hash = createHash("sha256");
for (const folder of CODE_FOLDERS) {
  const files = readdirSync(join(dist, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(js|mjs|cjs)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) hash.update(`\0${relative(dist, file)}\0`).update(readFileSync(file));
}
writeFileSync(join(dist, "build-id.txt"), `${hash.digest("hex")}\n`);
