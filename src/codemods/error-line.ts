/** The first non-blank line of a thrown value's message: what a change-table row can show as a reason. */
export function firstLineOf(error: unknown): string {
  const message = messageOf(error);
  return (
    message
      .split("\n")
      .find((line) => line.trim() !== "")
      ?.trim() ?? "(no message)"
  );
}

/** The text up to its first line break (all of it when there is none): a finding's headline. */
export function firstLine(text: string): string {
  const end = text.indexOf("\n");
  return end === -1 ? text : text.slice(0, end);
}

/** A thrown value's message: an Error's own message, anything else as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
