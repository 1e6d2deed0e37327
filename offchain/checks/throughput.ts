import { performance } from "node:perf_hooks";
import { assessPayload } from "./assess.js";
import { defaultDevSetDir, loadExamples } from "./eval.js";

export interface ThroughputResult {
  assessments: number;
  seconds: number;
  /** Assessments per CPU-second: the loop runs on one thread, so this is per core even on a busy machine. */
  perSecondPerCore: number;
  /** Assessments per wall-clock second (lower than per core when other processes share the CPU). */
  perSecondWall: number;
  cpuSeconds: number;
  payloads: number;
}

/**
 * Runs `assessPayload` over the dev-set payloads round-robin on the current thread for at least
 * `minMillis` (after a warm-up pass) and reports assessments per second per core. Measurement
 * only: the clock is read here, never inside the checks.
 */
export function measureChecksThroughput(
  options: { dir?: string; minMillis?: number } = {},
): ThroughputResult {
  const payloads = loadExamples(options.dir ?? defaultDevSetDir()).map((e) => e.payload);
  if (payloads.length === 0) throw new Error("no payloads to measure");
  const minMillis = options.minMillis ?? 2000;
  for (const p of payloads) assessPayload(p);
  let count = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMillis) {
    for (const p of payloads) assessPayload(p);
    count += payloads.length;
    elapsed = performance.now() - start;
  }
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const seconds = elapsed / 1000;
  return {
    assessments: count,
    seconds,
    cpuSeconds,
    perSecondPerCore: count / cpuSeconds,
    perSecondWall: count / seconds,
    payloads: payloads.length,
  };
}
