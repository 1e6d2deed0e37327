import type { ChildProcess } from "node:child_process";

const live = new Set<ChildProcess>();
let hooked = false;

/**
 * Kills `child` (SIGKILL) if this process exits first, so an error, a failed test or Ctrl-C never
 * leaves a chain or a daemon running. One `exit` listener serves every child.
 */
export function killOnExit(child: ChildProcess): void {
  live.add(child);
  child.once("exit", () => live.delete(child));
  if (hooked) return;
  hooked = true;
  process.once("exit", () => {
    for (const c of live) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  });
}
