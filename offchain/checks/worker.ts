/**
 * Worker entry for a thread pool (piscina): one task = one assessment. Kept separate from
 * index.ts so the pool can load it as its `filename`; it has no state besides the lexicons.
 *
 * @example
 * import { Piscina } from "piscina";
 * const pool = new Piscina({ filename: new URL("./worker.ts", import.meta.url).href, execArgv: ["--import", "tsx"] });
 * const assessment = await pool.run({ payload, expectedOutputHash });
 */
import type { Hex } from "viem";
import { assessPayload, type Assessment } from "./assess.js";

export interface AssessTask {
  payload: unknown;
  expectedOutputHash?: Hex;
}

export default function assessTask(task: AssessTask): Assessment {
  return assessPayload(task.payload, { expectedOutputHash: task.expectedOutputHash });
}
