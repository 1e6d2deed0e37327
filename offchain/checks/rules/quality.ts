import { THRESHOLDS } from "../thresholds.js";
import { finding, type Check, type CheckFinding } from "../types.js";

/** Pearson correlation; null when undefined (fewer than 2 points or zero variance). */
export function pearson(x: readonly number[], y: readonly number[]): number | null {
  const n = x.length;
  if (n < 2 || y.length !== n) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  const r = sxy / Math.sqrt(sxx * syy);
  return Number.isFinite(r) ? Math.max(-1, Math.min(1, r)) : null;
}

/** Average ranks (1-based, ties share the mean rank), in a stable order independent of locale. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k][1]] = rank;
    i = j + 1;
  }
  return out;
}

/** Spearman rank correlation = Pearson over average ranks. */
export function spearman(x: readonly number[], y: readonly number[]): number | null {
  if (x.length !== y.length) return null;
  return pearson(ranks(x), ranks(y));
}

const isFiniteNumberArray = (v: unknown): v is number[] =>
  Array.isArray(v) && v.every((n) => typeof n === "number" && Number.isFinite(n));
const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((s) => typeof s === "string");

function explanationOf(payload: Readonly<Record<string, unknown>>): Record<string, unknown> | null {
  const e = payload.explanation;
  return typeof e === "object" && e !== null && !Array.isArray(e)
    ? (e as Record<string, unknown>)
    : null;
}

/** Model confidence: missing or below 0.5 is low quality; the value feeds the quality score. */
export const confidenceCheck: Check = {
  id: "quality.confidence",
  version: "1",
  axis: "quality",
  domains: "all",
  run(ctx) {
    const c = ctx.output.confidence;
    if (typeof c !== "number" || !Number.isFinite(c) || c < 0 || c > 1) {
      return {
        score: 0,
        findings: [finding("low_quality", "medium", "output has no valid confidence in [0, 1]")],
      };
    }
    if (c < THRESHOLDS.minConfidence) {
      return {
        score: c,
        findings: [
          finding("low_quality", "medium", `confidence ${c} is below ${THRESHOLDS.minConfidence}`),
        ],
      };
    }
    return { score: c, findings: [] };
  },
};

/** Completeness: all four explanation fields, both number arrays as long as `features`. */
export const completenessCheck: Check = {
  id: "quality.completeness",
  version: "1",
  axis: "quality",
  domains: "all",
  run(ctx) {
    const e = explanationOf(ctx.payload);
    if (e === null)
      return { score: 0, findings: [finding("low_quality", "medium", "explanation is missing")] };
    const problems: string[] = [];
    if (!isStringArray(e.features) || e.features.length === 0)
      problems.push("features missing or empty");
    if (!isFiniteNumberArray(e.shap_values))
      problems.push("shap_values missing or not finite numbers");
    if (!isFiniteNumberArray(e.lime_weights))
      problems.push("lime_weights missing or not finite numbers");
    if (!isStringArray(e.rules)) problems.push("rules missing");
    const n = Array.isArray(e.features) ? e.features.length : -1;
    if (Array.isArray(e.shap_values) && e.shap_values.length !== n)
      problems.push(`shap_values has ${e.shap_values.length} entries for ${n} features`);
    if (Array.isArray(e.lime_weights) && e.lime_weights.length !== n)
      problems.push(`lime_weights has ${e.lime_weights.length} entries for ${n} features`);
    if (problems.length === 0) return { score: 1, findings: [] };
    return {
      score: 0,
      findings: [finding("low_quality", "medium", `partial explanation: ${problems.join("; ")}`)],
    };
  },
};

/** Explanation coherence: SHAP and LIME must not disagree (negative Pearson correlation). */
export const coherenceCheck: Check = {
  id: "quality.coherence",
  version: "1",
  axis: "quality",
  domains: "all",
  run(ctx) {
    const e = explanationOf(ctx.payload);
    if (e === null || !isFiniteNumberArray(e.shap_values) || !isFiniteNumberArray(e.lime_weights))
      return { score: 0, findings: [] };
    if (e.shap_values.length !== e.lime_weights.length) return { score: 0, findings: [] };
    const r = pearson(e.shap_values, e.lime_weights);
    const rho = spearman(e.shap_values, e.lime_weights);
    if (r === null) return { score: 0.5, findings: [] };
    const score = Math.max(0, (r + (rho ?? r)) / 2);
    if (r < THRESHOLDS.minExplanationPearson) {
      const rhoText = rho === null ? "n/a" : rho.toFixed(3);
      return {
        score: 0,
        findings: [
          finding(
            "inconsistent_explanation",
            "medium",
            `SHAP vs LIME Pearson ${r.toFixed(3)} (Spearman ${rhoText}) is negative`,
          ),
        ],
      };
    }
    return { score, findings: [] };
  },
};

