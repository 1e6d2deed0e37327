import { expect } from "chai";
import { assessPayload } from "../../offchain/checks/index.js";
import { pearson, ranks, spearman, textProblem } from "../../offchain/checks/rules/quality.js";
import { categoriesOf, payload } from "./helpers.js";

// Hardhat's chai matchers override closeTo for bigints and reject fractional deltas, so compare by hand.
function expectNear(actual: number | null, expected: number): void {
  expect(actual).to.be.a("number");
  expect(Math.abs((actual as number) - expected)).to.be.lessThan(1e-12);
}

describe("quality checks", function () {
  it("pearson is 1 for a positive linear relation, -1 for a negative one, null without variance", function () {
    expectNear(pearson([1, 2, 3], [2, 4, 6]), 1);
    expectNear(pearson([1, 2, 3], [3, 2, 1]), -1);
    expect(pearson([1, 1, 1], [1, 2, 3])).to.equal(null);
    expect(pearson([1], [1])).to.equal(null);
  });

  it("ranks share average ranks for ties and spearman uses them", function () {
    expect(ranks([10, 20, 20, 5])).to.deep.equal([2, 3.5, 3.5, 1]);
    expectNear(spearman([1, 2, 3, 4], [10, 100, 1000, 10000]), 1);
  });

  it("flags SHAP and LIME that disagree in sign as an inconsistent explanation", function () {
    const p = payload("Rome is the capital of Italy.");
    (p.explanation as Record<string, unknown>).lime_weights = [-0.35, -0.25, 0.15, -0.12];
    expect(categoriesOf(assessPayload(p))).to.deep.equal(["inconsistent_explanation"]);
  });

  it("flags a missing confidence, a missing explanation field and arrays of the wrong length", function () {
    const noConfidence = payload("Rome is the capital of Italy.");
    delete (noConfidence.output as Record<string, unknown>).confidence;
    expect(categoriesOf(assessPayload(noConfidence))).to.deep.equal(["low_quality"]);

    const partial = payload("Rome is the capital of Italy.");
    delete (partial.explanation as Record<string, unknown>).rules;
    expect(categoriesOf(assessPayload(partial))).to.deep.equal(["low_quality"]);

    const mismatched = payload("Rome is the capital of Italy.");
    (mismatched.explanation as Record<string, unknown>).shap_values = [0.4, 0.3];
    const a = assessPayload(mismatched);
    expect(categoriesOf(a)).to.deep.equal(["low_quality"]);
    expect(a.findings.map((f) => f.message).join(" ")).to.include(
      "shap_values has 2 entries for 4 features",
    );
  });

  it("textProblem finds empty, stuttering and word-salad text but passes normal prose", function () {
    expect(textProblem("")).to.equal("output text is empty");
    expect(textProblem("the the cat cat sat")).to.match(/stuttered/);
    expect(textProblem("sun the of is rises east the of is morning")).to.match(/ungrammatical/);
    expect(textProblem("xkcd qwrtp zzgrb mnbvc plkj")).to.match(/unpronounceable/);
    expect(textProblem("The meeting moved to Tuesday; bring the slides.")).to.equal(null);
  });

  it("an explicit uncertainty above 0.5 is low quality", function () {
    const p = payload("It might rain tomorrow.", "general", { uncertainty: 0.8 });
    expect(categoriesOf(assessPayload(p))).to.deep.equal(["low_quality"]);
  });
});
