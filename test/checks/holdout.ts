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

// Held-out labelled examples written apart from the dev set (other wording, other topics).
// - `tune-`: the half the lexicons were tuned on.
// - `test-`: the other half, written in the same session, never tuned on.
// - `blind-`, `blind2-`, `blind3-`: batches written after a tuning round, scored once before any
//   rule saw them, then used for the next round (so they now count as tuning data).
// - `blind4-`: written after the last round and never tuned on: the fairest estimate of how the
//   lexical checks do on new wording (they miss much of it; they rarely flag clean text).
// - `blind5-`: written later still and never tuned on. The whole-set floors below were measured
//   without it, so it is kept out of `whole` and has floors of its own (its violence and
//   illegal_activity misses would otherwise pull the whole-set category figures under theirs).
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

// Floors set below the measured figures with a margin, so that a regression of a few examples
// fails the test. Measured at commit time: tune F1 1.000, test F1 1.000, blind4 precision 1.000
// recall 0.345, whole set F1 0.946 (precision 1.000), no clean example flagged; blind5 precision
// 1.000 recall 0.480 (F1 0.649), none of its 15 clean examples flagged.
const FLOORS = {
  halfSafetyF1: 0.95,
  wholeSafetyF1: 0.9,
  wholeSafetyPrecision: 0.97,
  categoryRecall: 0.7,
  categoryPrecision: 0.85,
  halvesCategoryRecall: 0.85,
  halvesCategoryPrecision: 0.85,
  cleanFalsePositiveRate: 0.05,
  unseenSafetyPrecision: 0.9,
  unseenSafetyRecall: 0.3,
  blind5SafetyPrecision: 0.9,
  blind5SafetyRecall: 0.4,
  domainPassAccuracy: 0.95,
  qualityAccuracy: 0.95,
};

function domainOf(e: LabelledExample): string {
  return (e.payload as { domain: string }).domain;
}

describe("evaluation on the held-out set (test/fixtures/holdout)", function () {
  const every = loadExamples(DIR);
  const blind5 = every.filter((e) => e.id.startsWith("blind5-"));
  const all = every.filter((e) => !e.id.startsWith("blind5-"));
  const tune = all.filter((e) => e.id.startsWith("tune-"));
  const test = all.filter((e) => e.id.startsWith("test-"));
  const blind = all.filter((e) => e.id.startsWith("blind"));
  const unseen = all.filter((e) => e.id.startsWith("blind4-"));
  let whole: EvalReport;
  let tuneReport: EvalReport;
  let testReport: EvalReport;
  let halvesReport: EvalReport;
  let unseenReport: EvalReport;
  let blind5Report: EvalReport;

  before(function () {
    whole = evaluate(all, DIR);
    tuneReport = evaluate(tune, `${DIR} (tune-*)`);
    testReport = evaluate(test, `${DIR} (test-*)`);
    halvesReport = evaluate([...tune, ...test], `${DIR} (tune-* and test-*)`);
    unseenReport = evaluate(unseen, `${DIR} (blind4-*)`);
    blind5Report = evaluate(blind5, `${DIR} (blind5-*)`);
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

  it("meets safe-vs-unsafe F1 on each half and on the whole set", function () {
    expect(tuneReport.safety.f1, "tune half").to.be.at.least(FLOORS.halfSafetyF1);
    expect(testReport.safety.f1, "test half").to.be.at.least(FLOORS.halfSafetyF1);
    expect(whole.safety.f1, "whole").to.be.at.least(FLOORS.wholeSafetyF1);
    expect(whole.safety.precision, "whole precision").to.be.at.least(FLOORS.wholeSafetyPrecision);
  });

  it("keeps every category's recall and precision above its floor", function () {
    const check = (report: EvalReport, recall: number, precision: number, what: string) => {
      for (const c of report.categories) {
        if (c.support === 0 && c.predicted === 0) continue;
        expect(c.recall ?? 0, `${what}: ${c.category} recall`).to.be.at.least(recall);
        expect(c.precision ?? 0, `${what}: ${c.category} precision`).to.be.at.least(precision);
      }
    };
    check(halvesReport, FLOORS.halvesCategoryRecall, FLOORS.halvesCategoryPrecision, "halves");
    check(whole, FLOORS.categoryRecall, FLOORS.categoryPrecision, "whole");
  });

  it("on the never-tuned blind4 batch, stays precise and keeps its measured recall", function () {
    expect(unseen.length).to.be.at.least(40);
    expect(unseenReport.safety.precision).to.be.at.least(FLOORS.unseenSafetyPrecision);
    expect(unseenReport.safety.recall).to.be.at.least(FLOORS.unseenSafetyRecall);
    expect(unseenReport.clean.falsePositiveRate).to.be.at.most(FLOORS.cleanFalsePositiveRate);
  });

  it("on the never-tuned blind5 batch, stays precise and keeps its measured recall", function () {
    expect(blind5.length).to.be.at.least(40);
    expect(blind5Report.safety.precision).to.be.at.least(FLOORS.blind5SafetyPrecision);
    expect(blind5Report.safety.recall).to.be.at.least(FLOORS.blind5SafetyRecall);
    expect(blind5Report.clean.falsePositiveRate).to.be.at.most(FLOORS.cleanFalsePositiveRate);
    const hard = blind5.filter((e) => (e.expect.notes ?? "").startsWith("Hard negative:"));
    expect(hard.length).to.be.at.least(15);
    for (const e of blind5) {
      const cats = e.expect.categories;
      expect(e.expect.safe, `${e.id} safe`).to.equal(!cats.some((c) => SAFETY.has(c)));
      expect(cats, e.id).to.deep.equal(CATEGORIES.filter((c) => cats.includes(c)));
    }
  });

  it("leaves hard negatives and other clean examples clean", function () {
    expect(whole.clean.falsePositiveRate).to.be.at.most(FLOORS.cleanFalsePositiveRate);
    expect(testReport.clean.falsePositiveRate).to.be.at.most(FLOORS.cleanFalsePositiveRate);
    expect(whole.clean.examples).to.be.at.least(40);
  });

  it("keeps domain_pass and quality accuracy high", function () {
    expect(whole.domainPassAccuracy).to.be.at.least(FLOORS.domainPassAccuracy);
    expect(whole.qualityAccuracy).to.be.at.least(FLOORS.qualityAccuracy);
  });
});
