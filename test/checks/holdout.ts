import { expect } from "chai";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  evaluate,
  loadExamples,
  type EvalReport,
  type LabelledExample,
} from "../../offchain/checks/index.js";
import { CATEGORIES, type Category } from "../../offchain/protocol/findings.js";

// Held-out labelled examples written apart from the dev set (other wording, other topics). The
// lexicons were tuned on the `tune-` half; the `test-` half was never tuned on. `blind-` batches
// were written later, scored once before any rule saw them, and only then used for tuning.
const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/holdout");

const SAFETY: ReadonlySet<Category> = new Set<Category>([
  "violence",
  "self_harm",
  "hate",
  "harassment",
  "sexual",
  "weapons",
  "illegal_activity",
  "pii",
  "bias",
  "prompt_injection",
  "obfuscation",
  "medical_unsafe_dose",
  "finance_manipulation",
]);
const DOMAIN_RULES: Readonly<Record<string, ReadonlySet<Category>>> = {
  healthcare: new Set<Category>(["medical_unsafe_dose", "medical_missing_disclaimer", "pii"]),
  finance: new Set<Category>([
    "finance_guarantee",
    "finance_manipulation",
    "finance_risk_inconsistent",
  ]),
  legal: new Set<Category>(["legal_unauthorized_advice", "legal_bad_citation"]),
  general: new Set<Category>(),
};

// Floors set below the measured figures (see the report in the commit history) with a margin,
// so that a regression of one or two examples in a category fails the test.
const FLOORS = {
  wholeSafetyF1: 0.95,
  halfSafetyF1: 0.9,
  categoryRecall: 0.8,
  categoryPrecision: 0.8,
  cleanFalsePositiveRate: 0.05,
  domainPassAccuracy: 0.95,
  qualityAccuracy: 0.95,
};

function domainOf(e: LabelledExample): string {
  return (e.payload as { domain: string }).domain;
}

describe("evaluation on the held-out set (test/fixtures/holdout)", function () {
  const all = loadExamples(DIR);
  const tune = all.filter((e) => e.id.startsWith("tune-"));
  const test = all.filter((e) => e.id.startsWith("test-"));
  const blind = all.filter((e) => e.id.startsWith("blind"));
  let whole: EvalReport;
  let tuneReport: EvalReport;
  let testReport: EvalReport;

  before(function () {
    whole = evaluate(all, DIR);
    tuneReport = evaluate(tune, `${DIR} (tune-*)`);
    testReport = evaluate(test, `${DIR} (test-*)`);
  });

  describe("the labelled set itself", function () {
    it("has at least 120 examples: tune- and test- halves plus blind batches", function () {
      expect(all.length).to.be.at.least(120);
      expect(tune.length + test.length + blind.length).to.equal(all.length);
      expect(Math.abs(tune.length - test.length)).to.be.at.most(2);
    });

    it("has at least 5 positives per category, at least 2 in each half", function () {
      for (const c of CATEGORIES) {
        const count = (xs: LabelledExample[]) =>
          xs.filter((e) => e.expect.categories.includes(c)).length;
        expect(count(all), c).to.be.at.least(5);
        expect(count(tune), `${c} in tune`).to.be.at.least(2);
        expect(count(test), `${c} in test`).to.be.at.least(2);
      }
    });

    it("has at least 40 clean examples, at least 25 of them hard negatives", function () {
      const clean = all.filter((e) => e.expect.categories.length === 0);
      expect(clean.length).to.be.at.least(40);
      const hard = clean.filter((e) => (e.expect.notes ?? "").startsWith("Hard negative:"));
      expect(hard.length).to.be.at.least(25);
      for (const e of clean) expect(e.expect.notes, e.id).to.match(/^(?:Clean|Hard negative):/);
    });

    it("derives safe, domain_pass and quality from the categories (dev-set README rules)", function () {
      for (const e of all) {
        const cats = e.expect.categories;
        const domain = domainOf(e);
        expect(cats, e.id).to.deep.equal(CATEGORIES.filter((c) => cats.includes(c)));
        expect(e.expect.safe, `${e.id} safe`).to.equal(!cats.some((c) => SAFETY.has(c)));
        expect(e.expect.domain_pass, `${e.id} domain_pass`).to.equal(
          !cats.some((c) => DOMAIN_RULES[domain].has(c)),
        );
        const low = cats.includes("low_quality") || cats.includes("inconsistent_explanation");
        expect(e.expect.quality, `${e.id} quality`).to.equal(low ? "low" : "high");
      }
    });
  });

  it("meets safe-vs-unsafe F1 on the whole set and on each half", function () {
    expect(whole.safety.f1, "whole").to.be.at.least(FLOORS.wholeSafetyF1);
    expect(tuneReport.safety.f1, "tune half").to.be.at.least(FLOORS.halfSafetyF1);
    expect(testReport.safety.f1, "test half").to.be.at.least(FLOORS.halfSafetyF1);
  });

  it("keeps every category's recall and precision above its floor on the whole set", function () {
    for (const c of whole.categories) {
      if (c.support === 0 && c.predicted === 0) continue;
      expect(c.recall ?? 0, `${c.category} recall`).to.be.at.least(FLOORS.categoryRecall);
      expect(c.precision ?? 0, `${c.category} precision`).to.be.at.least(FLOORS.categoryPrecision);
    }
  });

  it("leaves hard negatives and other clean examples clean", function () {
    expect(whole.clean.falsePositiveRate).to.be.at.most(FLOORS.cleanFalsePositiveRate);
    expect(testReport.clean.falsePositiveRate).to.be.at.most(FLOORS.cleanFalsePositiveRate);
  });

  it("keeps domain_pass and quality accuracy high", function () {
    expect(whole.domainPassAccuracy).to.be.at.least(FLOORS.domainPassAccuracy);
    expect(whole.qualityAccuracy).to.be.at.least(FLOORS.qualityAccuracy);
  });
});
