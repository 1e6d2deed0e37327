import { spawn } from "node:child_process";
import { QCP_ENTRY, REPO_ROOT } from "./paths.js";

/** What a `qcp` child process printed, and how it ended. */
export interface QcpRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node scripts/qcp.mjs ...args` as a child process, the way an operator would, and collects
 * its output. `env` is laid over this process's environment; a key set to `undefined` is removed,
 * so a test can run the CLI without a variable the parent has (e.g. QCP_PRIVATE_KEY).
 * `onStderr` sees all stderr so far each time more arrives, to act while the CLI waits.
 */
export function runQcp(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
  onStderr?: (stderrSoFar: string) => void,
): Promise<QcpRun> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete childEnv[key];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [QCP_ENTRY, ...args], {
      cwd: REPO_ROOT,
      env: childEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      onStderr?.(stderr);
    });
    child.once("error", reject);
    // "close", not "exit": both pipes are drained by then, so no output is lost.
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}
