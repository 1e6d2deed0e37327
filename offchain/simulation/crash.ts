import type { DaemonHooks } from "../validator/policy.js";

/** Points at which QCP_TEST_CRASH_AFTER kills the daemon with SIGKILL (crash-safety tests). */
export const CRASH_POINTS = ["commit-sent", "commit-mined"] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

function die(point: string, requestId: bigint): never {
  process.stderr.write(`QCP_TEST_CRASH_AFTER=${point}: SIGKILL at request ${requestId}\n`);
  process.kill(process.pid, "SIGKILL");
  // SIGKILL is not delivered synchronously everywhere; never run on past the crash point.
  throw new Error("unreachable");
}

/**
 * Test-only daemon hooks from QCP_TEST_CRASH_AFTER (`commit-sent` or `commit-mined`): the
 * process kills itself the first time it reaches that point. Undefined when the variable is unset.
 */
export function crashHooksFromEnv(env: NodeJS.ProcessEnv): DaemonHooks | undefined {
  const point = env.QCP_TEST_CRASH_AFTER;
  if (point === undefined || point === "") return undefined;
  if (!(CRASH_POINTS as readonly string[]).includes(point)) {
    throw new Error(`QCP_TEST_CRASH_AFTER must be one of ${CRASH_POINTS.join(", ")}`);
  }
  return {
    afterCommitSent: (id) => {
      if (point === "commit-sent") die(point, id);
    },
    afterCommitMined: (id) => {
      if (point === "commit-mined") die(point, id);
    },
  };
}
