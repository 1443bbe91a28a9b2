import { rmSync } from "node:fs";

/** The temporary name a file is written under before it is renamed into place. */
export function temporaryNameOf(file: string): string {
  return `${file}.${process.pid}.tmp`;
}

/**
 * Removes a temporary file after a failed write. `force` ignores only a missing file; a parent that
 * is not a folder (ENOTDIR) or a read-only folder means there is nothing this run could remove.
 */
export function removeTemporary(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // Nothing was created there, or nothing can be removed: either way nothing is left by this run.
  }
}
