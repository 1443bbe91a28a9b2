import type cliProgress from "cli-progress";

/** Below this many files to lint, a progress bar would only flicker. */
export const PROGRESS_THRESHOLD = 200;

type ProgressBars = typeof cliProgress;

/** A progress bar on stderr for long runs, shown only on a TTY. */
export class ProgressDisplay {
  private bar: cliProgress.SingleBar | null = null;

  /** `bars` is cli-progress, or null where no bar is ever shown (not a TTY, --quiet). */
  private constructor(private readonly bars: ProgressBars | null) {}

  /** cli-progress loads only when a bar may be shown: a piped or quiet run (CI, a cached re-run) skips it. */
  static async open(enabled: boolean): Promise<ProgressDisplay> {
    return new ProgressDisplay(enabled ? (await import("cli-progress")).default : null);
  }

  start(total: number): void {
    if (this.bars === null || total < PROGRESS_THRESHOLD) return;
    this.bar = new this.bars.SingleBar(
      {
        format: "txo-audit [{bar}] {percentage}% | {value}/{total} files | {duration_formatted}",
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: true,
      },
      this.bars.Presets.shades_classic,
    );
    this.bar.start(total, 0);
  }

  update(done: number): void {
    this.bar?.update(done);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
