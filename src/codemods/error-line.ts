/** The first non-blank line of a thrown value's message: what a change-table row can show as a reason. */
export function firstLineOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (
    message
      .split("\n")
      .find((line) => line.trim() !== "")
      ?.trim() ?? "(no message)"
  );
}
