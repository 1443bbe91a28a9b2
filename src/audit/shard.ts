import { statSync } from "node:fs";
import { join } from "node:path";
import { HelpfulError } from "@txo-toolkit/runtime";

/** One slice of the tree for one CI runner: `index` counts from 1 up to `count`. */
export interface Shard {
  index: number;
  count: number;
}

export const MAX_SHARDS = 256;

function invalidShard(value: string, reason: string): HelpfulError {
  return new HelpfulError({
    whatWentWrong: `--shard "${value}" ${reason}`,
    howToFix: `Pass the runner's slice as <index>/<count>, with 1 ≤ index ≤ count ≤ ${MAX_SHARDS}; run every index from 1 to count, then join the JSON reports with txo-audit merge.`,
    example: "txo-audit . --shard 2/4 --format json --out reports/shard-2",
  });
}

/** Parses `i/n` (1-based), as `--shard` takes it. */
export function parseShard(value: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  if (match === null) throw invalidShard(value, "is not of the form <index>/<count>.");
  const shard = { index: Number(match[1]), count: Number(match[2]) };
  if (shard.count < 1 || shard.count > MAX_SHARDS) throw invalidShard(value, `asks for ${shard.count} shards.`);
  if (shard.index < 1 || shard.index > shard.count)
    throw invalidShard(value, `names shard ${shard.index}, which is not between 1 and ${shard.count}.`);
  return shard;
}

function sizeOf(root: string, file: string): number {
  return statSync(join(root, file), { throwIfNoEntry: false })?.size ?? 0;
}

/**
 * The files of one shard. Every runner computes the same partition from the same checkout: files
 * are dealt largest first (ties by path) to the shard with the fewest bytes so far (ties to the
 * lowest index), so each shard gets close to 1/n of the bytes whatever the mix of big and small
 * files. The result keeps the input order.
 */
export function filesOfShard(files: readonly string[], root: string, shard: Shard): string[] {
  if (shard.count === 1) return [...files];
  const bySize = files
    .map((file) => ({ file, size: sizeOf(root, file) }))
    .sort((a, b) => b.size - a.size || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const load = new Array<number>(shard.count).fill(0);
  const mine = new Set<string>();
  for (const { file, size } of bySize) {
    let lightest = 0;
    let lightestLoad = Number.POSITIVE_INFINITY;
    for (const [index, shardLoad] of load.entries()) {
      if (shardLoad < lightestLoad) [lightest, lightestLoad] = [index, shardLoad];
    }
    // Empty files still count one byte, so a tree of empty files is dealt round-robin.
    load[lightest] = lightestLoad + Math.max(size, 1);
    if (lightest === shard.index - 1) mine.add(file);
  }
  return files.filter((file) => mine.has(file));
}