/** Rule consistency: rules read "condition -> consequence" and mention known features or outputs. */
export const ruleConsistencyCheck: Check = {
  id: "quality.rules",
  version: "1",
  axis: "quality",
  domains: "all",
  run(ctx) {
    const e = explanationOf(ctx.payload);
    if (e === null || !isStringArray(e.rules) || e.rules.length === 0)
      return { score: 0.5, findings: [] };
    const wellFormed = e.rules.filter((r) => /\S\s*->\s*\S/.test(r)).length;
    return { score: wellFormed / e.rules.length, findings: [] };
  },
};

const WORD = /[\p{L}\p{N}']+/gu;
const BAD_BIGRAMS = new Set([
  "the of",
  "of is",
  "is of",
  "a of",
  "the is",
  "the a",
  "a the",
  "an the",
  "the an",
  "of of",
  "to of",
  "the and",
  "and and",
  "is is",
  "a a",
  "the the",
  "in of",
  "of in",
  "is are",
  "are is",
]);
const FUNCTION_WORDS = new Set(["the", "of", "is", "a", "an", "to", "and", "in", "are"]);
// a e i o u y, as a table indexed by char code: this runs for every letter of every output.
const IS_VOWEL = new Uint8Array(123);
for (const c of "aeiouy") IS_VOWEL[c.charCodeAt(0)] = 1;

/** Lower-case ASCII word of 4+ letters with no vowel (a sign of keyboard mashing). */
function unpronounceable(word: string): boolean | null {
  if (word.length < 4) return null;
  let vowel = false;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 97 || c > 122) return null;
    if (IS_VOWEL[c] === 1) vowel = true;
  }
  return !vowel;
}

/** Output validity: empty, too short or garbled (word salad, stutters, no letters) text. */
export function textProblem(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed.length === 0) return "output text is empty";
  const words = trimmed.toLowerCase().match(WORD) ?? [];
  if (words.length === 0) return "output text has no words";
  let repeats = 0;
  let bad = 0;
  let alpha = 0;
  let noVowel = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const mashed = unpronounceable(w);
    if (mashed !== null) {
      alpha++;
      if (mashed) noVowel++;
    }
    if (i === 0) continue;
    const prev = words[i - 1];
    if (w === prev && !/^\d+$/.test(w)) repeats++;
    if (FUNCTION_WORDS.has(prev) && BAD_BIGRAMS.has(`${prev} ${w}`)) bad++;
  }
  if (repeats >= THRESHOLDS.garbledMinRepeatedWords)
    return `garbled text: ${repeats} stuttered word(s)`;
  if (bad >= THRESHOLDS.garbledMinBadBigrams)
    return `garbled text: ${bad} ungrammatical word pair(s)`;
  if (
    words.length >= 12 &&
    new Set(words).size / words.length < THRESHOLDS.garbledMinDistinctRatio
  ) {
    return "garbled text: the same words repeat over and over";
  }
  const wordChars = trimmed.length - trimmed.replace(/[\p{L}\p{N}]+/gu, "").length;
  if (trimmed.length >= 20 && wordChars / trimmed.length < 0.4)
    return "garbled text: mostly symbols";
  if (alpha >= 4 && noVowel / alpha > 0.4) return "garbled text: unpronounceable words";
  return null;
}

export const textValidityCheck: Check = {
  id: "quality.text",
  version: "1",
  axis: "quality",
  domains: "all",
  run(ctx) {
    const text = typeof ctx.output.text === "string" ? ctx.output.text : "";
    const problem = textProblem(ctx.text.analysis.slice(0, ctx.text.mainLength) || text);
    if (problem === null) return { score: 1, findings: [] };
    return { score: 0, findings: [finding("low_quality", "medium", problem)] };
  },
};

/**
 * Uncertainty: an explicit `uncertainty` in [0, 1] above 0.5 is low quality; otherwise the
 * score is how far confidence is from a coin flip (feeds the quality score only).
 */
export const uncertaintyCheck: Check = {
  id: "quality.uncertainty",
  version: "1",
  axis: "quality",
  domains: "all",
  run(ctx) {
    const u = ctx.output.uncertainty;
    if (typeof u === "number" && Number.isFinite(u) && u >= 0 && u <= 1) {
      if (u > 0.5)
        return {
          score: 1 - u,
          findings: [finding("low_quality", "medium", `stated uncertainty ${u} is above 0.5`)],
        };
      return { score: 1 - u, findings: [] };
    }
    const c = ctx.output.confidence;
    if (typeof c !== "number" || !Number.isFinite(c)) return { score: 0, findings: [] };
    return { score: Math.min(1, Math.abs(2 * c - 1)), findings: [] };
  },
};

export type { CheckFinding };
