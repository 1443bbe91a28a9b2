import { vi } from "vitest";

/** Thrown by the stubbed `process.exit`, so an exit path ends the call instead of the test run. */
export class ProcessExitCalled extends Error {
  constructor(readonly code: string | number | null | undefined) {
    super(`process.exit(${String(code)}) was called`);
  }
}

export interface Failure {
  /** The exit code when the code under test called process.exit, undefined when it threw. */
  exitCode: string | number | null | undefined;
  /** What the user is told: the logged message before an exit, or the thrown error's text. */
  text: string;
}

function describeThrown(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const helpful = error as Error & { whatWentWrong?: unknown; howToFix?: unknown };
  return [error.message, helpful.whatWentWrong, helpful.howToFix].filter((part) => typeof part === "string").join("\n");
}

/**
 * Runs an action that must fail. Legacy code logs and calls `process.exit(1)`; hardened code
 * throws an error instead. Both count as failing, so these tests hold before and after
 * `txo-codemod exit-to-throw`.
 */
export async function captureFailure(action: () => unknown): Promise<Failure> {
  const logged: string[] = [];
  const exit = vi.spyOn(process, "exit").mockImplementation(((code?: string | number | null) => {
    throw new ProcessExitCalled(code);
  }) as typeof process.exit);
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation(((chunk: string | Uint8Array) => {
    logged.push(String(chunk));
    return true;
  }) as typeof process.stderr.write);
  try {
    await action();
  } catch (error) {
    if (error instanceof ProcessExitCalled) return { exitCode: error.code, text: logged.join("") };
    return { exitCode: undefined, text: describeThrown(error) };
  } finally {
    exit.mockRestore();
    stderr.mockRestore();
  }
  throw new Error("the action was expected to fail, but it completed");
}
