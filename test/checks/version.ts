import { expect } from "chai";
import { CHECKER_VERSION, CHECKS, THRESHOLDS } from "../../offchain/checks/index.js";
import { lexiconsCanonical } from "../../offchain/checks/lexicon.js";
import { computeCheckerVersion } from "../../offchain/checks/version.js";

describe("checkerVersion", function () {
  const lexicons = JSON.parse(lexiconsCanonical()) as Record<
    string,
    { macros?: Record<string, string> }
  >;
  const material = { checks: CHECKS, lexicons, thresholds: THRESHOLDS };

  it("is the content hash of the current checks, lexicons and thresholds", function () {
    expect(computeCheckerVersion(material)).to.equal(CHECKER_VERSION);
  });

  it("changes when a check version, a lexicon entry or a threshold changes", function () {
    const bumped = CHECKS.map((c, i) => (i === 0 ? { ...c, version: `${c.version}.1` } : c));
    expect(computeCheckerVersion({ ...material, checks: bumped })).to.not.equal(CHECKER_VERSION);
    const edited = structuredClone(lexicons);
    (edited.harm.macros as Record<string, string>).dehuman += "|goblins";
    expect(computeCheckerVersion({ ...material, lexicons: edited })).to.not.equal(CHECKER_VERSION);
    expect(
      computeCheckerVersion({ ...material, thresholds: { ...THRESHOLDS, minConfidence: 0.55 } }),
    ).to.not.equal(CHECKER_VERSION);
  });
});
