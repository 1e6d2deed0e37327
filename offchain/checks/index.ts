/**
 * Public entry of the checks: importable from a plain module with no side effects beyond reading
 * the lexicon files once, so a worker pool (piscina) can load it in each worker.
 */
export {
  assessPayload,
  assessRaw,
  assessmentJson,
  payloadOf,
  SAFETY_CATEGORIES,
  DOMAIN_RULE_CATEGORIES,
  QUALITY_CATEGORIES,
  type Assessment,
  type AssessOptions,
} from "./assess.js";
export { AssessInputError } from "./input.js";
export { CHECKER_VERSION } from "./version.js";
export { CHECKS } from "./registry.js";
export { THRESHOLDS } from "./thresholds.js";
export type { Check, CheckContext, CheckResult } from "./types.js";
export {
  evaluate,
  evaluateDir,
  defaultDevSetDir,
  formatReport,
  loadExamples,
  targetFailures,
  type EvalReport,
  type LabelledExample,
} from "./eval.js";
export { measureChecksThroughput, type ThroughputResult } from "./throughput.js";
