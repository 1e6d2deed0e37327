import type { PhaseCounts } from "./tracker.js";

/** The one-line live status: requests by phase. Pure. */
export function formatProgress(
  c: PhaseCounts,
  extra: { elapsedS: number; slashes: number },
): string {
  const outcomes = `accepted ${c.accepted}, rejected ${c.rejected}${c.noQuorum ? `, no quorum ${c.noQuorum}` : ""}`;
  return [
    `[${String(Math.round(extra.elapsedS)).padStart(4)} s]`,
    `queued ${c.queued}`,
    `commit ${c.commit}`,
    `reveal ${c.reveal}`,
    `finalizable ${c.finalizable}`,
    `finalized ${c.finalized}/${c.total} (${outcomes})`,
    `slashes ${extra.slashes}`,
  ].join(" | ");
}

/**
 * Live output: on a terminal one status line rewritten in place, with event lines scrolling
 * above it; otherwise (CI logs, pipes) the status as a plain line whenever it changed, at most
 * every `lineIntervalMs`, and events as plain lines.
 */
export class ProgressDisplay {
  private current = "";
  private lastPrinted = "";
  private lastPrintedAt = 0;
  private readonly tty: boolean;

  constructor(
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
    private readonly lineIntervalMs = 5_000,
  ) {
    this.tty = out.isTTY === true;
  }

  private clear(): void {
    if (this.tty && this.current !== "") this.out.write("\r\x1b[2K");
  }

  private draw(): void {
    if (!this.tty || this.current === "") return;
    const width = this.out.columns ?? 200;
    this.out.write(
      this.current.length > width - 1 ? this.current.slice(0, width - 1) : this.current,
    );
  }

  /** A line that stays (setup steps, finalized requests, slashes). */
  event(line: string): void {
    this.clear();
    this.out.write(`${line}\n`);
    this.draw();
  }

  /** Replaces the status line. */
  status(line: string, force = false): void {
    if (this.tty) {
      this.clear();
      this.current = line;
      this.draw();
      return;
    }
    const now = Date.now();
    const body = line.replace(/^\[[^\]]*\]\s*/, "");
    const due = force || now - this.lastPrintedAt >= this.lineIntervalMs;
    if (body !== this.lastPrinted && due) {
      this.out.write(`${line}\n`);
      this.lastPrinted = body;
      this.lastPrintedAt = now;
    }
  }

  /** Leaves the status line on screen and moves below it. */
  end(): void {
    if (this.tty && this.current !== "") this.out.write("\n");
    this.current = "";
  }
}
