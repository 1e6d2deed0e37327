import { outputHashCheck, providerProofCheck, schemaCheck } from "./rules/consistency.js";
import { disclosureCheck, financeLanguageCheck, riskLabelCheck } from "./rules/finance.js";
import { citationCheck, jurisdictionCheck, legalAdviceCheck } from "./rules/legal.js";
import { disclaimerCheck, doseCheck } from "./rules/medical.js";
import {
  coherenceCheck,
  completenessCheck,
  confidenceCheck,
  ruleConsistencyCheck,
  textValidityCheck,
  uncertaintyCheck,
} from "./rules/quality.js";
import { harmCheck, injectionCheck, obfuscationCheck, piiCheck } from "./rules/safety.js";
import type { Axis, Check } from "./types.js";

/** Pipeline stage order after text normalization; findings are reported in this order. */
export const AXIS_ORDER: readonly Axis[] = ["consistency", "safety", "domain", "quality"];

/** Every check, in pipeline order (consistency, safety, domain, quality). */
export const CHECKS: readonly Check[] = Object.freeze([
  schemaCheck,
  outputHashCheck,
  providerProofCheck,
  obfuscationCheck,
  injectionCheck,
  harmCheck,
  piiCheck,
  doseCheck,
  disclaimerCheck,
  financeLanguageCheck,
  riskLabelCheck,
  disclosureCheck,
  legalAdviceCheck,
  citationCheck,
  jurisdictionCheck,
  confidenceCheck,
  completenessCheck,
  coherenceCheck,
  ruleConsistencyCheck,
  textValidityCheck,
  uncertaintyCheck,
]);
