import cliProgress from "cli-progress";

/** Below this many files to lint, a progress bar would only flicker. */
export const PROGRESS_THRESHOLD = 200;

/** A progress bar on stderr for long runs, shown only on a TTY. */
export class ProgressDisplay {
  private bar: cliProgress.SingleBar | null = null;

  constructor(private readonly enabled: boolean) {}

  start(total: number): void {
    if (!this.enabled || total < PROGRESS_THRESHOLD) return;
    this.bar = new cliProgress.SingleBar(
      {
        format: "txo-audit [{bar}] {percentage}% | {value}/{total} files | {duration_formatted}",
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: true,
      },
      cliProgress.Presets.shades_classic,
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
