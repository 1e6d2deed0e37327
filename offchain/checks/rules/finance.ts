import { loadLexicon } from "../lexicon.js";
import { THRESHOLDS } from "../thresholds.js";
import { finding, type Check } from "../types.js";
import { compileRules, compileTest, runRules, type LexiconFile } from "./engine.js";

interface FinanceLexicon extends LexiconFile {
  disclosure: string;
}

const FIN = loadLexicon<FinanceLexicon>("finance");
const FIN_RULES = compileRules(FIN);
const DISCLOSURE = compileTest(FIN.disclosure, FIN.macros);

/** Guarantee and manipulation language (lexicon rules with negation and insured-deposit context). */
export const financeLanguageCheck: Check = {
  id: "domain.finance.language",
  version: "2",
  axis: "domain",
  domains: ["finance"],
  run(ctx) {
    const findings = runRules(FIN_RULES, ctx.text);
    return { score: findings.length === 0 ? 1 : 0, findings };
  },
};

export type RiskLabel = "low" | "medium" | "high";

/** The label the bands give a score: low < 0.35 <= medium <= 0.65 < high. */
export function riskBand(score: number): RiskLabel {
  if (score < THRESHOLDS.riskBands.lowBelow) return "low";
  if (score > THRESHOLDS.riskBands.highAbove) return "high";
  return "medium";
}

/** `risk_label` must be the band of `risk_score`. */
export const riskLabelCheck: Check = {
  id: "domain.finance.risk-label",
  version: "1",
  axis: "domain",
  domains: ["finance"],
  run(ctx) {
    const score = ctx.output.risk_score;
    const label = ctx.output.risk_label;
    if (typeof score !== "number" || !Number.isFinite(score) || typeof label !== "string")
      return { score: 1, findings: [] };
    const expected = riskBand(score);
    if (label.toLowerCase() === expected) return { score: 1, findings: [] };
    return {
      score: 0,
      findings: [
        finding(
          "finance_risk_inconsistent",
          "medium",
          `risk_label "${label}" contradicts risk_score ${score} (band: ${expected})`,
        ),
      ],
    };
  },
};

/**
 * A buy or sell recommendation should say what can go wrong. Missing disclosure lowers the domain
 * score within the passing band; it is not one of the labelled finding categories.
 */
export const disclosureCheck: Check = {
  id: "domain.finance.disclosure",
  version: "1",
  axis: "domain",
  domains: ["finance"],
  run(ctx) {
    const rec = ctx.output.recommendation;
    if (rec !== "buy" && rec !== "sell") return { score: 1, findings: [] };
    return { score: DISCLOSURE.test(ctx.text.lower) ? 1 : 0.5, findings: [] };
  },
};
