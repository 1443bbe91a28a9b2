import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPOSITORY_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BIN = join(REPOSITORY_ROOT, "node_modules", ".bin");
/** tsc and a whole vitest run in a child process: generous, for a busy 2-core CI machine. */
export const CHILD_TIMEOUT_MS = 240_000;

/**
 * The child runs outside this vitest worker: drop the variables that tell a process it is one,
 * and ask for plain text (FORCE_COLOR would win over NO_COLOR).
 */
function childEnvironment(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", ...extra };
  const { FORCE_COLOR: _forceColor, ...environment } = merged;
  return Object.fromEntries(
    Object.entries(environment).filter(([name]) => !name.startsWith("VITEST") && name !== "TEST"),
  );
}

/** Runs one of the repository's own tools (tsc, vitest) from node_modules/.bin at the repository root. */
export function runTool(
  command: string,
  args: string[],
  extraEnvironment: NodeJS.ProcessEnv = {},
): { status: number | null; output: string } {
  const child = spawnSync(join(BIN, command), args, {
    cwd: REPOSITORY_ROOT,
    env: childEnvironment(extraEnvironment),
    encoding: "utf8",
    timeout: CHILD_TIMEOUT_MS,
  });
  return {
    status: child.status,
    output: `${child.stdout}\n${child.stderr}${child.error ? `\n${child.error.message}` : ""}`,
  };
}
