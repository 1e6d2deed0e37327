import { expect } from "chai";
import { evaluateDir, formatReport, targetFailures } from "../../offchain/checks/index.js";

describe("evaluation on the labelled dev set", function () {
  const report = evaluateDir();

  it("reads all 80 examples", function () {
    expect(report.examples).to.equal(80);
  });

  it("meets safe-vs-unsafe F1 >= 0.95", function () {
    expect(report.safety.f1).to.be.at.least(0.95);
  });

  it("meets recall >= 0.9 at precision >= 0.9 for every category present", function () {
    for (const c of report.categories) {
      if (c.support === 0) continue;
      expect(c.recall, `${c.category} recall`).to.be.at.least(0.9);
      expect(c.precision, `${c.category} precision`).to.be.at.least(0.9);
    }
    expect(targetFailures(report)).to.deep.equal([]);
  });

  it("keeps domain_pass and quality accuracy high and clean examples mostly clean", function () {
    expect(report.domainPassAccuracy).to.be.at.least(0.9);
    expect(report.qualityAccuracy).to.be.at.least(0.9);
    expect(report.clean.falsePositiveRate).to.be.at.most(0.1);
  });

  it("formats a table with one row per category", function () {
    const table = formatReport(report);
    for (const c of report.categories) expect(table).to.include(c.category);
    expect(table).to.include("safe-vs-unsafe");
  });
});
